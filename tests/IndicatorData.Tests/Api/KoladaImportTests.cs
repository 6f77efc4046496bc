using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jamforelse.Contracts.IndicatorData;
using Jamforelse.IndicatorData.Domain;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.IndicatorData.Tests.Api;

public sealed class KoladaImportTests : IDisposable
{
    private readonly IndicatorDataFactory _factory = new();
    private readonly HttpClient _client;

    public KoladaImportTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task<JsonNode> ImportAsync(string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.PostAsync("/api/indicator-data/imports/kolada", KoladaSample.Content(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task<SortedDictionary<string, double?>> QueryKoladaShapeAsync(IEnumerable<string> kpis)
    {
        var all = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach (var chunk in kpis.Chunk(25))
        {
            var json = await _client.GetStringAsync($"/api/indicator-data/observations?format=kolada&kpi={string.Join(',', chunk)}");
            foreach (var (key, value) in KoladaSample.Values(json))
            {
                all[key] = value;
            }
        }
        return all;
    }

    [Fact]
    public async Task Real_Kolada_values_come_back_unchanged_from_the_observations_query()
    {
        var file = KoladaSample.LinkopingJson();
        var expected = KoladaSample.Values(file);

        var outcome = await ImportAsync(file);

        Assert.Equal(expected.Count, outcome["inserted"]!.GetValue<int>());
        Assert.Equal(expected, await QueryKoladaShapeAsync(KoladaSample.KeyFigures(file)));
    }

    [Fact]
    public async Task The_same_file_twice_changes_nothing_and_publishes_nothing()
    {
        var file = KoladaSample.LinkopingJson();
        var harness = _factory.Services.GetRequiredService<ITestHarness>();
        var first = await ImportAsync(file);
        var keyFigures = first["keyFiguresChanged"]!.AsArray().Count;
        // One event per key figure, published by the outbox relay.
        await WaitForAsync(() => harness.Published.Select<IndicatorValuesChanged>().Count() == keyFigures);
        var before = await QueryKoladaShapeAsync(KoladaSample.KeyFigures(file));

        var second = await ImportAsync(file);

        Assert.Equal(0, second["inserted"]!.GetValue<int>());
        Assert.Equal(0, second["updated"]!.GetValue<int>());
        Assert.Equal(first["inserted"]!.GetValue<int>(), second["unchanged"]!.GetValue<int>());
        Assert.Empty(second["keyFiguresChanged"]!.AsArray());
        Assert.Equal(before, await QueryKoladaShapeAsync(KoladaSample.KeyFigures(file)));
        Assert.Equal(0, await _factory.Store.Outbox.Messages.CountAsync());
        Assert.Equal(keyFigures, harness.Published.Select<IndicatorValuesChanged>().Count());
    }

    [Fact]
    public async Task One_event_per_key_figure_names_the_areas_and_periods_that_changed()
    {
        var harness = _factory.Services.GetRequiredService<ITestHarness>();
        await ImportAsync(KoladaSample.Page(
            new { kpi = "N01951", municipality = "0580", period = 2024, values = new[] { new { gender = "T", value = 168035.0 }, new { gender = "K", value = 82000.0 } } },
            new { kpi = "N01951", municipality = "0581", period = 2023, values = new[] { new { gender = "T", value = 144000.0 } } },
            new { kpi = "N07926", municipality = "0580", period = 2025, values = new[] { new { gender = "T", value = 31.0 } } }));

        await WaitForAsync(() => harness.Published.Select<IndicatorValuesChanged>().Count() == 2);
        var events = harness.Published.Select<IndicatorValuesChanged>().Select(m => m.Context.Message).OrderBy(m => m.KpiId).ToList();
        Assert.Equal(["N01951", "N07926"], events.Select(e => e.KpiId));
        Assert.Equal(["0580", "0581"], events[0].AreaIds);
        Assert.Equal(["2023", "2024"], events[0].Periods);
        Assert.Equal(3, events[0].ValuesChanged);
        Assert.Equal(["2025"], events[1].Periods);
    }

    [Fact]
    public async Task A_bad_import_lists_every_problem_with_its_position_and_writes_nothing()
    {
        var response = await _client.PostAsync("/api/indicator-data/imports/kolada", KoladaSample.Content(KoladaSample.Page(
            new { kpi = "N01951", municipality = "0580", period = 2024, values = new object[] { new { gender = "T", value = 168035.0 }, new { gender = "K", value = "många" } } },
            new { kpi = "N99999X", municipality = "0580", period = 2024, values = new[] { new { gender = "T", value = 1.0 } } },
            new { kpi = "N01951", municipality = "9999", period = 2024, values = new[] { new { gender = "T", value = 1.0 } } },
            new { kpi = "N01951", municipality = "0581", period = 24, values = new[] { new { gender = "T", value = 1.0 } } },
            new { kpi = "N01951", municipality = "0580", period = 2024, values = new[] { new { gender = "T", value = 170000.0 } } })));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(5, problem["rejected"]!.GetValue<int>());
        var problems = problem["problems"]!.AsArray().Select(p => (p!["position"]!.GetValue<string>(), p["message"]!.GetValue<string>())).ToList();
        Assert.Collection(problems,
            p => Assert.Equal(("values[0].values[1]", "value \"många\" is not a number."), p),
            p => Assert.Equal(("values[1].values[0]", "unknown key figure \"N99999X\"."), p),
            p => Assert.Equal(("values[2].values[0]", "unknown area \"9999\"."), p),
            p => Assert.StartsWith("bad period \"24\"", p.Item2),
            p => Assert.Equal("values[4].values[0]", p.Item1));
        Assert.Contains("conflicts with row 1", problems[4].Item2, StringComparison.Ordinal);

        Assert.Equal(0, await _factory.Store.SeriesCollection.CountAsync());
        // The only message a refused import sends is its "failed" progress event (through the outbox, so it may
        // still be on its way on a loaded machine); no values changed.
        var harness = _factory.Services.GetRequiredService<ITestHarness>();
        await WaitForAsync(() => harness.Published.Select<ImportProgressed>().Any(m => m.Context.Message.Phase == ImportProgressed.Failed));
        Assert.Empty(harness.Published.Select<IndicatorValuesChanged>());
    }

    [Theory]
    [InlineData("{\"values\": [ {\"kpi\": \"N01951\", ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("")]
    [InlineData("{\"values\": []} {\"values\": []}")]
    [InlineData("{\"count\": 0, \"values\": []}x")]
    public async Task Malformed_json_and_junk_after_the_document_are_a_bad_request(string body)
    {
        var problem = await ImportAsync(body, HttpStatusCode.BadRequest);
        Assert.True(problem["rejected"]!.GetValue<int>() >= 1);
        Assert.NotEmpty(problem["problems"]!.AsArray());
        Assert.Equal(0, await _factory.Store.SeriesCollection.CountAsync());
    }

    [Fact]
    public async Task A_changed_value_keeps_the_earlier_one_in_history()
    {
        var original = KoladaSample.Page(new { kpi = "N01951", municipality = "0580", period = 2024, values = new[] { new { gender = "T", value = 168035.0 } } });
        var revised = KoladaSample.Page(new { kpi = "N01951", municipality = "0580", period = 2024, values = new[] { new { gender = "T", value = 168100.0 } } });
        var first = await ImportAsync(original);
        var second = await ImportAsync(revised);

        Assert.Equal(1, second["updated"]!.GetValue<int>());
        var series = await _factory.Store.SeriesCollection.GetAsync(ObservationSeries.IdOf("N01951", "0580"));
        var point = Assert.Single(series!.Points);
        Assert.Equal(168100.0, point.Value);
        var earlier = Assert.Single(point.History!);
        Assert.Equal(168035.0, earlier.Value);
        Assert.Equal(first["importId"]!.GetValue<string>(), earlier.ImportId);
        Assert.Equal(second["importId"]!.GetValue<string>(), point.ImportId);

        var observations = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/observations?kpi=N01951&area=0580");
        Assert.Equal(1, observations!["observations"]![0]!["revisions"]!.GetValue<int>());
    }

    [Fact]
    public async Task Gender_order_does_not_matter_and_missing_values_are_never_zero()
    {
        await ImportAsync(KoladaSample.Page(new
        {
            kpi = "N01951",
            municipality = "0580",
            period = 2025,
            values = new object?[]
            {
                new { gender = "M", value = (double?)85920, count = 1, status = "" },
                new { gender = "T", value = (double?)null, count = (int?)null, status = "" },
                new { gender = "K", value = (double?)82794, count = (int?)null, status = "" },
            },
        }));

        var json = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/observations?kpi=N01951&area=0580&gender=T,K");
        var rows = json!["observations"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var total = rows.Single(r => r!["gender"]!.GetValue<string>() == "T")!;
        Assert.Null(total["value"]);
        Assert.Equal("missing", total["status"]!.GetValue<string>());
        Assert.Equal(82794, rows.Single(r => r!["gender"]!.GetValue<string>() == "K")!["value"]!.GetValue<double>());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the outbox relay to publish");
            await Task.Delay(50);
        }
    }
}
