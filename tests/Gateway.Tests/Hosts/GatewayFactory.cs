extern alias gateway;

using System.Net;
using Jamforelse.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Jamforelse.Gateway.Tests.Hosts;

/// <summary>
/// The gateway host (gateway/Gateway) on a real loopback port, in Production (as it runs for real), in its own
/// data folder, with every service cluster pointed at <paramref name="backend"/>.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<gateway::Program>
{
    public static readonly string[] ServiceClusters = ["graphql", "indicatorData", "goalCatalog", "benchmarking"];

    private readonly string _dataFolder = Directory.CreateTempSubdirectory("jamforelse-gw-gateway-").FullName;
    private readonly string _signingKey;
    private readonly Uri _backend;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public GatewayFactory(string signingKey, Uri backend, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _signingKey = signingKey;
        _backend = backend;
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public Uri Start()
    {
        OutsideTestContext.Run(StartServer);
        return Address;
    }

    /// <summary>The health the gateway's active checks found for a cluster's destination.</summary>
    public DestinationHealth Health(string cluster, string destination = "d1") =>
        Services.GetRequiredService<IProxyStateLookup>().TryGetCluster(cluster, out var state)
            && state.Destinations.TryGetValue(destination, out var d) ? d.Health.Active : DestinationHealth.Unknown;

    /// <summary>Waits until the active health checks found every service cluster healthy.</summary>
    public async Task WaitUntilServicesHealthyAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!ServiceClusters.All(c => Health(c) == DestinationHealth.Healthy))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("The gateway's health checks did not find the services healthy: " + string.Join(", ", ServiceClusters.Select(c => $"{c} {Health(c)}")));
            }
            await Task.Delay(100);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataFolder", _dataFolder);
        builder.UseSetting("Jamforelse:Identity:SigningKey", _signingKey);
        foreach (var (key, value) in TestKeys.Settings)
        {
            builder.UseSetting(key, value);
        }
        foreach (var cluster in ServiceClusters)
        {
            builder.UseSetting($"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address", _backend.ToString());
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

internal static class HostFolders
{
    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file on a slow shutdown; the temp folder is cleaned by the OS.
        }
    }
}
