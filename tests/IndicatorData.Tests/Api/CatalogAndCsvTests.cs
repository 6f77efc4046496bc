using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Jamforelse.IndicatorData.Tests.Api;

public sealed class CatalogAndCsvTests : IDisposable
{
    private readonly IndicatorDataFactory _factory = new();
    private readonly HttpClient _client;

    public CatalogAndCsvTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private Task<HttpResponseMessage> PostCsvAsync(string csv, string query = "?source=WebFOCUS") =>
        _client.PostAsync("/api/indicator-data/imports/csv" + query, new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task The_whole_Kolada_catalogue_and_all_areas_are_loaded()
    {
        var kpis = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/kpis?pageSize=1");
        Assert.Equal(6099 + 2, kpis!["total"]!.GetValue<int>()); // the catalogue plus the documented supplement
        Assert.Equal("Källa: Kolada", kpis["attribution"]!.GetValue<string>());

        var municipalities = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/areas?type=municipality&pageSize=1");
        Assert.Equal(290, municipalities!["total"]!.GetValue<int>());
        var regions = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/areas?type=region&pageSize=100");
        Assert.Contains(regions!["items"]!.AsArray(), r => r!["id"]!.GetValue<string>() == "0005");
        var riket = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/areas/0000");
        Assert.Equal("country", riket!["type"]!.GetValue<string>());

        var group = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/groups/G37449");
        Assert.Contains("Linköping", group!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(group["members"]!.AsArray());
        var jonkopingGroups = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/groups?member=0680&pageSize=500");
        Assert.Contains(jonkopingGroups!["items"]!.AsArray(), g => g!["id"]!.GetValue<string>() == "G37449");
    }

    [Fact]
    public async Task Key_figures_can_be_searched_and_carry_unit_direction_and_its_reason()
    {
        var page = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/kpis?q=arbetslösa&pageSize=5&page=1");
        Assert.True(page!["total"]!.GetValue<int>() > 0);
        var first = page["items"]![0]!;
        Assert.Equal("lower", first["betterDirection"]!.GetValue<string>());
        Assert.Contains("arbetslös", first["betterDirectionReason"]!.GetValue<string>(), StringComparison.Ordinal);

        var detailed = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/kpis/U21468");
        Assert.False(string.IsNullOrEmpty(detailed!["description"]?.GetValue<string>()));

        await ProblemAsync(await _client.GetAsync("/api/indicator-data/kpis?pageSize=0"), HttpStatusCode.BadRequest);
        await ProblemAsync(await _client.GetAsync("/api/indicator-data/kpis/NOPE"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_better_direction_can_be_overridden_with_a_reason()
    {
        var bad = await _client.PutAsJsonAsync("/api/indicator-data/kpis/N01951/better-direction", new { direction = "up" });
        var problem = await ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["direction"]);
        Assert.NotNull(problem["errors"]!["reason"]);

        var ok = await _client.PutAsJsonAsync("/api/indicator-data/kpis/N01951/better-direction", new { direction = "higher", reason = "KS beslut 2026" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var kpi = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/kpis/N01951");
        Assert.Equal("higher", kpi!["betterDirection"]!.GetValue<string>());
        Assert.Equal("override: KS beslut 2026", kpi["betterDirectionReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Csv_as_Swedish_Excel_saves_it_is_imported_with_provider_and_quarter()
    {
        var response = await PostCsvAsync("kpi;area;period;gender;provider;value;count\nN01951;0581;2024-Q1;K;own;12,5;3\nN01951;0581;2024-Q1;K;private;;\n");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var json = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/observations?kpi=N01951&area=0581&provider=own,private");
        var rows = json!["observations"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var own = rows.Single(r => r!["provider"]!.GetValue<string>() == "own")!;
        Assert.Equal(12.5, own["value"]!.GetValue<double>());
        Assert.Equal(3, own["count"]!.GetValue<int>());
        Assert.Equal("2024-Q1", own["period"]!.GetValue<string>());
        Assert.Equal("WebFOCUS", own["source"]!.GetValue<string>());
        var privat = rows.Single(r => r!["provider"]!.GetValue<string>() == "private")!;
        Assert.Null(privat["value"]);
        Assert.Equal("missing", privat["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_csv_lists_each_line_and_writes_nothing()
    {
        var response = await PostCsvAsync("kpi,area,period,value,status\nN01951,0580,2024,1.5,\nN01951,0580,2024-Q5,1,\nN01951,0580,2023,NaN,\nN01951,0580,2022,,preliminary\n");
        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var positions = problem["problems"]!.AsArray().Select(p => p!["position"]!.GetValue<string>()).ToList();
        Assert.Equal(["line 3", "line 4", "line 5"], positions);
        Assert.Equal(0, await _factory.Store.SeriesCollection.CountAsync());

        var header = await ProblemAsync(await PostCsvAsync("kpi,area,year,value\n"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("missing column(s) period", header["problems"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var noSource = await ProblemAsync(await PostCsvAsync("kpi,area,period,value\nN01951,0580,2024,1\n", ""), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("source is missing", noSource["problems"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Single_values_go_through_the_same_rules()
    {
        var ok = await _client.PostAsJsonAsync("/api/indicator-data/observations?source=Treserva",
            new[] { new { kpi = "N07926", area = "0580", period = "2025-interim", value = 30.5 } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["inserted"]!.GetValue<int>());

        var bad = await _client.PostAsJsonAsync("/api/indicator-data/observations?source=Treserva",
            new[] { new { kpi = "N07926", area = "0580", period = "2025", gender = "X", value = 1.0 } });
        var problem = await ProblemAsync(bad, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("[0]", problem["problems"]![0]!["position"]!.GetValue<string>());

        await ProblemAsync(await _client.PostAsync("/api/indicator-data/observations", new StringContent("{", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Observation_queries_validate_their_parameters_and_expand_groups()
    {
        var problem = await ProblemAsync(await _client.GetAsync("/api/indicator-data/observations?kpi=&from=2025&to=2020&gender=X"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["kpi"]);
        Assert.NotNull(problem["errors"]!["from"]);
        Assert.NotNull(problem["errors"]!["gender"]);

        await _client.PostAsJsonAsync("/api/indicator-data/observations?source=test", new[]
        {
            new { kpi = "N01951", area = "0680", period = "2024", value = 1.0 },
            new { kpi = "N01951", area = "0180", period = "2024", value = 2.0 },
            new { kpi = "N01951", area = "G37449", period = "2024", value = 3.0 },
        });
        var group = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/observations?kpi=N01951&group=G37449&from=2024&to=2024");
        var areas = group!["observations"]!.AsArray().Select(o => o!["area"]!.GetValue<string>()).ToList();
        Assert.Contains("G37449", areas);
        Assert.Contains("0680", areas); // Jönköping is one of the municipalities similar to Linköping
        Assert.DoesNotContain("0180", areas); // Stockholm is not
    }
}
