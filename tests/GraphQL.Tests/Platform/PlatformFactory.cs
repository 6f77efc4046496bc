using Jamforelse.Tests;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Jamforelse.GraphQL.Clients;
using Jamforelse.GraphQL.Execution;
using Jamforelse.ServiceDefaults.Identity;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.GraphQL.Tests.Platform;

/// <summary>
/// The embedded platform with its sample data; the GraphQL layer calls the services' HTTP APIs through
/// the test server, as it calls them over the network elsewhere.
/// </summary>
public sealed class PlatformFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("jamforelse-test-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataFolder", _dataFolder);
        foreach (var (key, value) in TestKeys.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("IndicatorData:ImportSampleDataOnFirstStart", "true");
        builder.UseSetting("IndicatorData:ImportNationalDataOnFirstStart", "false");
        // The Kolada sync would reach for api.kolada.se at start (the adopted plans' key figures): not in these tests.
        builder.UseSetting("IndicatorData:KoladaSync:Enabled", "false");
        builder.UseSetting("GoalCatalog:LoadDemoCatalogs", "true");
        builder.UseSetting("GraphQL:ServicesBaseUrl", "http://localhost/");
        // No Kolada here: a fetch meets a closed port at once and gives up quickly.
        builder.UseSetting("IndicatorData:KoladaApiBaseUrl", "http://127.0.0.1:9/v3/");
        builder.UseSetting("IndicatorData:KoladaFirstRetryDelay", "00:00:00.010");
        builder.ConfigureServices(services =>
        {
            services.AddMassTransitTestHarness();
            services.AddHttpClient(ServiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        });
    }

    /// <summary>Runs a GraphQL request as the transports do, in a scope of its own; answers the result and the service calls it made.</summary>
    public async Task<(JsonElement Result, int ServiceCalls)> ExecuteAsync(string query, Dictionary<string, object?>? variables = null, CallerIdentity? caller = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<GraphQLCaller>().Identity = caller ?? PlatformAdmin;
        var executor = scope.ServiceProvider.GetRequiredService<IRequestExecutor>();
        var result = await executor.ExecuteAsync(new GraphQLRequest { Query = query, Variables = variables is null ? null : new Inputs(variables) }, scope.ServiceProvider, CancellationToken.None);
        var json = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>().Serialize(result);
        return (JsonDocument.Parse(json).RootElement.Clone(), scope.ServiceProvider.GetRequiredService<ServiceClient>().Calls);
    }

    public static readonly CallerIdentity PlatformAdmin = new(CallerIdentity.PlatformTenant, Role.Admin, "test-key", "Testadministratör");

    private static readonly string[] Stores = ["indicator-data", "goal-catalog", "benchmarking"];

    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        for (var i = 0; i < 300 && !(await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode; i++)
        {
            await Task.Delay(100);
        }
        // Ready, and quiet: the start-up imports' events have all been published (every outbox empty twice,
        // 300 ms apart), so that a test's subscription or cache sees its own changes, not a late start-up one.
        var outboxes = Stores.Select(store => Services.GetRequiredKeyedService<Jamforelse.ServiceDefaults.Messaging.Outbox>(store)).ToList();
        for (var (quiet, waited) = (0, 0); quiet < 2 && waited < 30_000; waited += 300)
        {
            var pending = 0L;
            foreach (var outbox in outboxes)
            {
                pending += await outbox.Messages.CountAsync();
            }
            quiet = pending == 0 ? quiet + 1 : 0;
            await Task.Delay(300);
        }
    }

    /// <summary>Clients act as the platform administrator unless a test sets another key (<see cref="TestKeys"/>).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        TestKeys.Use(client, TestKeys.PlatformAdmin);
    }

    protected override IHost CreateHost(IHostBuilder builder) => OutsideTestContext.Run(() => base.CreateHost(builder));

    protected override void Dispose(bool disposing)
    {
        OutsideTestContext.Run(() => base.Dispose(disposing));
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file on a slow shutdown; the temp folder is cleaned by the OS.
        }
    }
}
