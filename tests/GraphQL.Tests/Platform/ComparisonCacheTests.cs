using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jamforelse.GraphQL.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Tests.Platform;

/// <summary>
/// The GraphQL layer's comparison cache: a hit is the same answer as a miss, byte for byte, and an import
/// shows in the next answer once benchmarking has published the new comparison version.
/// </summary>
public sealed class ComparisonCacheTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_cached_answer_is_the_same_bytes_as_a_fresh_one_and_makes_no_service_call()
    {
        await factory.WaitUntilReadyAsync();
        var cache = factory.Services.GetRequiredService<ComparisonCache>();
        cache.Clear();
        const string query = """
            { comparison(kpi: "N01951", period: "2024") { kpi version municipalitiesWithData references { key label value method count } rows { areaId title value rank quartile gaps { referenceKey difference worse } } } }
            """;
        using var client = factory.CreateClient();

        var (fresh, freshType) = await PostAsync(client, query);
        Assert.DoesNotContain("\"errors\"", Encoding.UTF8.GetString(fresh), StringComparison.Ordinal);
        Assert.Contains("Linköping", Encoding.UTF8.GetString(fresh), StringComparison.Ordinal);
        Assert.Equal(1, cache.Responses.Count);
        var (hit, hitType) = await PostAsync(client, query);
        Assert.Equal(fresh, hit);
        Assert.Equal(freshType, hitType);

        // Another document over the same comparison is executed again, but the comparison is not fetched again.
        var (result, calls) = await factory.ExecuteAsync(query.Replace("kpi version", "version kpi", StringComparison.Ordinal));
        Assert.Equal(0, calls);
        Assert.Equal(
            JsonDocument.Parse(fresh).RootElement.GetProperty("data").GetProperty("comparison").GetProperty("rows").GetRawText(),
            result.GetProperty("data").GetProperty("comparison").GetProperty("rows").GetRawText());

        cache.Clear();
        var (again, _) = await PostAsync(client, query);
        Assert.Equal(fresh, again);
    }

    [Fact]
    public async Task An_import_shows_in_the_next_answer_once_its_new_comparison_is_published()
    {
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        const string query = """{ comparison(kpi: "N00945", period: "2023", areas: ["0580", "0581"]) { version rows { areaId value } } }""";
        await ImportAsync(client, "N00945,0580,2023,T,50\nN00945,0581,2023,T,60\n");
        await WaitForValueAsync(client, query, "0580", 50);

        // Served from the cache now: neither fetched nor executed again.
        var (before, _) = await PostAsync(client, query);
        var (_, calls) = await factory.ExecuteAsync(query);
        Assert.Equal(0, calls);

        await ImportAsync(client, "N00945,0580,2023,T,55.5\n");
        var after = await WaitForValueAsync(client, query, "0580", 55.5);
        Assert.NotEqual(Encoding.UTF8.GetString(before), after.GetRawText());
        Assert.Equal(60, Row(after, "0581").GetProperty("value").GetDouble());
    }

    private static async Task ImportAsync(HttpClient client, string rows)
    {
        using var response = await client.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Test", UriKind.Relative),
            new StringContent("kpi,area,period,gender,value\n" + rows, Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asks until the municipality's value is the one expected (benchmarking recomputes after the import answered).</summary>
    private static async Task<JsonElement> WaitForValueAsync(HttpClient client, string query, string area, double expected)
    {
        for (var waited = 0; ; waited += 100)
        {
            var (body, _) = await PostAsync(client, query);
            var comparison = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("comparison");
            if (comparison.ValueKind == JsonValueKind.Object && Row(comparison, area).GetProperty("value") is { ValueKind: JsonValueKind.Number } value && value.GetDouble() == expected)
            {
                return comparison.Clone();
            }
            Assert.True(waited < 15_000, $"{area} did not show {expected} within 15 s of the import: {Encoding.UTF8.GetString(body)}");
            await Task.Delay(100);
        }
    }

    private static JsonElement Row(JsonElement comparison, string area) =>
        comparison.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("areaId").GetString() == area);

    private static async Task<(byte[] Body, string? ContentType)> PostAsync(HttpClient client, string query)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.ToString());
    }
}
