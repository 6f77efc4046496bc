using System.Text.Json.Nodes;

namespace Jamforelse.Deploy.Tests.Kubernetes;

/// <summary>
/// Every overlay under deploy/kubernetes/overlays rendered with `kubectl kustomize` and checked: a Deployment
/// and a Service per part, probes, requests, locked-down pods, secrets, autoscalers, disruption budgets,
/// replicas as the overlay's design says, and no MongoDB or RabbitMQ of its own.
/// </summary>
public sealed class KustomizeTests
{
    /// <summary>What each overlay is meant to be; an overlay added without a design here fails.</summary>
    private sealed record Design(int? Replicas, int MinimumReplicas, bool ShipsSecrets, string Namespace);

    private static readonly Dictionary<string, Design> Designs = new(StringComparer.Ordinal)
    {
        // One pod of each part; Secrets generated with development-only values.
        ["development"] = new(Replicas: 1, MinimumReplicas: 1, ShipsSecrets: true, Namespace: "jamforelse-development"),
        // At least two of each; Secrets created outside the manifests.
        ["production"] = new(Replicas: null, MinimumReplicas: 2, ShipsSecrets: false, Namespace: "jamforelse"),
    };

    private static readonly string[] Autoscaled = [Hosts.Gateway.Name, Hosts.GraphQL.Name];

    private static readonly string[] Workloads = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"];

    public static TheoryData<string> Overlays
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var overlay in Kustomize.Overlays)
            {
                data.Add(overlay);
            }
            return data;
        }
    }

    [Fact]
    public void There_are_a_development_and_a_production_overlay_each_with_a_design()
    {
        Assert.Contains("development", Kustomize.Overlays);
        Assert.Contains("production", Kustomize.Overlays);
        Assert.All(Kustomize.Overlays, overlay => Assert.True(Designs.ContainsKey(overlay), $"Overlay {overlay} has no design in {nameof(KustomizeTests)}."));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task Renders_a_deployment_and_a_service_per_part_on_the_container_port(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        Assert.Equal(Hosts.All.Select(h => h.Name).Order(StringComparer.Ordinal), rendering.OfKind("Deployment").Select(Name).Order(StringComparer.Ordinal));
        Assert.Equal(Hosts.All.Select(h => h.Name).Order(StringComparer.Ordinal), rendering.OfKind("Service").Select(Name).Order(StringComparer.Ordinal));
        foreach (var host in Hosts.All)
        {
            var deployment = rendering.Find("Deployment", host.Name)!;
            var service = rendering.Find("Service", host.Name)!;
            var container = Container(deployment);
            var podLabels = PodLabels(deployment);

            Assert.Equal(host.Name, podLabels["app.kubernetes.io/name"].Text());
            Assert.Equal("jamforelse", podLabels["app.kubernetes.io/part-of"].Text());
            Assert.True(Selects(deployment["spec"]?["selector"]?["matchLabels"], podLabels), $"{host.Name}: the Deployment's selector does not select its own pods.");
            Assert.True(Selects(service["spec"]?["selector"], podLabels), $"{host.Name}: the Service does not select the Deployment's pods.");
            Assert.Equal([host.Name], rendering.OfKind("Deployment").Where(d => Selects(service["spec"]?["selector"], PodLabels(d))).Select(Name));

            var port = Assert.Single(service["spec"]?["ports"].Items() ?? []);
            Assert.Equal($"{Hosts.ContainerPort}", port["port"].Text());
            Assert.Equal($"{Hosts.ContainerPort}", ContainerPort(container, port["targetPort"].Text()));
            // The image compose builds (jamforelse/<part>), from whichever registry and at whichever tag the overlay sets.
            Assert.Matches($"(^|/)jamforelse/{host.Name}:[^/]+$", container["image"].Text());
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task Every_part_is_probed_on_live_and_ready_and_requests_resources(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        var urls = Config(rendering).GetValueOrDefault("Urls");
        Assert.Equal($"http://+:{Hosts.ContainerPort}", urls);
        foreach (var deployment in rendering.OfKind("Deployment"))
        {
            var container = Container(deployment);
            foreach (var (probe, path) in new[] { ("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready") })
            {
                var get = container[probe]?["httpGet"];
                Assert.True(get is not null, $"{Name(deployment)} has no {probe} over HTTP.");
                Assert.Equal(path, get["path"].Text());
                Assert.Equal($"{Hosts.ContainerPort}", ContainerPort(container, get["port"].Text()));
            }
            var requests = container["resources"]?["requests"];
            Assert.False(string.IsNullOrEmpty(requests?["cpu"].Text()), $"{Name(deployment)} requests no CPU.");
            Assert.False(string.IsNullOrEmpty(requests?["memory"].Text()), $"{Name(deployment)} requests no memory.");
            Assert.False(string.IsNullOrEmpty(container["resources"]?["limits"]?["memory"].Text()), $"{Name(deployment)} has no memory limit.");
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task Pods_run_as_non_root_on_a_read_only_root_with_a_writable_tmp(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        foreach (var deployment in rendering.OfKind("Deployment"))
        {
            var pod = deployment["spec"]?["template"]?["spec"];
            var container = Container(deployment);
            Assert.Equal("true", pod?["securityContext"]?["runAsNonRoot"].Text());
            Assert.Equal("true", container["securityContext"]?["readOnlyRootFilesystem"].Text());
            Assert.Equal("false", container["securityContext"]?["allowPrivilegeEscalation"].Text());
            var tmp = Assert.Single(container["volumeMounts"].Items(), mount => mount["mountPath"].Text() == "/tmp");
            var volume = Assert.Single(pod?["volumes"].Items() ?? [], v => v["name"].Text() == tmp["name"].Text());
            Assert.NotNull(volume["emptyDir"]);
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task Every_part_reads_the_same_signing_key_and_connections_from_secrets(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        var design = Designs[overlay];
        var references = new HashSet<(string Setting, string Secret, string Key)>();
        foreach (var deployment in rendering.OfKind("Deployment"))
        {
            var container = Container(deployment);
            var env = container["env"].Items().ToDictionary(e => e["name"].Text()!, e => e);
            foreach (var (setting, key) in new[]
            {
                (Hosts.SigningKeySetting, "signing-key"),
                ("ConnectionStrings__mongodb", "mongodb"),
                ("ConnectionStrings__rabbitmq", "rabbitmq"),
            })
            {
                var reference = env.GetValueOrDefault(setting)?["valueFrom"]?["secretKeyRef"];
                Assert.True(reference is not null, $"{Name(deployment)}: {setting} is not read from a Secret.");
                Assert.Equal(key, reference["key"].Text());
                references.Add((setting, reference["name"].Text()!, key));
            }
            var configMaps = container["envFrom"].Items().Select(source => source["configMapRef"]?["name"].Text()).ToList();
            Assert.Contains(configMaps, name => name is not null && rendering.Find("ConfigMap", name) is not null);
        }
        // The same Secret for every part (one signing key for the gateway and everything behind it).
        Assert.Equal(3, references.Count);

        var secrets = references.Select(r => r.Secret).Distinct().ToList();
        if (design.ShipsSecrets)
        {
            foreach (var (setting, secretName, key) in references)
            {
                var secret = rendering.Find("Secret", secretName);
                Assert.True(secret is not null, $"{secretName} (for {setting}) is not generated by the {overlay} overlay.");
                var value = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]?[key].Text() ?? ""));
                if (setting == Hosts.SigningKeySetting)
                {
                    Assert.True(Convert.FromBase64String(value).Length >= 32, "The signing key must be base64 of at least 32 bytes.");
                }
            }
        }
        else
        {
            Assert.Empty(rendering.OfKind("Secret"));
            Assert.Equal(["jamforelse-connections", "jamforelse-identity"], secrets.Order(StringComparer.Ordinal));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task Addresses_in_the_configuration_lead_to_services_on_their_ports(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        var config = Config(rendering);
        foreach (var (setting, host) in Hosts.ByServiceSetting)
        {
            Assert.Equal(new Uri($"http://{host.Name}:{ServicePort(rendering, host.Name)}"), new Uri(config.GetValueOrDefault($"Services__{setting}") ?? "http://not-set"));
        }
        var gateway = Container(rendering.Find("Deployment", Hosts.Gateway.Name)!);
        var env = gateway["env"].Items().ToDictionary(e => e["name"].Text()!, e => e["value"].Text());
        foreach (var (cluster, host) in Hosts.ByGatewayCluster)
        {
            var address = env.GetValueOrDefault($"ReverseProxy__Clusters__{cluster}__Destinations__d1__Address");
            Assert.Equal(new Uri($"http://{host.Name}:{ServicePort(rendering, host.Name)}/"), new Uri(address ?? "http://not-set/"));
        }
        // The connection strings alone select MongoDB and RabbitMQ (ServiceDefaults.ApplyConnectionStrings): no second set to drift.
        Assert.DoesNotContain(config.Keys, key => key.StartsWith("Storage__", StringComparison.Ordinal) || (key.StartsWith("Messaging__", StringComparison.Ordinal) && key != "Messaging__QuorumQueues"));
        // The shared work queues are quorum queues, as the RabbitMQ cluster expects.
        Assert.Equal("true", config.GetValueOrDefault("Messaging__QuorumQueues"));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task The_gateway_and_the_graphql_layer_autoscale_within_the_overlays_bounds(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        var design = Designs[overlay];
        var autoscalers = rendering.OfKind("HorizontalPodAutoscaler").ToList();
        Assert.Equal(Autoscaled.Order(StringComparer.Ordinal), autoscalers.Select(a => a["spec"]?["scaleTargetRef"]?["name"].Text()).Order(StringComparer.Ordinal));
        foreach (var autoscaler in autoscalers)
        {
            Assert.Equal("autoscaling/v2", autoscaler["apiVersion"].Text());
            var target = autoscaler["spec"]?["scaleTargetRef"];
            Assert.Equal(("apps/v1", "Deployment"), (target?["apiVersion"].Text(), target?["kind"].Text()));
            var deployment = rendering.Find("Deployment", target?["name"].Text()!);
            Assert.True(deployment is not null, $"Autoscaler {Name(autoscaler)} targets a Deployment that is not rendered.");
            // The autoscaler owns the count: an apply must not reset it.
            Assert.Null(deployment["spec"]?["replicas"]);
            var min = int.Parse(autoscaler["spec"]?["minReplicas"].Text() ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            var max = int.Parse(autoscaler["spec"]?["maxReplicas"].Text()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(design.Replicas ?? Math.Max(min, design.MinimumReplicas), min);
            Assert.True(min >= design.MinimumReplicas && max > min, $"{Name(autoscaler)}: {min}..{max} in {overlay}.");
            Assert.NotEmpty(autoscaler["spec"]?["metrics"].Items() ?? []);
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task The_other_parts_run_the_overlays_replicas(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        var design = Designs[overlay];
        foreach (var deployment in rendering.OfKind("Deployment").Where(d => !Autoscaled.Contains(Name(d))))
        {
            var replicas = int.Parse(deployment["spec"]?["replicas"].Text() ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(design.Replicas is { } exactly ? replicas == exactly : replicas >= design.MinimumReplicas,
                $"{Name(deployment)} runs {replicas} replicas in {overlay}.");
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task Every_deployment_has_one_disruption_budget_that_selects_its_pods(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        var budgets = rendering.OfKind("PodDisruptionBudget").ToList();
        foreach (var deployment in rendering.OfKind("Deployment"))
        {
            var budget = Assert.Single(budgets, b => Selects(b["spec"]?["selector"]?["matchLabels"], PodLabels(deployment)));
            Assert.Equal("policy/v1", budget["apiVersion"].Text());
            // maxUnavailable, so that a single-replica part never blocks a node drain.
            Assert.Equal("1", budget["spec"]?["maxUnavailable"].Text());
        }
        Assert.All(budgets, b => Assert.Single(rendering.OfKind("Deployment"), d => Selects(b["spec"]?["selector"]?["matchLabels"], PodLabels(d))));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task Runs_no_mongodb_or_rabbitmq_of_its_own(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        foreach (var resource in rendering.Resources)
        {
            var kind = resource["kind"].Text()!;
            Assert.DoesNotContain("mongo", kind, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("rabbitmq", kind, StringComparison.OrdinalIgnoreCase);
            if (Workloads.Contains(kind))
            {
                var images = resource.ToJsonString();
                Assert.DoesNotContain("image\":\"mongo", images, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("image\":\"rabbitmq", images, StringComparison.OrdinalIgnoreCase);
            }
        }
        Assert.All(rendering.Resources.Where(r => Workloads.Contains(r["kind"].Text())), workload => Assert.Equal("Deployment", workload["kind"].Text()));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task Everything_is_labelled_and_in_the_overlays_namespace(string overlay)
    {
        var rendering = await RenderedAsync(overlay);
        var design = Designs[overlay];
        Assert.NotNull(rendering.Find("Namespace", design.Namespace));
        foreach (var resource in rendering.Resources.Where(r => r["kind"].Text() != "Namespace"))
        {
            Assert.Equal(design.Namespace, resource["metadata"]?["namespace"].Text());
            if (resource["kind"].Text() is not ("Secret" or "ConfigMap"))
            {
                Assert.Equal("jamforelse", resource["metadata"]?["labels"]?["app.kubernetes.io/part-of"].Text());
            }
        }
    }

    private static async Task<Rendering> RenderedAsync(string overlay)
    {
        var rendering = await Kustomize.RenderAsync(overlay);
        Assert.True(rendering.ExitCode == 0, $"kubectl kustomize {Kustomize.OverlaysFolder}/{overlay} failed:\n{rendering.Errors}");
        Assert.True(Designs.ContainsKey(overlay), $"Overlay {overlay} has no design in {nameof(KustomizeTests)}.");
        return rendering;
    }

    private static string Name(JsonObject resource) => resource["metadata"]?["name"].Text() ?? "(no name)";

    private static JsonObject Container(JsonObject deployment) =>
        Assert.Single(deployment["spec"]?["template"]?["spec"]?["containers"].Items() ?? []).Object($"{Name(deployment)}'s container");

    private static JsonObject PodLabels(JsonObject deployment) =>
        (deployment["spec"]?["template"]?["metadata"]?["labels"]).Object($"{Name(deployment)} pod labels");

    /// <summary>A matchLabels selector that is not empty and that the labels satisfy.</summary>
    private static bool Selects(JsonNode? selector, JsonObject labels) =>
        selector is JsonObject { Count: > 0 } map && map.All(entry => labels[entry.Key].Text() == entry.Value.Text());

    /// <summary>A port given by number or by name, as the container's port number.</summary>
    private static string? ContainerPort(JsonObject container, string? port) =>
        container["ports"].Items().FirstOrDefault(p => p["name"].Text() == port || p["containerPort"].Text() == port)?["containerPort"].Text();

    private static string? ServicePort(Rendering rendering, string service) =>
        Assert.Single(rendering.Find("Service", service)?["spec"]?["ports"].Items() ?? [])["port"].Text();

    private static Dictionary<string, string?> Config(Rendering rendering)
    {
        var map = Assert.Single(rendering.OfKind("ConfigMap"), c => Name(c).StartsWith("jamforelse-platform", StringComparison.Ordinal));
        return (map["data"]).Object("jamforelse-platform data").ToDictionary(entry => entry.Key, entry => entry.Value.Text());
    }
}
