using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jamforelse.Distributed.Tests.Support;

namespace Jamforelse.Distributed.Tests;

/// <summary>Failures of single parts: the broker stopped, a service killed, a service down while GraphQL is asked.</summary>
[Collection(DistributedCollection.Name)]
public sealed class FaultTests(DistributedPlatform platform)
{
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(120);

    [DistributedFact]
    public async Task Imports_while_RabbitMQ_is_stopped_are_kept_in_the_outbox_and_comparisons_converge_when_it_is_back()
    {
        using var gateway = platform.GatewayClient();
        string[] kpis = ["N00999", "N15428", "N17445", "N00401", "N00610"];
        const int year = 2018;
        var before = await VersionsAsync(gateway, kpis, year);
        var values = kpis.ToDictionary(k => k, _ => EndToEndTests.Unique());

        await platform.Broker.StopAsync();
        try
        {
            // The imports are stored (their events in the outbox) and answered while the broker is away.
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(kpis.Select(kpi => Kolada.ImportAsync(gateway, (kpi, "0581", year, values[kpi])))).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(2));
            foreach (var kpi in kpis)
            {
                Assert.Equal(before[kpi], (await Kolada.ComparisonAsync(gateway, kpi, year, "0581"))?.Version ?? 0); // nothing crossed the bus
            }
        }
        finally
        {
            await platform.Broker.StartAsync();
        }

        foreach (var kpi in kpis)
        {
            var version = await Kolada.WaitForValueAsync(gateway, kpi, year, "0581", values[kpi], Convergence, () => platform.Logs());
            Assert.Equal(before[kpi] + 1, version);
        }
        await Task.WhenAll(platform.Parts.Select(p => p.WaitUntilReadyAsync(Convergence)));

        // And live updates flow again to subscribers of every GraphQL instance.
        var after = EndToEndTests.Unique();
        await using var sockets = await platform.SubscribeOnEveryInstanceAsync("norrkoping", "c", """subscription { comparisonUpdated(kpi: "N00999", areas: ["0581"]) { period version } }""");
        await Kolada.ImportAsync(gateway, ("N00999", "0581", year, after));
        for (var i = 0; i < sockets.Count; i++)
        {
            await sockets[i].WaitForAsync("c", next => next.GetProperty("data").GetProperty("comparisonUpdated").GetProperty("period").GetString() == "2018",
                TimeSpan.FromSeconds(45), async () => $"graphql-{i + 1} got nothing after the outage\n{await platform.DiagnosticsAsync()}");
        }
    }

    [DistributedFact]
    public async Task A_benchmarking_instance_killed_with_SIGKILL_in_a_burst_restarts_and_everything_converges_without_duplicates()
    {
        using var gateway = platform.GatewayClient();
        string[] kpis = ["N00999", "N15428", "N17445", "N00401", "N00610", "N01982", "N01983", "N07540"];
        const int year = 2017;
        var before = await VersionsAsync(gateway, kpis, year);
        var values = kpis.ToDictionary(k => k, _ => EndToEndTests.Unique());
        await using var socket = await GraphQLSocket.ConnectAsync(EndToEndTests.WebSocketAddress(platform.Gateway.Address, DistributedPlatform.NorrkopingKey));
        foreach (var kpi in kpis)
        {
            await socket.SubscribeAsync(kpi, $$"""subscription { comparisonUpdated(kpi: "{{kpi}}", areas: ["0581"]) { kpi period version } }""");
        }
        var victim = platform.Benchmarking[0];
        var recomputedBefore = victim.CountOutput("Recomputed ");

        var imports = kpis.Select(kpi => Kolada.ImportAsync(gateway, (kpi, "0581", year, values[kpi]))).ToList();
        // Kill it as soon as it has started on the burst (or after 5 s at the latest).
        for (var waited = 0; victim.CountOutput("Recomputed ") == recomputedBefore && waited < 5000; waited += 20)
        {
            await Task.Delay(20);
        }
        victim.Kill();
        await Task.WhenAll(imports);
        victim.Start();
        await victim.WaitUntilReadyAsync(Convergence);

        foreach (var kpi in kpis)
        {
            var version = await Kolada.WaitForValueAsync(gateway, kpi, year, "0581", values[kpi], Convergence, () => platform.Logs());
            Assert.Equal(before[kpi] + 1, version);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var kpi in kpis)
        {
            var announced = socket.Received(kpi).Select(n => n.GetProperty("data").GetProperty("comparisonUpdated"))
                .Count(u => u.GetProperty("period").GetString() == "2017");
            Assert.True(announced == 1, $"{kpi} 2017 was announced {announced} times.");
        }
    }

    [DistributedFact]
    public async Task A_service_that_is_down_gives_a_clear_partial_GraphQL_error_at_once_not_a_hang()
    {
        using var gateway = platform.GatewayClient();
        platform.GoalCatalog.Kill();
        try
        {
            var clock = Stopwatch.StartNew();
            using var response = await gateway.PostAsync(new Uri("/graphql", UriKind.Relative), new StringContent(
                JsonSerializer.Serialize(new { query = """{ plan(id: "norrkoping-kf-2023-2026") { id } keyFigure(id: "N03920") { id title } }""" }), Encoding.UTF8, "application/json"));
            var elapsed = clock.Elapsed;
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.True(elapsed < TimeSpan.FromSeconds(10), $"The answer took {elapsed.TotalSeconds:F1} s.");
            var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
            Assert.Equal("SERVICE_UNAVAILABLE", error.GetProperty("extensions").GetProperty("code").GetString());
            Assert.Equal("plan", error.GetProperty("path")[0].GetString());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("data").GetProperty("plan").ValueKind);
            Assert.Equal("N03920", body.GetProperty("data").GetProperty("keyFigure").GetProperty("id").GetString()); // the rest still answers
        }
        finally
        {
            platform.GoalCatalog.Start();
            await platform.GoalCatalog.WaitUntilReadyAsync(Convergence);
        }
    }

    private static async Task<Dictionary<string, int>> VersionsAsync(HttpClient gateway, IEnumerable<string> kpis, int year)
    {
        var versions = new Dictionary<string, int>();
        foreach (var kpi in kpis)
        {
            versions[kpi] = (await Kolada.ComparisonAsync(gateway, kpi, year, "0581"))?.Version ?? 0;
        }
        return versions;
    }
}
