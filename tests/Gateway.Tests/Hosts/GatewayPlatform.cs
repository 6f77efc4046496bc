using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jamforelse.Gateway.Tests.Hosts;

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayPlatform>
{
    public const string Name = "gateway in front of the embedded platform";
}

/// <summary>
/// One embedded platform as the backend and one gateway in front of it (same signing key), started once for
/// the collection. Besides the four service routes the gateway has a route to a dead address (/api/dead), a
/// second route to /graphql whose cluster has a short activity timeout (/graphql-idle), and a cluster without
/// a route whose only destination is a small server that the health test stops (canary), and a route to a
/// small server that fails with an HTML error page (/api/leaky).
/// Each test makes its own API keys, so that rate limits and revocations never touch another test.
/// </summary>
public sealed class GatewayPlatform : IAsyncLifetime
{
    public const int PermitLimit = 25;
    public const string AllowedOrigin = "https://pages.example";
    public const string IdlePath = "/graphql-idle";
    public static readonly TimeSpan ActivityTimeout = TimeSpan.FromSeconds(3);

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public BackendFactory Backend { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    public WebApplication Canary { get; private set; } = null!;

    /// <summary>A service that fails the way a misconfigured one does: an HTML error page with a stack trace and an address.</summary>
    public WebApplication Leaky { get; private set; } = null!;

    public const string LeakedSecret = "at Internal.Secret.Handler() in /srv/app/Handler.cs:line 42 (10.0.0.7:5102)";

    public int DeadPort { get; private set; }

    public async Task InitializeAsync()
    {
        Canary = await StartSmallServerAsync(app => app.MapGet("/health/ready", () => Results.Ok("Healthy")));
        Leaky = await StartSmallServerAsync(app =>
        {
            app.MapGet("/api/leaky/page", () => Results.Content($"<html><body><pre>{LeakedSecret}</pre></body></html>", "text/html", statusCode: 500));
            app.MapGet("/api/leaky/problem", () => Results.Problem(title: "Service unavailable", detail: "Try again shortly.", statusCode: 503));
        });
        DeadPort = FreePort();
        Backend = new BackendFactory(SigningKey);
        var backend = Backend.Start();
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:RateLimit:TenantPermitLimit"] = "0",
            ["Gateway:RateLimit:AnonymousPermitLimit"] = "1000",
            ["Gateway:Cors:AllowedOrigins:0"] = AllowedOrigin,
            ["ReverseProxy:Routes:dead:ClusterId"] = "dead",
            ["ReverseProxy:Routes:dead:Match:Path"] = "/api/dead/{**rest}",
            ["ReverseProxy:Routes:dead:Metadata:Audience"] = "dead",
            ["ReverseProxy:Clusters:dead:Destinations:d1:Address"] = $"http://127.0.0.1:{DeadPort}/",
            // /graphql again, on a cluster whose WebSockets time out after 3 quiet seconds.
            ["ReverseProxy:Routes:graphqlIdle:ClusterId"] = "graphqlIdle",
            ["ReverseProxy:Routes:graphqlIdle:Match:Path"] = IdlePath,
            ["ReverseProxy:Routes:graphqlIdle:Metadata:Audience"] = "graphql",
            ["ReverseProxy:Routes:graphqlIdle:Transforms:0:PathSet"] = "/graphql",
            ["ReverseProxy:Clusters:graphqlIdle:Destinations:d1:Address"] = backend.ToString(),
            ["ReverseProxy:Clusters:graphqlIdle:HttpRequest:ActivityTimeout"] = ActivityTimeout.ToString(),
            ["ReverseProxy:Routes:leaky:ClusterId"] = "leaky",
            ["ReverseProxy:Routes:leaky:Match:Path"] = "/api/leaky/{**rest}",
            ["ReverseProxy:Routes:leaky:Metadata:Audience"] = "leaky",
            ["ReverseProxy:Clusters:leaky:Destinations:d1:Address"] = Leaky.Urls.First() + "/",
            ["ReverseProxy:Clusters:canary:Destinations:d1:Address"] = Canary.Urls.First() + "/",
            ["ReverseProxy:Clusters:canary:HealthCheck:Active:Enabled"] = "true",
            ["ReverseProxy:Clusters:canary:HealthCheck:Active:Interval"] = "00:00:00.500",
            ["ReverseProxy:Clusters:canary:HealthCheck:Active:Timeout"] = "00:00:01",
            ["ReverseProxy:Clusters:canary:HealthCheck:Active:Policy"] = "ConsecutiveFailures",
            ["ReverseProxy:Clusters:canary:HealthCheck:Active:Path"] = "/health/ready",
        };
        foreach (var cluster in GatewayFactory.ServiceClusters)
        {
            settings[$"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Interval"] = "00:00:00.500";
        }
        Gateway = new GatewayFactory(SigningKey, backend, settings);
        Gateway.Start();
        await Backend.WaitUntilReadyAsync();
        await Gateway.WaitUntilServicesHealthyAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A new key for a member of a tenant, made in the gateway's tenant directory.</summary>
    public string NewKey(string tenant = "norrkoping", Role role = Role.Reader, string? name = null) =>
        TestKeys.Issue(Gateway.Services, tenant, role, name ?? "test " + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A client of the gateway, sending <paramref name="key"/> (none when null).</summary>
    public HttpClient GatewayClient(string? key) => Client(Gateway.Address, key);

    /// <summary>A client of the backend directly, around the gateway.</summary>
    public HttpClient BackendClient(string? key = null) => Client(Backend.Address, key);

    private static HttpClient Client(Uri address, string? key)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        Backend?.Dispose();
        foreach (var small in new[] { Canary, Leaky })
        {
            if (small is not null)
            {
                await small.DisposeAsync();
            }
        }
    }

    /// <summary>A destination as small as can be, on a loopback port of its own.</summary>
    private static async Task<WebApplication> StartSmallServerAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>A loopback port that nothing listens on (bound for a moment, then released).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
