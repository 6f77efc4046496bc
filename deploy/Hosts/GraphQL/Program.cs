using Jamforelse.GraphQL;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Http;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Messaging;

// The GraphQL layer as its own process, behind the gateway; each of its instances has a subscription queue of its own.
var builder = WebApplication.CreateBuilder(args);
// On its own the layer cannot call itself for the services' APIs: each service's address is required.
foreach (var setting in ServiceAddresses.Services.Select(ServiceAddresses.SettingOf))
{
    if (string.IsNullOrWhiteSpace(builder.Configuration[setting]) && string.IsNullOrWhiteSpace(builder.Configuration["GraphQL:ServicesBaseUrl"]))
    {
        throw new InvalidOperationException($"{setting} must give that service's address (e.g. http://indicator-data:8080) when the GraphQL layer runs on its own.");
    }
}
builder.AddServiceDefaults("jamforelse-graphql");
builder.AddGraphQLLayer();
builder.AddMessaging();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseWebSockets();
app.UseSignedIdentity();
app.MapGraphQLLayer();
app.Run();
