extern alias standalone;

using System.Net;
using Jamforelse.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.Gateway.Tests.Hosts;

/// <summary>
/// The embedded platform (deploy/Standalone) as the gateway's backend: every service and /graphql on one real
/// loopback port, in its own data folder, with the signing key the gateway signs with.
/// </summary>
public sealed class BackendFactory : WebApplicationFactory<standalone::Program>
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("jamforelse-gw-backend-").FullName;
    private readonly string _signingKey;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public BackendFactory(string signingKey, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _signingKey = signingKey;
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where it listens (after <see cref="Start"/>).</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public Uri Start()
    {
        OutsideTestContext.Run(StartServer);
        return Address;
    }

    /// <summary>Waits until /health/ready answers 200 (the first recompute after start is done).</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The embedded platform did not become ready in 60 s.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataFolder", _dataFolder);
        builder.UseSetting("Jamforelse:Identity:SigningKey", _signingKey);
        builder.UseSetting("IndicatorData:ImportNationalDataOnFirstStart", "false");
        // The Kolada sync would reach for api.kolada.se at start (the adopted plans' key figures): not in these tests.
        builder.UseSetting("IndicatorData:KoladaSync:Enabled", "false");
        foreach (var (key, value) in TestKeys.Settings)
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override IHost CreateHost(IHostBuilder builder) => OutsideTestContext.Run(() => base.CreateHost(builder));

    protected override void Dispose(bool disposing)
    {
        OutsideTestContext.Run(() => base.Dispose(disposing));
        HostFolders.Delete(_dataFolder);
    }
}
