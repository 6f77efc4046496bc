using Jamforelse.Benchmarking;
using Jamforelse.Benchmarking.Sources;
using Jamforelse.GoalCatalog;
using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GraphQL;
using Jamforelse.IndicatorData;
using Jamforelse.Pages;
using Jamforelse.Protection;
using Jamforelse.Standalone;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tenants;
using Jamforelse.Tenants.Authentication;
using System.Security.Cryptography;

var builder = WebApplication.CreateBuilder(args);
// Signed identities never leave this process, so without a configured key one made up at start will do.
builder.Configuration[IdentityOptions.Section + ":SigningKey"] ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
builder.AddServiceDefaults("jamforelse-standalone");
// The gateway's door in process: API keys in, a signed identity per service out, checked by each service.
builder.AddTenants(acceptSignedIdentity: true);
// The gateway's protection in process too: rate limits (generous here, see appsettings.json), body limits, CORS, headers.
builder.AddEdgeProtection();
builder.AddIndicatorData();
builder.AddGoalCatalog();
builder.Services.AddSingleton<IIndicatorDirectory, InProcessIndicatorDirectory>();
builder.Services.AddSingleton<Jamforelse.IndicatorData.Kolada.IPlanNeeds, InProcessPlanNeeds>();
builder.AddBenchmarking();
builder.Services.AddSingleton<IIndicatorSource, InProcessIndicatorSource>();
builder.Services.AddSingleton<IPlanSource, InProcessPlanSource>();
builder.AddGraphQLLayer();
builder.AddMessaging();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseEdgeProtection();
app.UseWebSockets();
app.UseGatewayAuthentication();
app.UseRateLimits();
app.UseSignedIdentity();
app.MapTenantsApi();
app.MapIndicatorDataApi();
app.MapGoalCatalogApi();
app.MapBenchmarkingApi();
app.MapGraphQLLayer();
app.MapPlatformPages();
app.MapGet("/", () => Results.Redirect("/graphiql")).ExcludeFromDescription();

app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"Jämförelse (embedded) is listening on {string.Join(", ", app.Urls)}; data folder: {Path.GetFullPath(app.Configuration["Storage:DataFolder"] ?? "data", app.Environment.ContentRootPath)}. Källa: Kolada."));
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
