using Jamforelse.Tests;
using Jamforelse.IndicatorData.Storage;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.IndicatorData.Tests.Api;

/// <summary>
/// The embedded host with its own LiteDB folder, no sample data (each test imports what it needs) and
/// MassTransit's test harness as the bus, so that published events can be inspected.
/// </summary>
public sealed class IndicatorDataFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder;
    private readonly bool _ownsFolder;

    public IndicatorDataFactory()
        : this(Directory.CreateTempSubdirectory("jamforelse-test-").FullName, ownsFolder: true)
    {
    }

    private IndicatorDataFactory(string dataFolder, bool ownsFolder)
    {
        _dataFolder = dataFolder;
        _ownsFolder = ownsFolder;
    }

    /// <summary>The service on an existing data folder, as after a restart; the caller deletes the folder.</summary>
    public static IndicatorDataFactory OnFolder(string dataFolder) => new(dataFolder, ownsFolder: false);

    public string DataFolder => _dataFolder;

    public Uri? KoladaApiBaseUrl { get; init; }

    /// <summary>More settings for a test (the Kolada sync's, say).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataFolder", _dataFolder);
        foreach (var (key, value) in TestKeys.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("IndicatorData:ImportSampleDataOnFirstStart", "false");
        builder.UseSetting("GoalCatalog:LoadDemoCatalogs", "false");
        if (KoladaApiBaseUrl is not null)
        {
            builder.UseSetting("IndicatorData:KoladaApiBaseUrl", KoladaApiBaseUrl.ToString());
            // Retries quickly: the local Kolada of the tests throttles and fails on purpose.
            builder.UseSetting("IndicatorData:KoladaFirstRetryDelay", "00:00:00.050");
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddMassTransitTestHarness());
    }

    public IndicatorDataStore Store => Services.GetRequiredService<IndicatorDataStore>();

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
        if (!_ownsFolder)
        {
            return;
        }
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
