using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jamforelse.GraphQL.Tests.Platform;

/// <summary>
/// asOf: a value revised by a later import is read as it stood before the revision, over REST (observations,
/// comparisons, series) and GraphQL (comparison, series), so a committee report can be reproduced.
/// </summary>
public sealed class AsOfTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private const string Kpi = "N00953";

    [Fact]
    public async Task A_value_changed_by_a_revision_reads_as_it_stood_on_both_sides_of_the_change()
    {
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        await ImportAsync(client, $"{Kpi},0580,2023,T,40\n{Kpi},0581,2023,T,60\n");
        var first = await ObservationAsync(client, "");
        var between = first["recordedAt"]!.GetValue<DateTimeOffset>();
        await Task.Delay(50);
        await ImportAsync(client, $"{Kpi},0580,2023,T,45.5\n");
        var revised = await ObservationAsync(client, "");
        Assert.Equal(45.5, revised["value"]!.GetValue<double>());
        var at = Uri.EscapeDataString(between.ToString("O", CultureInfo.InvariantCulture));

        // REST, indicator data: the value as recorded then, and nothing before it existed.
        Assert.Equal(40, (await ObservationAsync(client, $"&asOf={at}"))["value"]!.GetValue<double>());
        Assert.Equal(45.5, (await ObservationAsync(client, $"&asOf={Uri.EscapeDataString(revised["recordedAt"]!.GetValue<DateTimeOffset>().ToString("O", CultureInfo.InvariantCulture))}"))["value"]!.GetValue<double>());
        var before = await client.GetFromJsonAsync<JsonNode>(new Uri($"/api/indicator-data/observations?kpi={Kpi}&area=0580&asOf={Uri.EscapeDataString(between.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture))}", UriKind.Relative));
        Assert.Empty(before!["observations"]!.AsArray());

        // REST, benchmarking: the comparison and the series computed from the values as they stood.
        await WaitForAsync(client, $"/api/benchmarking/comparisons?kpi={Kpi}&period=2023&areas=0580", c => Value(c["areas"]![0]!) == 45.5);
        var then = (await client.GetFromJsonAsync<JsonNode>(new Uri($"/api/benchmarking/comparisons?kpi={Kpi}&period=2023&areas=0580&asOf={at}", UriKind.Relative)))!;
        Assert.Equal(40, Value(then["areas"]![0]!));
        Assert.Equal(50, then["references"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "average")!["value"]!.GetValue<double>()); // (40 + 60) / 2
        Assert.Equal(0, then["version"]!.GetValue<int>());
        var series = (await client.GetFromJsonAsync<JsonNode>(new Uri($"/api/benchmarking/series?kpi={Kpi}&areas=0580&asOf={at}", UriKind.Relative)))!;
        Assert.Equal(40, Value(series["years"]![0]!["areas"]![0]!));

        // GraphQL: the same argument on comparison and series; the answer now is the revised one.
        var graphql = await GraphQLAsync(client, $$"""
            { then: comparison(kpi: "{{Kpi}}", period: "2023", areas: ["0580"], asOf: "{{between:O}}") { rows { value } }
              now: comparison(kpi: "{{Kpi}}", period: "2023", areas: ["0580"]) { rows { value } }
              series(kpi: "{{Kpi}}", areas: ["0580"], asOf: "{{between:O}}") { years { rows { value } } } }
            """);
        Assert.Equal(40, graphql.GetProperty("then").GetProperty("rows")[0].GetProperty("value").GetDouble());
        Assert.Equal(45.5, graphql.GetProperty("now").GetProperty("rows")[0].GetProperty("value").GetDouble());
        Assert.Equal(40, graphql.GetProperty("series").GetProperty("years")[0].GetProperty("rows")[0].GetProperty("value").GetDouble());
    }

    [Theory]
    [InlineData("/api/indicator-data/observations?kpi=N01951&asOf=yesterday")]
    [InlineData("/api/benchmarking/comparisons?kpi=N01951&period=2024&asOf=2024-13-45")]
    [InlineData("/api/benchmarking/series?kpi=N01951&areas=0580&asOf=12%2F01%2F2026")]
    public async Task An_asOf_that_is_not_an_ISO_date_time_is_a_bad_request(string url)
    {
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("asOf", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static double Value(JsonNode row) => row["value"]!.GetValue<double>();

    private static async Task ImportAsync(HttpClient client, string rows)
    {
        using var response = await client.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Test", UriKind.Relative),
            new StringContent("kpi,area,period,gender,value\n" + rows, Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> ObservationAsync(HttpClient client, string extra) =>
        (await client.GetFromJsonAsync<JsonNode>(new Uri($"/api/indicator-data/observations?kpi={Kpi}&area=0580{extra}", UriKind.Relative)))!["observations"]!.AsArray().Single()!;

    private static async Task WaitForAsync(HttpClient client, string url, Func<JsonNode, bool> condition)
    {
        for (var waited = 0; ; waited += 100)
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            if (response.IsSuccessStatusCode && condition((await response.Content.ReadFromJsonAsync<JsonNode>())!))
            {
                return;
            }
            Assert.True(waited < 15_000, $"GET {url} did not reach the expected state within 15 s.");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> GraphQLAsync(HttpClient client, string query)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && !body.Contains("\"errors\"", StringComparison.Ordinal), body);
        return JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();
    }
}
