using Jamforelse.Tests;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.Benchmarking.Tests.Api;

/// <summary>
/// The embedded platform as a newcomer starts it (reference data, samples, the five catalogs) in its own
/// LiteDB folder, with MassTransit's test harness as the bus: the services' consumers run on it and its
/// published messages can be inspected.
/// </summary>
public sealed class PlatformFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder;
    private readonly bool _ownsFolder;

    public PlatformFactory()
        : this(Directory.CreateTempSubdirectory("jamforelse-test-").FullName, ownsFolder: true)
    {
    }

    /// <summary>A platform on an existing data folder, as after a restart; the caller deletes the folder.</summary>
    public static PlatformFactory OnFolder(string dataFolder) => new(dataFolder, ownsFolder: false);

    private PlatformFactory(string dataFolder, bool ownsFolder)
    {
        _dataFolder = dataFolder;
        _ownsFolder = ownsFolder;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataFolder", _dataFolder);
        foreach (var (key, value) in TestKeys.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("IndicatorData:ImportSampleDataOnFirstStart", "true");
        // The national data (162,817 real values) only where a test asks for it: it adds seconds to every start.
        builder.UseSetting("IndicatorData:ImportNationalDataOnFirstStart", ImportNationalData ? "true" : "false");
        // The Kolada sync would reach for api.kolada.se at start (the adopted plans' key figures): not in these tests.
        builder.UseSetting("IndicatorData:KoladaSync:Enabled", "false");
        builder.UseSetting("GoalCatalog:LoadDemoCatalogs", "true");
        builder.ConfigureServices(services => services.AddMassTransitTestHarness());
    }

    /// <summary>Also import the shipped national Kolada data on first start, as the standalone host does.</summary>
    public bool ImportNationalData { get; init; }

    /// <summary>Waits until /health/ready says the first recompute after start is done.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        for (var attempt = 0; attempt < (ImportNationalData ? 1200 : 300); attempt++)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return client;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The platform did not become ready in {(ImportNationalData ? 120 : 30)} s: " + await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
    }

    /// <summary>Polls a GET until the answer satisfies <paramref name="condition"/> (the work happens on the bus).</summary>
    public static async Task<JsonNode> EventuallyAsync(HttpClient client, string url, Func<JsonNode, bool> condition, int seconds = 20)
    {
        JsonNode? last = null;
        for (var started = DateTime.UtcNow; DateTime.UtcNow - started < TimeSpan.FromSeconds(seconds); await Task.Delay(100))
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadFromJsonAsync<JsonNode>();
                if (last is not null && condition(last))
                {
                    return last;
                }
            }
        }
        throw new TimeoutException($"GET {url} did not reach the expected state in {seconds} s; last answer: {last?.ToJsonString()}");
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
