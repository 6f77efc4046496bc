using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Jamforelse.IndicatorData.Tests.Api;

/// <summary>A tenant's own key figures: defined by the tenant, fed by CSV, never clashing with Kolada's.</summary>
public sealed class OwnKeyFigureTests : IDisposable
{
    private readonly IndicatorDataFactory _factory = new();
    private readonly HttpClient _client;

    public OwnKeyFigureTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private static object Body(string owner = "norrkoping", string? title = "Grönyta i staden, andel (%)", string? source = "Egen mätning") =>
        new { owner, title, source, unit = "%", betterDirection = "higher" };

    [Fact]
    public async Task A_tenant_defines_its_own_key_figure_feeds_it_by_csv_and_sees_its_coverage()
    {
        using (var created = await _client.PutAsJsonAsync("/api/indicator-data/kpis/norrkoping.gronyta", Body()))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var updated = await _client.PutAsJsonAsync("/api/indicator-data/kpis/norrkoping.gronyta", Body(title: "Grönyta i tätorten, andel (%)")))
        {
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }
        var own = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/kpis?owner=norrkoping");
        Assert.Equal("Grönyta i tätorten, andel (%)", own!["items"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == "norrkoping.gronyta")!["title"]!.GetValue<string>());
        var publicList = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/kpis?q=norrkoping.gronyta");
        Assert.Equal(0, publicList!["total"]!.GetValue<int>());

        var empty = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/kpis/norrkoping.gronyta/coverage");
        Assert.Null(empty!["firstYear"]);

        const string csv = "kpi,area,period,gender,value\nnorrkoping.gronyta,0581,2021,T,31.5\nnorrkoping.gronyta,0581,2023,T,32.0\n";
        using (var import = await _client.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Egen%20m%C3%A4tning", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv")))
        {
            Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
        }
        var coverage = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/kpis/norrkoping.gronyta/coverage");
        Assert.Equal(2021, coverage!["firstYear"]!.GetValue<int>());
        Assert.Equal(2023, coverage["lastYear"]!.GetValue<int>());
        Assert.Equal(1, coverage["areaCount"]!.GetValue<int>());

        // Its values are credited to the tenant's source, never to Kolada (Kolada's terms: processed data is not Kolada's).
        var observations = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/observations?kpi=norrkoping.gronyta");
        var source = (await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/kpis/norrkoping.gronyta"))!["source"]!.GetValue<string>();
        Assert.Equal("Källa: " + source, observations!["attribution"]!.GetValue<string>());
        var both = await _client.GetFromJsonAsync<JsonNode>("/api/indicator-data/observations?kpi=norrkoping.gronyta,N01951&format=kolada");
        Assert.Equal($"Källa: Kolada, {source}", both!["attribution"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("N00401", "norrkoping", "public Kolada key figure")]
    [InlineData("gronyta", "norrkoping", "norrkoping.<name>")]
    [InlineData("linkoping.gronyta", "norrkoping", "norrkoping.<name>")]
    [InlineData("norrkoping.Grönyta", "norrkoping", "norrkoping.<name>")]
    [InlineData("x.gronyta", "X", "owner is required")]
    public async Task Ids_that_could_clash_are_refused(string id, string owner, string expected)
    {
        using var response = await _client.PutAsJsonAsync($"/api/indicator-data/kpis/{id}", Body(owner));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Title_and_source_are_required_and_nothing_is_written_without_them()
    {
        using var response = await _client.PutAsJsonAsync("/api/indicator-data/kpis/norrkoping.utan-titel", Body(title: null, source: " "));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]!["title"]);
        Assert.NotNull(problem["errors"]!["source"]);
        using var get = await _client.GetAsync(new Uri("/api/indicator-data/kpis/norrkoping.utan-titel", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }
}
