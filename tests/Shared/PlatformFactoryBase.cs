using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.Tests.Support;

/// <summary>
/// The embedded platform as a newcomer starts it (Kolada reference data, the demo tenants' own key figures,
/// the samples, the five catalogs) in a LiteDB folder of its own, with MassTransit's test harness as the
/// bus. Linked into the test projects that host the whole platform; each adds what its tests need.
/// </summary>
public abstract class PlatformFactoryBase : WebApplicationFactory<Program>
{
    private readonly bool _ownsFolder;

    protected PlatformFactoryBase()
        : this(Directory.CreateTempSubdirectory("jamforelse-test-").FullName, ownsFolder: true)
    {
    }

    /// <summary>On an existing folder (as after a restart): the caller deletes it.</summary>
    protected PlatformFactoryBase(string dataFolder, bool ownsFolder)
    {
        DataFolder = dataFolder;
        _ownsFolder = ownsFolder;
    }

    public string DataFolder { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Storage:DataFolder", DataFolder);
        builder.UseSetting("IndicatorData:ImportSampleDataOnFirstStart", "true");
        builder.UseSetting("GoalCatalog:LoadDemoCatalogs", "true");
        builder.ConfigureServices(services => services.AddMassTransitTestHarness());
    }

    /// <summary>A client once /health/ready says yes (benchmarking's recompute after start is done).</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return client;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The platform did not become ready in 30 s: " + await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!_ownsFolder)
        {
            return;
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file on a slow shutdown; the temp folder is cleaned by the OS.
        }
    }
}
