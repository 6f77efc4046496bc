using Jamforelse.GraphQL;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Messaging;

// The GraphQL layer as its own process, behind the gateway; each of its instances has a subscription queue of its own.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("jamforelse-graphql");
builder.AddGraphQLLayer();
builder.AddMessaging();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseWebSockets();
app.UseSignedIdentity();
app.MapGraphQLLayer();
app.Run();
