using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tests;
using Jamforelse.GoalCatalog.Storage;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.GoalCatalog.Tests.Api;

/// <summary>
/// The embedded platform as a newcomer starts it (Kolada reference data, the demo tenants' own key
/// figures, the sample values and the five shipped catalogs), in its own LiteDB folder, with MassTransit's
/// test harness as the bus so that published events can be counted.
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
        // Benchmarking is not under test here; its recompute after start kept a stopping host waiting at test exit (see the issue note).
        builder.UseSetting("Benchmarking:RecomputeOnStart", "false");
        builder.ConfigureServices(services => services.AddMassTransitTestHarness());
    }

    public GoalCatalogStore Store => Services.GetRequiredService<GoalCatalogStore>();

    public HttpClient CreateEditor(string user = "test-redaktör")
    {
        // A key of the platform administrator's tenant with the member's name, which changes record as "who".
        var client = CreateClient();
        TestKeys.Use(client, TestKeys.Issue(Services, "platform", Role.Admin, user));
        return client;
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
