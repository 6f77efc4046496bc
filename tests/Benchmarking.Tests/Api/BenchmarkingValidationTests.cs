using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Jamforelse.Benchmarking.Tests.Api;

/// <summary>Requests refused before anything is computed or written; they share one platform.</summary>
public sealed class BenchmarkingValidationTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/api/benchmarking/comparisons?period=2024", HttpStatusCode.BadRequest)]
    [InlineData("/api/benchmarking/comparisons?kpi=N03920", HttpStatusCode.BadRequest)]
    [InlineData("/api/benchmarking/comparisons?kpi=N03920&period=2024&gender=X", HttpStatusCode.BadRequest)]
    [InlineData("/api/benchmarking/comparisons?kpi=N03920&period=2024&references=nation", HttpStatusCode.BadRequest)]
    [InlineData("/api/benchmarking/comparisons?kpi=N03920&period=2024&areas=9999", HttpStatusCode.BadRequest)]
    [InlineData("/api/benchmarking/comparisons?kpi=N03920&period=2024&group=G0", HttpStatusCode.BadRequest)]
    [InlineData("/api/benchmarking/comparisons?kpi=N03920&period=1990", HttpStatusCode.NotFound)]
    [InlineData("/api/benchmarking/series?kpi=N03920", HttpStatusCode.BadRequest)]
    [InlineData("/api/benchmarking/assessments", HttpStatusCode.BadRequest)]
    [InlineData("/api/benchmarking/assessments?tenant=norrkoping&grade=good", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_are_refused_with_a_problem(string url, HttpStatusCode expected)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_peer_group_needs_a_name_an_owner_and_known_municipalities()
    {
        using var response = await _client.PostAsJsonAsync("/api/benchmarking/peer-groups", new { name = "", owner = "Norrköping", members = (string[])["0581", "G37480"] });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!;
        Assert.NotNull(errors["name"]);
        Assert.NotNull(errors["owner"]);
        Assert.Contains("G37480", errors["members"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("0", (await _client.GetFromJsonAsync<JsonArray>("/api/benchmarking/peer-groups?tenant=norrkoping"))!.Count.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("""{"name":"Östgötastäder","owner":"norrkoping","members":["0580",null],"shared":false}""")]
    [InlineData("""{"name":"Östgötastäder","owner":"norrkoping","members":["0580",""],"shared":false}""")]
    public async Task A_peer_group_member_that_is_null_or_empty_is_refused_with_a_problem(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/api/benchmarking/peer-groups", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["members"]);
    }
}
