using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.ServiceDefaults.Numbers;
using Jamforelse.Storage;

namespace Jamforelse.IndicatorData.Tests.Api;

/// <summary>Numbers outside <see cref="ValueRange"/>: refused on every write path, and harmless when already stored.</summary>
public sealed class HostileNumberTests : IDisposable
{
    private readonly IndicatorDataFactory _factory = new();
    private readonly HttpClient _client;

    public HostileNumberTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private static async Task<List<(string Position, string Message)>> ProblemsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!["problems"]!.AsArray().Select(p => (p!["position"]!.GetValue<string>(), p["message"]!.GetValue<string>())).ToList();
    }

    [Fact]
    public async Task Single_values_beyond_the_range_are_refused_each_with_its_position_and_nothing_is_written()
    {
        // Raw JSON: 1e309 and -1e400 are what a client sends; the serializer reads them as infinities.
        var body = """
            [{"kpi":"N01951","area":"0580","period":"2024","value":1e309},
             {"kpi":"N01951","area":"0581","period":"2024","value":-1e400},
             {"kpi":"N01951","area":"0680","period":"2024","value":1.7e308},
             {"kpi":"N01951","area":"1280","period":"2024","value":-1000000000000001}]
            """;
        var problems = await ProblemsAsync(await _client.PostAsync("/api/indicator-data/observations?source=test", new StringContent(body, Encoding.UTF8, "application/json")));

        Assert.Equal(["[0]", "[1]", "[2]", "[3]"], problems.Select(p => p.Position));
        Assert.All(problems, p => Assert.Contains(ValueRange.Rule, p.Message, StringComparison.Ordinal));
        Assert.Equal(0, await _factory.Store.SeriesCollection.CountAsync());
    }

    [Fact]
    public async Task The_ends_of_the_range_are_accepted()
    {
        var ok = await _client.PostAsJsonAsync("/api/indicator-data/observations?source=test", new[]
        {
            new { kpi = "N01951", area = "0580", period = "2024", value = ValueRange.MaxMagnitude },
            new { kpi = "N01951", area = "0581", period = "2024", value = -ValueRange.MaxMagnitude },
            new { kpi = "N01951", area = "0680", period = "2024", value = double.Epsilon },
        });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(3, JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["inserted"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_csv_value_beyond_the_range_is_a_listed_problem()
    {
        var problems = await ProblemsAsync(await _client.PostAsync("/api/indicator-data/imports/csv?source=WebFOCUS",
            new StringContent("kpi,area,period,value\nN01951,0580,2024,1.5\nN01951,0581,2024,2e15\nN01951,0680,2024,1e400\n", Encoding.UTF8, "text/csv")));

        Assert.Equal(["line 3", "line 4"], problems.Select(p => p.Position));
        Assert.Contains(ValueRange.Rule, problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, await _factory.Store.SeriesCollection.CountAsync());
    }

    [Fact]
    public async Task A_kolada_value_beyond_the_range_is_a_listed_problem()
    {
        var problems = await ProblemsAsync(await _client.PostAsync("/api/indicator-data/imports/kolada", KoladaSample.Content(KoladaSample.Page(
            new { kpi = "N01951", municipality = "0580", period = 2024, values = new object[] { new { gender = "T", value = 168035.0 }, new { gender = "K", value = 1.7e308 } } }))));

        var problem = Assert.Single(problems);
        Assert.Equal("values[0].values[1]", problem.Position);
        Assert.Contains(ValueRange.Rule, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_value_the_platform_now_refuses_is_read_as_missing_with_a_flag_not_a_500()
    {
        var points = new[] { double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1.7e308 }
            .Select((value, i) => new ObservationPoint { Period = (2020 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Value = value, Source = "old", ImportId = "before-the-range" })
            .Append(new ObservationPoint { Period = "2024", Value = 42.5, Source = "old", ImportId = "before-the-range" })
            .ToList();
        await _factory.Store.Store.CommitAsync(new WriteBatch().Upsert(IndicatorDataStore.Series,
            new ObservationSeries { Id = ObservationSeries.IdOf("N01951", "0580"), KpiId = "N01951", AreaId = "0580", Points = points }));

        var response = await _client.GetAsync("/api/indicator-data/observations?kpi=N01951");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");

        var rows = JsonNode.Parse(body)!["observations"]!.AsArray();
        Assert.Equal(5, rows.Count);
        foreach (var row in rows.Take(4))
        {
            Assert.Null(row!["value"]);
            Assert.False(row["counts"]!.GetValue<bool>());
            Assert.Equal(ObservationQueries.OutOfRangeFlag, row["flag"]!.GetValue<string>());
            Assert.Equal(ObservationQueries.OutOfRangeLabel, row["statusLabel"]!.GetValue<string>());
        }
        Assert.Equal(42.5, rows[4]!["value"]!.GetValue<double>());
        Assert.True(rows[4]!["counts"]!.GetValue<bool>());

        var kolada = await _client.GetAsync("/api/indicator-data/observations?kpi=N01951&format=kolada");
        Assert.Equal(HttpStatusCode.OK, kolada.StatusCode);
    }
}
