using System.Net;
using Jamforelse.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.Pages.Tests;

/// <summary>The embedded platform on a real loopback port (a browser must reach it), in its own data folder.</summary>
public sealed class PagesFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("jamforelse-pages-").FullName;

    public PagesFactory() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Also import the shipped national Kolada data on first start, as the standalone host does.</summary>
    public bool ImportNationalData { get; init; }

    /// <summary>Starts the server and waits until /health/ready says the platform is ready.</summary>
    public async Task<Uri> StartAsync()
    {
        OutsideTestContext.Run(StartServer);
        using var client = new HttpClient { BaseAddress = Address };
        for (var attempt = 0; attempt < 600 && !(await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode; attempt++)
        {
            await Task.Delay(100);
        }
        return Address;
    }

    /// <summary>A client of the running server acting as the platform administrator.</summary>
    public HttpClient AdminClient()
    {
        var client = new HttpClient { BaseAddress = Address };
        TestKeys.Use(client, TestKeys.PlatformAdmin);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataFolder", _dataFolder);
        foreach (var (key, value) in TestKeys.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("GoalCatalog:LoadDemoCatalogs", "false");
        // No Kolada here: a fetch meets a closed port at once and gives up quickly.
        builder.UseSetting("IndicatorData:KoladaApiBaseUrl", "http://127.0.0.1:9/v3/");
        builder.UseSetting("IndicatorData:KoladaFirstRetryDelay", "00:00:00.010");
        // The national data (all 290 municipalities) only where a test asks for it: it adds seconds to every start.
        builder.UseSetting("IndicatorData:ImportNationalDataOnFirstStart", ImportNationalData ? "true" : "false");
        // The Kolada sync would reach for api.kolada.se at start (the adopted plans' key figures): not in these tests.
        builder.UseSetting("IndicatorData:KoladaSync:Enabled", "false");
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
            // a file still held on a slow shutdown; the temp folder is cleaned by the OS
        }
    }
}
