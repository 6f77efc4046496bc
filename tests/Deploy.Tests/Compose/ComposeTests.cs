using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jamforelse.Deploy.Tests.Compose;

/// <summary>
/// docker-compose.yml, parsed (no Docker engine runs here): the parts, what they are built from, the settings
/// they share, where their addresses lead, their health checks and start order, and what is published.
/// </summary>
public sealed class ComposeTests
{
    private const string TraceViewer = "jaeger";

    private static readonly ComposeFile Compose = ComposeFile.Instance;

    public static TheoryData<PlatformHost> Parts => Hosts.Theory();

    [Fact]
    public void Has_the_platforms_parts_its_servers_and_its_telemetry()
    {
        string[] expected = ["mongodb", "rabbitmq", "otel-collector", TraceViewer, .. Hosts.All.Select(host => host.Name)];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Compose.Services.Select(entry => entry.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void Each_part_builds_from_its_own_dockerfile_with_the_repository_as_context(PlatformHost host)
    {
        var build = Compose.Service(host.Name)["build"].Object($"{host.Name}.build");
        Assert.Equal(".", build["context"].Text());
        Assert.Equal(host.Dockerfile, build["dockerfile"].Text());
        Assert.True(File.Exists(Repository.PathOf(host.Dockerfile)), $"{host.Dockerfile} does not exist.");
        Assert.Equal($"jamforelse/{host.Name}", Compose.Service(host.Name)["image"].Text());
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void Each_part_listens_on_the_container_port_and_uses_mongodb_rabbitmq_and_the_collector(PlatformHost host)
    {
        var environment = ComposeFile.EnvironmentOf(Compose.Service(host.Name));

        Assert.Equal($"http://+:{Hosts.ContainerPort}", environment.GetValueOrDefault("Urls"));

        var mongo = new Uri(environment.GetValueOrDefault("ConnectionStrings__mongodb") ?? "mongodb://missing");
        Assert.Equal(("mongodb", 27017), (mongo.Host, mongo.Port));
        var replicaSet = Compose.Service("mongodb")["command"].Items().Select(word => word.Text()).SkipWhile(word => word != "--replSet").Skip(1).FirstOrDefault();
        Assert.Contains($"replicaSet={replicaSet}", mongo.Query, StringComparison.Ordinal);

        var rabbit = new Uri(environment.GetValueOrDefault("ConnectionStrings__rabbitmq") ?? "amqp://missing");
        var broker = ComposeFile.EnvironmentOf(Compose.Service("rabbitmq"));
        Assert.Equal(("amqp", "rabbitmq", 5672), (rabbit.Scheme, rabbit.Host, rabbit.Port));
        Assert.Equal($"{broker["RABBITMQ_DEFAULT_USER"]}:{broker["RABBITMQ_DEFAULT_PASS"]}", rabbit.UserInfo);
        // The connection strings alone select MongoDB and RabbitMQ (ServiceDefaults.ApplyConnectionStrings): no second set to drift.
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("Storage__", StringComparison.Ordinal) || (key.StartsWith("Messaging__", StringComparison.Ordinal) && key != "Messaging__QuorumQueues"));
        // The shared work queues are quorum queues, as the RabbitMQ cluster expects.
        Assert.Equal("true", environment.GetValueOrDefault("Messaging__QuorumQueues"));

        Assert.Equal("http://otel-collector:4317", environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }

    [Fact]
    public void Every_part_gets_the_same_required_signing_key_from_the_environment()
    {
        var keys = Hosts.All.Select(host => ComposeFile.RawEnvironment(Compose.Service(host.Name)).GetValueOrDefault(Hosts.SigningKeySetting)).Distinct().ToList();

        var key = Assert.Single(keys);
        Assert.NotNull(key);
        // Required (compose stops, saying how to make one), and never a value written in the file.
        Assert.StartsWith("${JAMFORELSE_SIGNING_KEY:?", key, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ComposeFile.Interpolate(key, new Dictionary<string, string>()));
    }

    [Fact]
    public void The_env_example_names_every_variable_compose_requires_and_holds_no_secret()
    {
        var required = System.Text.RegularExpressions.Regex.Matches(Repository.Read(ComposeFile.Path), @"\$\{([A-Z0-9_]+):?\?")
            .Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var example = Repository.Read(".env.example").Split('\n').Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#')).Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

        Assert.Contains("JAMFORELSE_SIGNING_KEY", required);
        Assert.All(required, name => Assert.Equal("", example.GetValueOrDefault(name, "(not listed in .env.example)")));
        Assert.Contains(".env", Repository.Read(".gitignore").Split('\n').Select(line => line.Trim()));
    }

    [Fact]
    public void Service_addresses_lead_to_parts_that_listen_there_and_are_waited_for()
    {
        var callers = new Dictionary<string, string[]>
        {
            [Hosts.GraphQL.Name] = ["IndicatorData", "GoalCatalog", "Benchmarking"],
            [Hosts.GoalCatalog.Name] = ["IndicatorData"],
            [Hosts.Benchmarking.Name] = ["IndicatorData", "GoalCatalog"],
        };
        foreach (var host in Hosts.All)
        {
            var service = Compose.Service(host.Name);
            var addresses = ComposeFile.EnvironmentOf(service).Where(entry => entry.Key.StartsWith("Services__", StringComparison.Ordinal))
                .ToDictionary(entry => entry.Key["Services__".Length..], entry => entry.Value);
            Assert.Equal(callers.GetValueOrDefault(host.Name, []).Order(StringComparer.Ordinal), addresses.Keys.Order(StringComparer.Ordinal));
            foreach (var (setting, address) in addresses)
            {
                var target = Hosts.ByServiceSetting[setting];
                Assert.Equal(new Uri($"http://{target.Name}:{ListeningPort(target)}"), new Uri(address!));
                Assert.Equal("service_healthy", ComposeFile.DependsOn(service).GetValueOrDefault(target.Name));
            }
        }
    }

    [Fact]
    public void The_gateways_clusters_all_lead_to_the_parts_it_waits_for()
    {
        var gateway = Compose.Service(Hosts.Gateway.Name);
        var environment = ComposeFile.EnvironmentOf(gateway);
        var clusters = JsonNode.Parse(Repository.Read("gateway/Gateway/appsettings.json"))!["ReverseProxy"]!["Clusters"]!.AsObject();

        Assert.Equal(Hosts.ByGatewayCluster.Keys.Order(StringComparer.Ordinal), clusters.Select(c => c.Key).Order(StringComparer.Ordinal));
        foreach (var (cluster, settings) in clusters)
        {
            var target = Hosts.ByGatewayCluster[cluster];
            foreach (var (destination, _) in settings!["Destinations"]!.AsObject())
            {
                // Every destination of appsettings.json is overridden: none is left on localhost.
                var address = environment.GetValueOrDefault($"ReverseProxy__Clusters__{cluster}__Destinations__{destination}__Address");
                Assert.Equal(new Uri($"http://{target.Name}:{ListeningPort(target)}/"), new Uri(address ?? "http://not-set/"));
            }
            Assert.Equal("service_healthy", ComposeFile.DependsOn(gateway).GetValueOrDefault(target.Name));
        }
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void Each_part_waits_for_healthy_mongodb_and_rabbitmq_and_is_checked_on_its_readiness(PlatformHost host)
    {
        var service = Compose.Service(host.Name);
        var dependsOn = ComposeFile.DependsOn(service);

        Assert.Equal("service_healthy", dependsOn.GetValueOrDefault("mongodb"));
        Assert.Equal("service_healthy", dependsOn.GetValueOrDefault("rabbitmq"));
        Assert.Contains("otel-collector", dependsOn.Keys);
        Assert.All(dependsOn.Keys, name => Assert.True(Compose.Services.ContainsKey(name), $"{host.Name} depends on {name}, which is not a service."));

        var check = ComposeFile.HealthCheck(service);
        Assert.Contains($"/dev/tcp/127.0.0.1/{ListeningPort(host)}", check, StringComparison.Ordinal);
        Assert.Contains("GET /health/ready ", check, StringComparison.Ordinal);
        Assert.Contains("grep -q ' 200 '", check, StringComparison.Ordinal);
    }

    [Fact]
    public void Mongodb_is_a_replica_set_and_the_servers_have_health_checks()
    {
        var mongodb = Compose.Service("mongodb");
        var command = mongodb["command"].Items().Select(word => word.Text()).ToList();
        Assert.Equal("rs0", command.SkipWhile(word => word != "--replSet").Skip(1).FirstOrDefault());
        Assert.Contains("rs.initiate({_id: 'rs0', members: [{_id: 0, host: 'mongodb:27017'}]})", ComposeFile.HealthCheck(mongodb), StringComparison.Ordinal);

        var rabbitmq = Compose.Service("rabbitmq");
        Assert.EndsWith("-management", rabbitmq["image"].Text(), StringComparison.Ordinal);
        Assert.Contains("rabbitmq-diagnostics", ComposeFile.HealthCheck(rabbitmq), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_gateway_and_the_two_uis_are_published()
    {
        var published = Compose.Services
            .SelectMany(entry => entry.Value!["ports"].Items().Select(port => $"{entry.Key} {port.Text()}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(["gateway 5100:8080", "jaeger 16686:16686", "rabbitmq 15672:15672"], published);
    }

    [Fact]
    public void The_collector_receives_otlp_where_the_parts_send_it_and_passes_traces_to_the_trace_viewer()
    {
        var collector = Compose.Service("otel-collector");
        var mount = collector["volumes"].Items().Select(volume => volume.Text()!.Split(':')).Single();
        var config = Yaml.Document(Repository.Read(mount[0]));
        Assert.Contains($"--config={mount[1]}", collector["command"].Items().Select(word => word.Text()));

        Assert.Equal("0.0.0.0:4317", config["receivers"]?["otlp"]?["protocols"]?["grpc"]?["endpoint"].Text());
        var traces = config["service"]?["pipelines"]?["traces"];
        Assert.Equal(["otlp"], traces?["receivers"].Items().Select(r => r.Text()));
        var exporter = Assert.Single(traces?["exporters"].Items() ?? []).Text()!;
        Assert.Equal($"{TraceViewer}:4317", config["exporters"]?[exporter]?["endpoint"].Text());
        Assert.Equal("true", ComposeFile.EnvironmentOf(Compose.Service(TraceViewer)).GetValueOrDefault("COLLECTOR_OTLP_ENABLED"));
    }

    [Fact]
    public void The_administrators_key_is_passed_on_from_the_shell_only()
    {
        var environment = ComposeFile.RawEnvironment(Compose.Service(Hosts.Gateway.Name));
        Assert.True(environment.ContainsKey("Jamforelse__Bootstrap__AdminApiKey"));
        // No value: compose passes the shell's when exported, and none otherwise (an empty key stops the gateway).
        Assert.Null(environment["Jamforelse__Bootstrap__AdminApiKey"]);
    }

    /// <summary>The port a part's Urls setting names in its container.</summary>
    private static int ListeningPort(PlatformHost host) =>
        new Uri(ComposeFile.EnvironmentOf(Compose.Service(host.Name))["Urls"]!.Replace("+", "localhost", StringComparison.Ordinal)).Port;
}
