using Jamforelse.IndicatorData;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Messaging;

// The indicator-data service as its own process: the same module the embedded host runs, behind the gateway.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("jamforelse-indicator-data");
builder.AddIndicatorData();
builder.AddMessaging();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseSignedIdentity();
app.MapIndicatorDataApi();
app.Run();
