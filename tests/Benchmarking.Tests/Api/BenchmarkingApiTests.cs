using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jamforelse.Contracts.Benchmarking;
using Jamforelse.Contracts.IndicatorData;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.Benchmarking.Tests.Api;

public sealed class BenchmarkingApiTests : IAsyncLifetime
{
    private readonly PlatformFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _factory.ReadyClientAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task ImportCsvAsync(string csv)
    {
        using var response = await _client.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Test", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private const string Unemployment =
        "kpi,area,period,gender,value\n" +
        "N03920,0000,2022,T,6.0\nN03920,0581,2022,T,8.0\nN03920,0580,2022,T,5.0\nN03920,0180,2022,T,5.5\nN03920,1280,2022,T,9.0\n" +
        "N03920,0000,2024,T,6.2\nN03920,0581,2024,T,7.4\nN03920,0580,2024,T,5.2\nN03920,0180,2024,T,5.6\nN03920,1280,2024,T,9.4\n";

    private static string Version(JsonNode comparison) => comparison["version"]!.ToJsonString();

    [Fact]
    public async Task An_import_updates_the_comparison_and_the_assessment_without_any_manual_step()
    {
        await ImportCsvAsync(Unemployment);

        var comparison = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/comparisons?kpi=N03920&period=2024", c => c["municipalitiesWithData"]!.GetValue<int>() == 4);
        var rows = comparison["areas"]!.AsArray();
        Assert.Equal(["0580", "0180", "0581", "1280"], rows.Take(4).Select(r => r!["areaId"]!.GetValue<string>()));
        Assert.Equal([1, 2, 3, 4], rows.Take(4).Select(r => r!["rank"]!.GetValue<int>()));
        Assert.Equal(["best", "middle", "middle", "worst"], rows.Take(4).Select(r => r!["quartile"]!.GetValue<string>()));
        Assert.Equal(290, rows.Count);
        Assert.Null(rows[4]!["value"]);
        var average = comparison["references"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "average")!;
        Assert.Equal(6.9, average["value"]!.GetValue<double>(), 9);
        Assert.Equal(4, average["count"]!.GetValue<int>());
        var norrkoping = rows.Single(r => r!["areaId"]!.GetValue<string>() == "0581")!;
        var toRiket = norrkoping["gaps"]!.AsArray().Single(g => g!["referenceKey"]!.GetValue<string>() == "riket")!;
        Assert.Equal(1.2, toRiket["worse"]!.GetValue<double>(), 9);
        Assert.Equal("Källa: Kolada", comparison["attribution"]!.GetValue<string>());

        var met = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/assessments/norrkoping-kf-2023-2026/1A/2024",
            a => a["assessment"]!["grade"]!.GetValue<string>() == "met");
        Assert.Equal("Skillnaden mellan Norrköping och riket har minskat från 2,0 till 1,2 procentenheter jämfört med 2022.",
            met["assessment"]!["assessment"]!["explanationSv"]!.GetValue<string>());

        // Worse values for 2024: the gap widens and the value itself worsened: not met, announced once.
        await ImportCsvAsync("kpi,area,period,gender,value\nN03920,0581,2024,T,8.5\n");
        var notMet = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/assessments/norrkoping-kf-2023-2026/1A/2024",
            a => a["assessment"]!["grade"]!.GetValue<string>() == "notMet");
        Assert.Equal(met["version"]!.GetValue<int>() + 1, notMet["version"]!.GetValue<int>());
        var harness = _factory.Services.GetRequiredService<ITestHarness>();
        // The event leaves through the outbox relay, a moment after the read model is written.
        for (var waited = 0; !harness.Published.Select<AssessmentChanged>().Any(m => m.Context.Message.NodeId == "1A" && m.Context.Message.Year == 2024 && m.Context.Message.Grade == "notMet" && m.Context.Message.PreviousGrade == "met"); waited += 50)
        {
            Assert.True(waited < 15_000, "No AssessmentChanged from met to notMet for 1A 2024 within 15 s.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Reprocessing_the_same_message_changes_nothing()
    {
        await ImportCsvAsync(Unemployment);
        var before = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/comparisons?kpi=N03920&period=2024", c => c["municipalitiesWithData"]!.GetValue<int>() == 4);
        var assessmentBefore = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/assessments/norrkoping-kf-2023-2026/1A/2024", a => a["assessment"]!["grade"]!.GetValue<string>() == "met");
        var harness = _factory.Services.GetRequiredService<ITestHarness>();
        var updatesBefore = harness.Published.Select<ComparisonUpdated>().Count(m => m.Context.Message.KpiId == "N03920");

        var again = new IndicatorValuesChanged { KpiId = "N03920", AreaIds = ["0581"], Periods = ["2022", "2024"], ImportId = "replayed", ValuesChanged = 10 };
        // The same event twice (as a redelivery after a lost acknowledgement would bring it, with its own
        // message id here because the harness lists messages by id).
        for (var i = 0; i < 2; i++)
        {
            await harness.Bus.Publish(again);
        }
        // Both deliveries are consumed (the consumer recomputes from the sources each time) before we look.
        for (var waited = 0; harness.Consumed.Select<IndicatorValuesChanged>().Count(m => m.Context.Message.ImportId == "replayed") < 2; waited += 100)
        {
            Assert.True(waited < 20_000, "The replayed message was not consumed twice within 20 s.");
            await Task.Delay(100);
        }

        var after = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/comparisons?kpi=N03920&period=2024", _ => true);
        Assert.Equal(Version(before), Version(after));
        Assert.Equal(updatesBefore, harness.Published.Select<ComparisonUpdated>().Count(m => m.Context.Message.KpiId == "N03920"));
        var assessmentAfter = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/assessments/norrkoping-kf-2023-2026/1A/2024", _ => true);
        Assert.Equal(assessmentBefore["version"]!.GetValue<int>(), assessmentAfter["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Every_quantitative_criterion_of_seed_004_is_assessed_for_every_year_or_says_why_not()
    {
        var assessments = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/assessments?plan=norrkoping-kf-2023-2026", a => a["count"]!.GetValue<int>() == 21 * 4);
        var items = assessments["items"]!.AsArray();
        Assert.Equal(21, items.Select(i => i!["assessment"]!["nodeId"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal([2023, 2024, 2025, 2026], items.Select(i => i!["assessment"]!["year"]!.GetValue<int>()).Distinct().Order());
        foreach (var item in items.Select(i => i!["assessment"]!).Where(a => a["grade"]!.GetValue<string>() == "cannotBeAssessed"))
        {
            Assert.False(string.IsNullOrWhiteSpace(item["assessment"]!["reason"]?.GetValue<string>()), item.ToJsonString());
            Assert.False(string.IsNullOrWhiteSpace(item["assessment"]!["explanationEn"]?.GetValue<string>()));
        }
        var byTenant = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/assessments?tenant=norrkoping&year=2024", _ => true);
        Assert.Equal(21, byTenant["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Comparisons_take_a_peer_group_references_and_a_baseline_and_show_their_inputs()
    {
        await ImportCsvAsync(Unemployment);
        await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/comparisons?kpi=N03920&period=2024", c => c["municipalitiesWithData"]!.GetValue<int>() == 4);

        using var created = await _client.PostAsJsonAsync("/api/benchmarking/peer-groups", new { name = "Östgötastäder", owner = "norrkoping", members = (string[])["0580", "0180"], shared = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var groupId = (await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();

        var comparison = await PlatformFactory.EventuallyAsync(_client,
            $"/api/benchmarking/comparisons?kpi=N03920&period=2024&areas=0581&group={groupId}&references=municipality:0580,region:0005&baseline=2022", _ => true);
        Assert.Equal(["0580", "0180", "0581"], comparison["areas"]!.AsArray().Select(r => r!["areaId"]!.GetValue<string>()));
        var group = comparison["references"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "group:" + groupId)!;
        Assert.Equal((5.2 + 5.6) / 2, group["value"]!.GetValue<double>(), 9);
        Assert.Equal(["0180", "0580"], group["areasUsed"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Contains(comparison["references"]!.AsArray(), r => r!["key"]!.GetValue<string>() == "municipality:0580");
        // Kolada has no stored Östergötland value here: the region is the mean of its municipalities with a value.
        var region = comparison["references"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "region:0005")!;
        Assert.Equal((5.2 + 7.4) / 2, region["value"]!.GetValue<double>(), 9);
        Assert.Equal("unweighted mean of members", region["method"]!.GetValue<string>());
        var change = comparison["baseline"]!["areas"]!.AsArray().Single(a => a!["areaId"]!.GetValue<string>() == "0581")!;
        Assert.Equal(-0.6, change["valueChange"]!.GetValue<double>(), 9);
        Assert.Equal(-0.8, change["gaps"]!.AsArray().Single(g => g!["referenceKey"]!.GetValue<string>() == "riket")!["change"]!.GetValue<double>(), 9);
        Assert.Equal(7.4, comparison["inputs"]!["values"]!["0581"]!.GetValue<double>());

        var series = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/series?kpi=N03920&areas=0581,0580&from=2020&to=2024", _ => true);
        Assert.Equal(["2022", "2024"], series["years"]!.AsArray().Select(y => y!["period"]!.GetValue<string>()));
        Assert.Equal([8.0, 5.0], series["years"]![0]!["areas"]!.AsArray().Select(a => a!["value"]!.GetValue<double>()).Order().Reverse());
    }
}
