using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jamforelse.GraphQL.Caching;
using Jamforelse.GraphQL.Tests.Platform;
using Jamforelse.Tests;
using Microsoft.Extensions.DependencyInjection;

#pragma warning disable CA1861 // inline arrays read as the request bodies they are

namespace Jamforelse.GraphQL.Tests.Isolation;

/// <summary>
/// The GraphQL layer's comparison cache never carries one tenant's private key figure to another: a private
/// figure's comparison is neither kept as an answer nor as part of a whole response, so the service decides
/// who may read it at every request, whatever was asked before and by whom.
/// </summary>
public sealed class ComparisonCacheIsolationTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_tenants_private_comparison_never_reaches_another_tenant_through_the_cache()
    {
        await factory.WaitUntilReadyAsync();
        var cache = factory.Services.GetRequiredService<ComparisonCache>();
        var id = "norrkoping.cache-" + Guid.NewGuid().ToString("N")[..8];
        using var norrkoping = Client(TestKeys.Norrkoping);
        using var linkoping = Client(TestKeys.Linkoping);
        using (var created = await norrkoping.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}"), new
        {
            owner = "norrkoping", title = "Hemligt nyckeltal", unit = "%", betterDirection = "higher", source = "Norrköpings enkät",
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var import = await norrkoping.PostAsync(Url("/api/indicator-data/imports/csv?source=Test"),
            new StringContent($"kpi,area,period,gender,value\n{id},0581,2023,T,71.5\n{id},0580,2023,T,64\n", Encoding.UTF8, "text/csv")))
        {
            Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
        }
        // A public comparison beside the private one in the same document: the whole answer must not be kept either.
        var responsesBefore = cache.Responses.Count;
        var query = $$"""{ mine: comparison(kpi: "{{id}}", period: "2023") { kpi rows { areaId value } } riket: comparison(kpi: "N01951", period: "2024", areas: ["0580"]) { rows { value } } }""";
        for (var waited = 0; ; waited += 100)
        {
            var owner = await PostAsync(norrkoping, query);
            if (owner.GetProperty("data").GetProperty("mine").ValueKind == JsonValueKind.Object)
            {
                Assert.Contains("71.5", owner.ToString(), StringComparison.Ordinal);
                break;
            }
            Assert.True(waited < 15_000, "No comparison of the private key figure within 15 s of the import.");
            await Task.Delay(100);
        }
        var ownerAgain = await PostAsync(norrkoping, query);
        Assert.Contains("71.5", ownerAgain.ToString(), StringComparison.Ordinal);
        Assert.Equal(responsesBefore, cache.Responses.Count);
        Assert.False(cache.Answers.TryGet(new ComparisonKey(id, "2023", "T", "total", null, null, null, null), out _));

        // Linköping sends the very same request right after Norrköping: the private part is as if it did not exist.
        var other = await PostAsync(linkoping, query);
        Assert.Equal(JsonValueKind.Null, other.GetProperty("data").GetProperty("mine").ValueKind);
        Assert.DoesNotContain("71.5", other.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(id, other.GetProperty("data").ToString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, other.GetProperty("data").GetProperty("riket").ValueKind);

        // Shared, then revoked: the next answer follows at once (nothing of it was kept to serve stale).
        using (var share = await norrkoping.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}/sharing"), new { sharedWith = new[] { "linkoping" } }))
        {
            Assert.Equal(HttpStatusCode.OK, share.StatusCode);
        }
        Assert.Contains("71.5", (await PostAsync(linkoping, query)).ToString(), StringComparison.Ordinal);
        using (var revoke = await norrkoping.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}/sharing"), new { sharedWith = Array.Empty<string>() }))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }
        var revoked = await PostAsync(linkoping, query);
        Assert.Equal(JsonValueKind.Null, revoked.GetProperty("data").GetProperty("mine").ValueKind);
        Assert.DoesNotContain("71.5", revoked.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comparison_naming_a_tenants_peer_group_is_never_kept_for_another()
    {
        await factory.WaitUntilReadyAsync();
        var cache = factory.Services.GetRequiredService<ComparisonCache>();
        using var norrkoping = Client(TestKeys.Norrkoping);
        using var linkoping = Client(TestKeys.Linkoping);
        using var created = await norrkoping.PostAsJsonAsync(Url("/api/benchmarking/peer-groups"), new { name = "Norrköpings dolda jämförelse", owner = "norrkoping", members = new[] { "0580", "0581", "0583" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var responsesBefore = cache.Responses.Count;
        // A public key figure: only the peer group is private. Spaced as the service reads it too (it trims).
        foreach (var arguments in new[] { $"group: \"{id}\"", $"references: [\"group:{id}\"]", $"references: [\"riket, group:{id}\"]" })
        {
            var query = $$"""{ comparison(kpi: "N01951", period: "2024", {{arguments}}) { references { key label } rows { areaId } } }""";
            var owner = await PostAsync(norrkoping, query);
            Assert.Contains("Norrköpings dolda jämförelse", owner.ToString(), StringComparison.Ordinal);
            Assert.Equal(responsesBefore, cache.Responses.Count);

            var other = await PostAsync(linkoping, query);
            Assert.Equal("BAD_USER_INPUT", other.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
            Assert.DoesNotContain("Norrköpings dolda jämförelse", other.ToString(), StringComparison.Ordinal);
        }
    }

    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        TestKeys.Use(client, key);
        return client;
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> PostAsync(HttpClient client, string query)
    {
        using var response = await client.PostAsJsonAsync(Url("/graphql"), new { query });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
