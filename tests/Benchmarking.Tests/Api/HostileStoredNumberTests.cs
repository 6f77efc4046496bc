using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jamforelse.Benchmarking.Engine;
using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Storage;
using Jamforelse.Contracts.IndicatorData;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.Benchmarking.Tests.Api;

/// <summary>Numbers stored before the platform refused them (infinities, 1.7e308) cannot make a comparison or an assessment answer 500.</summary>
public sealed class HostileStoredNumberTests : IAsyncLifetime
{
    private readonly PlatformFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _factory.ReadyClientAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private const string Comparison = "/api/benchmarking/comparisons?kpi=N03920&period=2024";

    private async Task<JsonNode> OkAsync(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static JsonNode Row(JsonNode comparison, string area) => comparison["areas"]!.AsArray().Single(r => r!["areaId"]!.GetValue<string>() == area)!;

    [Fact]
    public async Task Values_stored_beyond_the_range_are_flagged_in_the_comparison_and_the_assessment_answers()
    {
        var values = new Dictionary<string, double> { ["0000"] = 6.2, ["0581"] = double.PositiveInfinity, ["0580"] = 1.7e308, ["0180"] = 1.7e308, ["1280"] = 9.4 };
        var batch = new WriteBatch();
        foreach (var (area, value) in values)
        {
            batch.Upsert(IndicatorDataStore.Series, new ObservationSeries
            {
                Id = ObservationSeries.IdOf("N03920", area), KpiId = "N03920", AreaId = area,
                Points = [new ObservationPoint { Period = "2024", Value = value, Source = "old", ImportId = "before-the-range" }],
            });
        }
        await _factory.Services.GetRequiredService<IndicatorDataStore>().Store.CommitAsync(batch);
        await _factory.Services.GetRequiredService<IBus>().Publish(new IndicatorValuesChanged
        {
            KpiId = "N03920", AreaIds = [.. values.Keys], Periods = ["2024"], ImportId = "before-the-range", ValuesChanged = values.Count, ChangedAt = DateTimeOffset.UtcNow,
        });

        var comparison = await PlatformFactory.EventuallyAsync(_client, Comparison, c => c["municipalitiesWithData"]!.GetValue<int>() == 1);
        Assert.Equal(9.4, Row(comparison, "1280")["value"]!.GetValue<double>());
        Assert.Null(Row(comparison, "0580")["value"]);
        Assert.Null(Row(comparison, "0581")["value"]);
        Assert.Equal(ObservationQueries.OutOfRangeFlag, Row(comparison, "0581")["status"]?.GetValue<string>());
        var average = comparison["references"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "average")!;
        Assert.Equal(9.4, average["value"]!.GetValue<double>());

        await OkAsync(Comparison + "&references=region:0005");
        await OkAsync("/api/benchmarking/assessments/norrkoping-kf-2023-2026/1A/2024");
    }

    [Fact]
    public async Task A_comparison_stored_from_such_values_by_an_earlier_version_is_computed_again_when_read()
    {
        using (var import = await _client.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Test", UriKind.Relative), new StringContent(
            "kpi,area,period,value\nN03920,0000,2024,6.2\nN03920,0581,2024,7.4\nN03920,0580,2024,5.2\n", Encoding.UTF8, "text/csv")))
        {
            Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
        }
        await PlatformFactory.EventuallyAsync(_client, Comparison, c => c["municipalitiesWithData"]!.GetValue<int>() == 2);

        // What the engine stored before the range: two 1.7e308 whose mean overflowed, and an infinity.
        var store = _factory.Services.GetRequiredService<BenchmarkingStore>();
        var document = (await store.ComparisonCollection.GetAsync(ComparisonDocument.IdOf("N03920", "2024")))!;
        var stored = Serialization.Read<StoredComparison>(document.Json);
        var variant = stored.Variant("T", "total")!;
        var values = new Dictionary<string, double?>(variant.Values) { ["0581"] = 1.7e308, ["0580"] = 1.7e308, ["0000"] = double.NegativeInfinity };
        var broken = variant.Comparison with
        {
            Areas = [.. variant.Comparison.Areas.Select(a => a.AreaId is "0581" or "0580" ? a with { Value = 1.7e308 } : a)],
            References = [.. variant.Comparison.References.Select(r => r with { Value = double.PositiveInfinity })],
        };
        document.Json = Serialization.Json(stored with { Variants = [variant with { Values = values, Comparison = broken }] });
        await store.ComparisonCollection.UpsertAsync(document);

        var comparison = await OkAsync(Comparison);
        Assert.Equal(0, comparison["municipalitiesWithData"]!.GetValue<int>());
        Assert.Equal(ComparisonEngine.OutOfRangeStatus, Row(comparison, "0581")["status"]?.GetValue<string>());
        Assert.All(comparison["references"]!.AsArray(), r => Assert.Null(r!["value"]));
        await OkAsync(Comparison + "&baseline=2024");

        // An assessment stored with such numbers answers with them as missing.
        var assessment = await PlatformFactory.EventuallyAsync(_client, "/api/benchmarking/assessments/norrkoping-kf-2023-2026/1A/2024", _ => true);
        var assessmentDocument = (await store.AssessmentCollection.GetAsync(AssessmentDocument.IdOf("norrkoping-kf-2023-2026", "1A", 2024)))!;
        var view = Serialization.Read<AssessmentView>(assessmentDocument.Json);
        assessmentDocument.Json = Serialization.Json(view with
        {
            Assessment = view.Assessment with { Value = double.PositiveInfinity, Gap = double.NaN, Change = double.NegativeInfinity },
            Series = view.Series.ToDictionary(s => s.Key, s => (IReadOnlyList<Jamforelse.Benchmarking.Assessments.YearValue>)[.. s.Value.Select(v => v with { Subject = 1.7e308 })]),
        });
        await store.AssessmentCollection.UpsertAsync(assessmentDocument);

        var answered = await OkAsync("/api/benchmarking/assessments/norrkoping-kf-2023-2026/1A/2024");
        Assert.Null(answered["assessment"]!["assessment"]!["value"]);
        Assert.Null(answered["assessment"]!["assessment"]!["gap"]);
        Assert.Equal(assessment["assessment"]!["grade"]!.GetValue<string>(), answered["assessment"]!["grade"]!.GetValue<string>());
        await OkAsync("/api/benchmarking/assessments?plan=norrkoping-kf-2023-2026");
    }
}
