using Jamforelse.Gateway.Proxy;
using Jamforelse.Pages;
using Jamforelse.Protection;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Tenants;
using Jamforelse.Tenants.Authentication;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("jamforelse-gateway");
var proxy = builder.Configuration.GetSection(GatewayRoutes.Section);
// The door signs for the service each route leads to, read from the same routes YARP forwards by.
builder.AddTenants(acceptSignedIdentity: false, GatewayRoutes.AudiencesOf(proxy));
builder.AddEdgeProtection();
builder.AddMessaging();
builder.Services.AddReverseProxy().LoadFromConfig(proxy).AddGatewayTransforms();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseEdgeProtection();
app.UseWebSockets();
app.UseGatewayAuthentication();
app.UseRateLimits();
app.MapTenantsApi();
app.MapPlatformPages();
app.MapGet("/", () => Results.Redirect("/graphiql")).ExcludeFromDescription();
app.MapReverseProxy(pipeline =>
{
    pipeline.UseProxyErrors();
    pipeline.UseSessionAffinity();
    pipeline.UseLoadBalancing();
    pipeline.UsePassiveHealthChecks();
});

app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"Jämförelse gateway is listening on {string.Join(", ", app.Urls)}."));
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
