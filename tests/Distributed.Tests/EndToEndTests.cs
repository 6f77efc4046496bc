using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jamforelse.Distributed.Tests.Support;

namespace Jamforelse.Distributed.Tests;

/// <summary>The platform as separate processes over a real RabbitMQ: what analysts see through the gateway.</summary>
[Collection(DistributedCollection.Name)]
public sealed class EndToEndTests(DistributedPlatform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private const string Plan = "norrkoping-kf-2023-2026";

    // Criterion 1A of the plan: the gap between Norrköping (0581) and riket (0000) in N03920 narrows against 2022.
    private const string Kpi = "N03920";

    [DistributedFact]
    public async Task A_Kolada_import_through_the_gateway_reaches_a_graphql_ws_subscriber_through_the_gateway_and_the_queries_show_it()
    {
        using var gateway = platform.GatewayClient();
        var (norrkoping, riket, baseNorrkoping, baseRiket) = (Unique(), Unique(), Unique(), Unique());
        await using var socket = await GraphQLSocket.ConnectAsync(WebSocketAddress(platform.Gateway.Address, DistributedPlatform.NorrkopingKey));
        await socket.SubscribeAsync("comparison", $$"""subscription { comparisonUpdated(kpi: "{{Kpi}}", areas: ["0581"]) { kpi period version comparison { rows { areaId value rank } } } }""");
        await socket.SubscribeAsync("assessment", $$"""subscription { assessmentChanged(plan: "{{Plan}}") { planId nodeId year grade version } }""");

        await Kolada.ImportAsync(gateway, (Kpi, "0581", 2022, baseNorrkoping), (Kpi, "0000", 2022, baseRiket), (Kpi, "0581", 2024, norrkoping), (Kpi, "0000", 2024, riket));

        var update = await socket.WaitForAsync("comparison", next => Row(next, "2024") is { } row && row.GetProperty("value").GetDouble() == norrkoping, Patience, platform.DiagnosticsAsync);
        Assert.Equal(Kpi, update.GetProperty("data").GetProperty("comparisonUpdated").GetProperty("kpi").GetString());
        await socket.WaitForAsync("assessment", next => next.GetProperty("data").GetProperty("assessmentChanged") is var a
            && a.GetProperty("nodeId").GetString() == "1A" && a.GetProperty("year").GetInt32() == 2024, Patience,
            async () => $"assessments now: {await gateway.GetStringAsync(new Uri($"/api/benchmarking/assessments?plan={Plan}&year=2024", UriKind.Relative))}\n{await platform.DiagnosticsAsync()}");

        // The queries, through the gateway and either GraphQL instance, show the new values.
        var answer = await QueryAsync(gateway, $$"""
            { comparison(kpi: "{{Kpi}}", period: "2024", areas: ["0581"]) { version rows { areaId value } }
              assessments(plan: "{{Plan}}", year: 2024) { nodeId value referenceValue gap grade explanationSv } }
            """);
        var rows = answer.GetProperty("comparison").GetProperty("rows");
        Assert.Equal(norrkoping, rows.EnumerateArray().Single(r => r.GetProperty("areaId").GetString() == "0581").GetProperty("value").GetDouble());
        var assessment = answer.GetProperty("assessments").EnumerateArray().Single(a => a.GetProperty("nodeId").GetString() == "1A");
        Assert.Equal(norrkoping, assessment.GetProperty("value").GetDouble());
        Assert.Equal(riket, assessment.GetProperty("referenceValue").GetDouble());
        Assert.NotEqual("CANNOT_BE_ASSESSED", assessment.GetProperty("grade").GetString());
        Assert.Equal(Math.Abs(norrkoping - riket), Math.Abs(assessment.GetProperty("gap").GetDouble()), 6);
        Assert.False(string.IsNullOrWhiteSpace(assessment.GetProperty("explanationSv").GetString()));
    }

    [DistributedNodeFact]
    public async Task The_npm_graphql_ws_client_subscribed_through_the_gateway_receives_the_comparison_of_a_Kolada_import()
    {
        using var gateway = platform.GatewayClient();
        var value = Unique();
        using var subscriber = await NodeSubscriber.StartAsync(WebSocketAddress(platform.Gateway.Address, DistributedPlatform.NorrkopingKey),
            $$"""subscription { comparisonUpdated(kpi: "{{Kpi}}", areas: ["0581"]) { kpi period comparison { rows { areaId value } } } }""");
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // graphql-transport-ws does not acknowledge a subscription

        await Kolada.ImportAsync(gateway, (Kpi, "0581", 2021, value));

        await subscriber.WaitForAsync(e => e.GetProperty("event").GetString() == "next"
            && Row(e.GetProperty("payload"), "2021") is { } row && row.GetProperty("value").GetDouble() == value, Patience);
    }

    [DistributedFact]
    public async Task Both_GraphQL_instances_push_an_update_to_their_own_subscribers()
    {
        using var gateway = platform.GatewayClient();
        var value = Unique();
        // Straight to each instance, with the identity the gateway would have signed for the caller.
        await using var sockets = await platform.SubscribeOnEveryInstanceAsync("norrkoping", "c",
            $$"""subscription { comparisonUpdated(kpi: "{{Kpi}}", areas: ["0581"]) { period comparison { rows { areaId value } } } }""");

        await Kolada.ImportAsync(gateway, (Kpi, "0581", 2023, value));

        foreach (var socket in sockets)
        {
            await socket.WaitForAsync("c", next => Row(next, "2023") is { } row && row.GetProperty("value").GetDouble() == value, Patience);
        }
    }

    [DistributedFact]
    public async Task Two_benchmarking_instances_share_a_burst_as_competing_consumers_and_store_and_announce_each_change_once()
    {
        using var gateway = platform.GatewayClient();
        string[] kpis = ["N00999", "N15428", "N17445", "N00401", "N00610", "N01982", "N01983", "N07540", "U21468", "U23471", "U00502", "N03920"];
        const int year = 2019;
        var before = new Dictionary<string, int>();
        foreach (var kpi in kpis)
        {
            before[kpi] = (await Kolada.ComparisonAsync(gateway, kpi, year, "0581"))?.Version ?? 0;
        }
        var worked = platform.Benchmarking.Select(b => b.CountOutput("Recomputed ")).ToArray();
        await using var socket = await GraphQLSocket.ConnectAsync(WebSocketAddress(platform.Gateway.Address, DistributedPlatform.NorrkopingKey));
        foreach (var kpi in kpis)
        {
            await socket.SubscribeAsync(kpi, $$"""subscription { comparisonUpdated(kpi: "{{kpi}}", areas: ["0581"]) { kpi period version } }""");
        }
        var values = kpis.ToDictionary(k => k, _ => Unique());

        await Task.WhenAll(kpis.Select(kpi => Kolada.ImportAsync(gateway, (kpi, "0581", year, values[kpi]))));

        foreach (var kpi in kpis)
        {
            var version = await Kolada.WaitForValueAsync(gateway, kpi, year, "0581", values[kpi], Patience, () => platform.Logs());
            Assert.Equal(before[kpi] + 1, version); // stored once
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // any duplicate announcement would arrive by now
        foreach (var kpi in kpis)
        {
            var announced = socket.Received(kpi).Select(n => n.GetProperty("data").GetProperty("comparisonUpdated"))
                .Where(u => u.GetProperty("period").GetString() == year.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Single(announced); // announced once
        }
        var shares = platform.Benchmarking.Select((b, i) => b.CountOutput("Recomputed ") - worked[i]).ToArray();
        Assert.True(shares.All(s => s > 0), $"Each instance should have taken part of the burst; recomputes per instance: {string.Join(", ", shares)}");
        Assert.Equal(kpis.Length, shares.Sum());

        // The queue they share is a quorum queue (Messaging:QuorumQueues); each GraphQL instance's own queues stay classic.
        var types = await platform.Broker.QueueTypesAsync();
        Assert.Equal("quorum", types.GetValueOrDefault("indicator-values-changed"));
        Assert.All(types.Where(t => t.Key.Contains("-relay-graphql-", StringComparison.Ordinal)), t => Assert.Equal("classic", t.Value));
    }

    internal static double Unique() => Math.Round(10 + (Random.Shared.NextDouble() * 80), 1);

    internal static Uri WebSocketAddress(Uri http, string? key) =>
        new($"ws://{http.Authority}/graphql{(key is null ? "" : "?access_token=" + Uri.EscapeDataString(key))}");

    private static JsonElement? Row(JsonElement next, string period)
    {
        var update = next.GetProperty("data").GetProperty("comparisonUpdated");
        if (update.GetProperty("period").GetString() != period || update.GetProperty("comparison").ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        return update.GetProperty("comparison").GetProperty("rows").EnumerateArray().FirstOrDefault(r => r.GetProperty("areaId").GetString() == "0581") is { ValueKind: JsonValueKind.Object } row
            && row.GetProperty("value").ValueKind == JsonValueKind.Number ? row : null;
    }

    internal static async Task<JsonElement> QueryAsync(HttpClient gateway, string query)
    {
        using var response = await gateway.PostAsync(new Uri("/graphql", UriKind.Relative), new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode && !body.TryGetProperty("errors", out _), $"{(int)response.StatusCode}: {body}");
        return body.GetProperty("data");
    }
}
