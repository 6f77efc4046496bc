using System.Net.Http.Headers;
using System.Security.Cryptography;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.Options;

namespace Jamforelse.Distributed.Tests.Support;

/// <summary>
/// The whole platform as separate processes, configured as docker-compose.yml configures the containers:
/// a RabbitMQ node, indicator data, goal catalog, two benchmarking instances (competing consumers on one
/// queue and one store), two GraphQL instances (a subscription queue each) and the gateway in front of them,
/// with LiteDB files (no MongoDB server can be installed here). Started once for the suite's collection.
/// </summary>
public sealed class DistributedPlatform : IAsyncLifetime
{
    public const string AdminKey = "e2e-platform-admin-key-00000000000000000";
    public const string NorrkopingKey = "e2e-norrkoping-admin-key-0000000000000000";
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(120);

    private readonly string _folder = Directory.CreateTempSubdirectory("jamforelse-e2e-").FullName;
    private readonly List<PartProcess> _parts = [];
    private RabbitNode? _broker;
    private OtlpReceiver? _traces;

    /// <summary>The key the gateway signs identities with, the same in every part (Jamforelse__Identity__SigningKey).</summary>
    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    internal RabbitNode Broker => _broker ?? throw new InvalidOperationException("Not started.");

    internal PartProcess IndicatorData { get; private set; } = null!;

    internal PartProcess GoalCatalog { get; private set; } = null!;

    internal PartProcess[] Benchmarking { get; private set; } = [];

    internal PartProcess[] GraphQL { get; private set; } = [];

    internal PartProcess Gateway { get; private set; } = null!;

    internal IReadOnlyList<PartProcess> Parts => _parts;

    /// <summary>The spans every part exports (OTLP/HTTP to a receiver of the suite's own).</summary>
    public OtlpReceiver Traces => _traces ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        if (!RabbitNode.IsInstalled)
        {
            // The facts skip with DistributedFact's reason; in CI the broker's absence is a failure instead.
            if (Environment.GetEnvironmentVariable("JAMFORELSE_TEST_RABBITMQ") is not null)
            {
                throw new InvalidOperationException($"CI asked for the real-broker tests, but {RabbitNode.ServerScript} is not installed.");
            }
            return;
        }
        _broker = new RabbitNode();
        await _broker.StartAsync();

        var data = Path.Combine(_folder, "data");
        var (indicatorPort, catalogPort, benchmarkingPorts, graphqlPorts, gatewayPort) =
            (Paths.FreePort(), Paths.FreePort(), new[] { Paths.FreePort(), Paths.FreePort() }, new[] { Paths.FreePort(), Paths.FreePort() }, Paths.FreePort());
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__rabbitmq"] = _broker.Uri,
            ["Jamforelse__Identity__SigningKey"] = SigningKey,
            ["Storage__DataFolder"] = data,
            ["Services__IndicatorData"] = $"http://127.0.0.1:{indicatorPort}",
            ["Services__GoalCatalog"] = $"http://127.0.0.1:{catalogPort}",
            ["Services__Benchmarking"] = $"http://127.0.0.1:{benchmarkingPorts[0]}",
            ["Messaging__QuorumQueues"] = "true",
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
            ["Logging__LogLevel__Jamforelse.GraphQL.Subscriptions"] = "Debug",
            ["Logging__LogLevel__MassTransit"] = "Information",
        };
        _traces = await OtlpReceiver.StartAsync();
        common["OTEL_EXPORTER_OTLP_ENDPOINT"] = _traces.Endpoint.GetLeftPart(UriPartial.Authority);
        common["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        common["OTEL_BSP_SCHEDULE_DELAY"] = "200";

        IndicatorData = Part("indicator-data", "deploy/Hosts/IndicatorData", "Jamforelse.IndicatorData.Host", indicatorPort, common,
            ("IndicatorData__ImportSampleDataOnFirstStart", "true"));
        GoalCatalog = Part("goal-catalog", "deploy/Hosts/GoalCatalog", "Jamforelse.GoalCatalog.Host", catalogPort, common,
            ("GoalCatalog__LoadDemoCatalogs", "true"));
        // Two instances on one store: LiteDB's shared mode lets two processes open the same file.
        Benchmarking = benchmarkingPorts.Select((port, i) => Part($"benchmarking-{i + 1}", "deploy/Hosts/Benchmarking", "Jamforelse.Benchmarking.Host", port, common,
            ("Storage__LiteDbShared", "true"))).ToArray();
        GraphQL = graphqlPorts.Select((port, i) => Part($"graphql-{i + 1}", "deploy/Hosts/GraphQL", "Jamforelse.GraphQL.Host", port, common)).ToArray();
        Gateway = Part("gateway", "gateway/Gateway", "Jamforelse.Gateway", gatewayPort, common,
            ("Jamforelse__Bootstrap__AdminApiKey", AdminKey),
            ("Jamforelse__Bootstrap__DemoTenants", "true"),
            ("Jamforelse__Bootstrap__Tenants__norrkoping__ApiKey", NorrkopingKey),
            ("ReverseProxy__Clusters__graphql__Destinations__d1__Address", $"http://127.0.0.1:{graphqlPorts[0]}/"),
            ("ReverseProxy__Clusters__graphql__Destinations__d2__Address", $"http://127.0.0.1:{graphqlPorts[1]}/"),
            ("ReverseProxy__Clusters__graphql__LoadBalancingPolicy", "RoundRobin"),
            ("ReverseProxy__Clusters__indicatorData__Destinations__d1__Address", $"http://127.0.0.1:{indicatorPort}/"),
            ("ReverseProxy__Clusters__goalCatalog__Destinations__d1__Address", $"http://127.0.0.1:{catalogPort}/"),
            ("ReverseProxy__Clusters__benchmarking__Destinations__d1__Address", $"http://127.0.0.1:{benchmarkingPorts[0]}/"),
            ("ReverseProxy__Clusters__benchmarking__Destinations__d2__Address", $"http://127.0.0.1:{benchmarkingPorts[1]}/"));

        // In dependency order where a part needs another at start; the rest start side by side.
        IndicatorData.Start();
        GraphQL[0].Start();
        GraphQL[1].Start();
        Gateway.Start();
        await IndicatorData.WaitUntilReadyAsync(StartPatience);
        GoalCatalog.Start();
        await GoalCatalog.WaitUntilReadyAsync(StartPatience);
        foreach (var instance in Benchmarking)
        {
            instance.Start();
        }
        await Task.WhenAll(_parts.Select(p => p.WaitUntilReadyAsync(StartPatience)));
        await WarmUpAsync();
    }

    /// <summary>
    /// One query and one subscription on each GraphQL instance, so that the tests' subscriptions start in
    /// milliseconds (a cold instance's first takes about a second: code paths compiled on first use).
    /// </summary>
    private async Task WarmUpAsync()
    {
        foreach (var instance in GraphQL)
        {
            using var http = new HttpClient { BaseAddress = instance.Address, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Add(IdentitySigner.HeaderName, SignedIdentity(CallerIdentity.PlatformTenant));
            using var answer = await http.PostAsync(new Uri("/graphql", UriKind.Relative),
                new StringContent("""{"query":"{ keyFigure(id: \"N03920\") { id } plans { id } }"}""", System.Text.Encoding.UTF8, "application/json"));
            answer.EnsureSuccessStatusCode();
            await using var socket = await ConnectStraightAsync(instance, CallerIdentity.PlatformTenant);
            await socket.SubscribeAsync("warm-up", """subscription { comparisonUpdated(kpi: "N03920", areas: ["0581"]) { period } }""");
        }
    }

    /// <summary>The identity the gateway would sign for a reader of the tenant, for a request straight to a GraphQL instance.</summary>
    public string SignedIdentity(string tenant) =>
        new IdentitySigner(Options.Create(new IdentityOptions { SigningKey = SigningKey }), TimeProvider.System)
            .Sign(new CallerIdentity(tenant, Role.Reader, "e2e", "e2e"), "graphql");

    /// <summary>One subscription on every GraphQL instance, each straight to it, as a reader of the tenant; disposing closes them.</summary>
    internal async Task<Sockets> SubscribeOnEveryInstanceAsync(string tenant, string id, string query)
    {
        var sockets = new Sockets();
        try
        {
            foreach (var instance in GraphQL)
            {
                var socket = await ConnectStraightAsync(instance, tenant);
                sockets.Add(socket);
                await socket.SubscribeAsync(id, query);
            }
            return sockets;
        }
        catch
        {
            await sockets.DisposeAsync();
            throw;
        }
    }

    internal sealed class Sockets : List<GraphQLSocket>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var socket in this)
            {
                await socket.DisposeAsync();
            }
        }
    }

    /// <summary>A graphql-transport-ws connection straight to one GraphQL instance (not through the gateway), as a reader of the tenant.</summary>
    internal Task<GraphQLSocket> ConnectStraightAsync(PartProcess instance, string tenant) =>
        GraphQLSocket.ConnectAsync(new Uri($"ws://{instance.Address.Authority}/graphql"), options => options.SetRequestHeader(IdentitySigner.HeaderName, SignedIdentity(tenant)));

    private PartProcess Part(string name, string folder, string assembly, int port, Dictionary<string, string> common, params (string Key, string Value)[] own)
    {
        var environment = new Dictionary<string, string>(common);
        foreach (var (key, value) in own)
        {
            environment[key] = value;
        }
        var part = new PartProcess(name, Paths.HostAssembly(folder, assembly), port, environment);
        _parts.Add(part);
        return part;
    }

    /// <summary>A client of the gateway, as an analyst's script: the API key as a bearer token.</summary>
    public HttpClient GatewayClient(string key = AdminKey)
    {
        var client = new HttpClient { BaseAddress = Gateway.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Every part's last lines, for a failure message.</summary>
    public string Logs(int lines = 40) => string.Join("\n\n", _parts.Select(p => $"== {p.Name} ({(p.IsRunning ? "running" : "stopped")})\n{p.Tail(lines)}"));

    /// <summary>The parts' last lines and the broker's queues, for a failure message.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var health = new List<string>();
        foreach (var part in _parts)
        {
            try
            {
                health.Add($"{part.Name}: {await http.GetStringAsync(new Uri(part.Address, "/health/ready"))}");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                health.Add($"{part.Name}: {exception.Message}");
            }
        }
        return Logs() + "\n\n== /health/ready\n" + string.Join('\n', health) + "\n\n== RabbitMQ queues\n" + (_broker is null ? "" : await _broker.QueuesAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var part in _parts)
        {
            part.Dispose();
        }
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
        if (_traces is not null)
        {
            await _traces.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a dying process
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DistributedCollection : ICollectionFixture<DistributedPlatform>
{
    public const string Name = "distributed platform";
}

/// <summary>
/// A fact that needs Debian's rabbitmq-server: skipped with the reason when it is not installed, except in CI
/// (JAMFORELSE_TEST_RABBITMQ set), where its absence is a failure rather than a quiet skip.
/// </summary>
public sealed class DistributedFactAttribute : FactAttribute
{
    public DistributedFactAttribute()
    {
        if (!RabbitNode.IsInstalled && Environment.GetEnvironmentVariable("JAMFORELSE_TEST_RABBITMQ") is null)
        {
            Skip = $"The distributed suite starts its own RabbitMQ node from Debian's rabbitmq-server ({RabbitNode.ServerScript}), which is not installed here (`apt-get install rabbitmq-server`; .ci/run installs it).";
        }
    }
}
