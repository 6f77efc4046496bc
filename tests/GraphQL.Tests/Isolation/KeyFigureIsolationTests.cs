using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jamforelse.GraphQL.Tests.Platform;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tests;
using Microsoft.Extensions.DependencyInjection;

#pragma warning disable CA1861 // inline arrays read as the request bodies they are

namespace Jamforelse.GraphQL.Tests.Isolation;

/// <summary>
/// Norrköping's private key figure, its values and comparisons, and its private peer group, against
/// Linköping on every surface (REST, batch and CSV import, export, GraphQL query, mutation and
/// subscription): refused and not inferable (answers identical to those for what does not exist), then
/// shared and visible, then revoked and gone, including from a live subscription.
/// </summary>
public sealed class KeyFigureIsolationTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private static readonly CallerIdentity Linkoping = new("linkoping", Role.Admin, "test-linkoping", "Linköpings testare");

    [Fact]
    public async Task Another_tenants_private_key_figure_is_invisible_until_shared_and_gone_again_when_revoked()
    {
        await factory.WaitUntilReadyAsync();
        var id = "norrkoping.iso-" + Guid.NewGuid().ToString("N")[..8];
        var missing = "norrkoping.iso-missing-" + Guid.NewGuid().ToString("N")[..8];
        using var norrkoping = Client(TestKeys.Norrkoping);
        using var linkoping = Client(TestKeys.Linkoping);

        using (var created = await norrkoping.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}"), new
        {
            owner = "norrkoping", title = "Nöjda deltagare, andel (%)", unit = "%", betterDirection = "higher", source = "Norrköpings enkät",
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        await ImportCsvAsync(norrkoping, $"kpi,area,period,gender,value\n{id},0581,2023,T,71.5\n{id},0580,2023,T,64\n", HttpStatusCode.OK);
        await WaitForComparisonAsync(norrkoping, id);

        // Linköping can neither read, list, infer nor write it: every answer is the one for a key figure that does not exist.
        await AssertSameAsMissingAsync(linkoping, "/api/indicator-data/kpis/{0}", id, missing);
        await AssertSameAsMissingAsync(linkoping, "/api/indicator-data/kpis/{0}/coverage", id, missing);
        await AssertSameAsMissingAsync(linkoping, "/api/indicator-data/observations?kpi={0}", id, missing);
        await AssertSameAsMissingAsync(linkoping, "/api/indicator-data/observations?kpi={0}&format=kolada", id, missing);
        await AssertSameAsMissingAsync(linkoping, "/api/benchmarking/comparisons?kpi={0}&period=2023", id, missing);
        await AssertSameAsMissingAsync(linkoping, "/api/benchmarking/series?kpi={0}&areas=0580,0581", id, missing);
        Assert.DoesNotContain(id, await linkoping.GetStringAsync(Url("/api/indicator-data/kpis?owner=norrkoping&pageSize=500")), StringComparison.Ordinal);
        var csvAsOther = await ImportCsvAsync(linkoping, $"kpi,area,period,gender,value\n{id},0580,2023,T,99\n", HttpStatusCode.UnprocessableEntity);
        var csvMissing = await ImportCsvAsync(linkoping, $"kpi,area,period,gender,value\n{missing},0580,2023,T,99\n", HttpStatusCode.UnprocessableEntity);
        Assert.Equal(Normalise(csvMissing, missing), Normalise(csvAsOther, id));
        using (var batch = await linkoping.PostAsJsonAsync(Url("/api/indicator-data/observations"), new[] { new { kpi = id, area = "0580", period = "2023", gender = "T", value = 99.0 } }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, batch.StatusCode);
            Assert.Contains($"unknown key figure \\\"{id}\\\"", await batch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var redefine = await linkoping.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}"), new { owner = "norrkoping", title = "Kapad" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, redefine.StatusCode);
        }
        using (var share = await linkoping.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}/sharing"), new { sharedWith = new[] { "linkoping" } }))
        {
            Assert.Equal(HttpStatusCode.NotFound, share.StatusCode);
        }
        var (query, _) = await factory.ExecuteAsync($$"""{ keyFigure(id: "{{id}}") { id } keyFigures(owner: "norrkoping", first: 200) { totalCount edges { node { id } } } comparison(kpi: "{{id}}", period: "2023") { period } }""", caller: Linkoping);
        Assert.Equal(JsonValueKind.Null, query.GetProperty("data").GetProperty("keyFigure").ValueKind);
        Assert.DoesNotContain(id, query.ToString(), StringComparison.Ordinal);
        var (subscribeRefused, _) = await SubscribeAsync(id, Linkoping);
        Assert.Equal("NOT_FOUND", subscribeRefused!.Value.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        // A reader of the owner may read but not write or share.
        using var reader = Client(TestKeys.Issue(factory.Services, "norrkoping", Role.Reader, "Norrköpings läsare"));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Url($"/api/indicator-data/kpis/{id}"))).StatusCode);
        var readerImport = await ImportCsvAsync(reader, $"kpi,area,period,gender,value\n{id},0581,2023,T,80\n", HttpStatusCode.UnprocessableEntity);
        Assert.Contains("only its editors write its values", readerImport, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}/sharing"), new { sharedWith = new[] { "linkoping" } })).StatusCode);

        // Shared with Linköping: it appears everywhere, and a live subscription follows it.
        using (var share = await norrkoping.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}/sharing"), new { sharedWith = new[] { "linkoping" } }))
        {
            Assert.Equal(HttpStatusCode.OK, share.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await linkoping.GetAsync(Url($"/api/indicator-data/kpis/{id}"))).StatusCode);
        var comparison = await linkoping.GetFromJsonAsync<JsonNode>(Url($"/api/benchmarking/comparisons?kpi={id}&period=2023"));
        Assert.Equal("Källa: Norrköpings enkät", comparison!["attribution"]!.GetValue<string>());
        Assert.Contains(id, await linkoping.GetStringAsync(Url("/api/indicator-data/kpis?owner=norrkoping&pageSize=500")), StringComparison.Ordinal);
        var (_, live) = await SubscribeAsync(id, Linkoping);
        await ImportCsvAsync(norrkoping, $"kpi,area,period,gender,value\n{id},0581,2023,T,73\n", HttpStatusCode.OK);
        var update = await live!.NextAsync();
        Assert.False(update.TryGetProperty("errors", out _), update.ToString());
        Assert.Equal(id, update.GetProperty("data").GetProperty("comparisonUpdated").GetProperty("kpi").GetString());

        // Revoked: gone again at once, and the live subscription ends with FORBIDDEN.
        using (var revoke = await norrkoping.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}/sharing"), new { sharedWith = Array.Empty<string>() }))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }
        await AssertSameAsMissingAsync(linkoping, "/api/indicator-data/kpis/{0}", id, missing);
        await AssertSameAsMissingAsync(linkoping, "/api/benchmarking/comparisons?kpi={0}&period=2023", id, missing);
        // Updates announced before the revocation may still be on their way (an earlier import's recompute): skip those.
        JsonElement ended;
        do
        {
            ended = await live.NextAsync();
        }
        while (!ended.TryGetProperty("errors", out _));
        Assert.Equal("FORBIDDEN", ended.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        await live.CompletedAsync();
    }

    [Fact]
    public async Task Another_tenants_private_peer_group_is_invisible_until_shared()
    {
        await factory.WaitUntilReadyAsync();
        using var norrkoping = Client(TestKeys.Norrkoping);
        using var linkoping = Client(TestKeys.Linkoping);
        using var created = await norrkoping.PostAsJsonAsync(Url("/api/benchmarking/peer-groups"), new { name = "Norrköpings hemliga grupp", owner = "norrkoping", members = new[] { "0580", "0581", "0583" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();
        var missing = "pg-0000000000";

        await AssertSameAsMissingAsync(linkoping, "/api/benchmarking/peer-groups/{0}", id, missing);
        await AssertSameAsMissingAsync(linkoping, "/api/benchmarking/comparisons?kpi=N03920&period=2023&group={0}", id, missing);
        await AssertSameAsMissingAsync(linkoping, "/api/benchmarking/comparisons?kpi=N03920&period=2023&references=group:{0}", id, missing);
        Assert.DoesNotContain(id, await linkoping.GetStringAsync(Url("/api/benchmarking/peer-groups")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await linkoping.PutAsJsonAsync(Url($"/api/benchmarking/peer-groups/{id}"), new { name = "Kapad", owner = "norrkoping", members = new[] { "0580" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await linkoping.DeleteAsync(Url($"/api/benchmarking/peer-groups/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await linkoping.PostAsJsonAsync(Url("/api/benchmarking/peer-groups"), new { name = "I annans namn", owner = "norrkoping", members = new[] { "0580" } })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await norrkoping.PutAsJsonAsync(Url($"/api/benchmarking/peer-groups/{id}/sharing"), new { sharedWith = new[] { "linkoping" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await linkoping.GetAsync(Url($"/api/benchmarking/peer-groups/{id}"))).StatusCode);
        Assert.Contains(id, await linkoping.GetStringAsync(Url("/api/benchmarking/peer-groups")), StringComparison.Ordinal);
        // Shared for reading only: the owner's analysts change it.
        Assert.Equal(HttpStatusCode.Forbidden, (await linkoping.DeleteAsync(Url($"/api/benchmarking/peer-groups/{id}"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await norrkoping.PutAsJsonAsync(Url($"/api/benchmarking/peer-groups/{id}/sharing"), new { sharedWith = Array.Empty<string>() })).StatusCode);
        await AssertSameAsMissingAsync(linkoping, "/api/benchmarking/peer-groups/{0}", id, missing);
    }

    [Fact]
    public async Task Public_Kolada_values_are_imported_only_by_the_platform_administrator()
    {
        await factory.WaitUntilReadyAsync();
        using var norrkoping = Client(TestKeys.Norrkoping);
        var refused = await ImportCsvAsync(norrkoping, "kpi,area,period,gender,value\nN03920,0581,2023,T,7.9\n", HttpStatusCode.UnprocessableEntity);
        Assert.Contains("imported by the platform administrator", refused, StringComparison.Ordinal);
        using var kolada = await norrkoping.PostAsync(Url("/api/indicator-data/imports/kolada"), new StringContent("""{"values":[]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, kolada.StatusCode);
        using var fetch = await norrkoping.PostAsJsonAsync(Url("/api/indicator-data/imports/kolada-fetch"), new { kpis = new[] { "N03920" } });
        Assert.Equal(HttpStatusCode.Forbidden, fetch.StatusCode);
    }

    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        TestKeys.Use(client, key);
        return client;
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<string> ImportCsvAsync(HttpClient client, string csv, HttpStatusCode expected)
    {
        using var response = await client.PostAsync(Url("/api/indicator-data/imports/csv?source=Test"), new StringContent(csv, Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private static async Task WaitForComparisonAsync(HttpClient client, string kpi)
    {
        for (var waited = 0; ; waited += 100)
        {
            using var response = await client.GetAsync(Url($"/api/benchmarking/comparisons?kpi={kpi}&period=2023"));
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            Assert.True(waited < 15_000, "No comparison within 15 s of the import.");
            await Task.Delay(100);
        }
    }

    /// <summary>The status and body for <paramref name="hidden"/> are those for <paramref name="missing"/> (ids aside): nothing to infer.</summary>
    private static async Task AssertSameAsMissingAsync(HttpClient client, string pattern, string hidden, string missing)
    {
        using var forHidden = await client.GetAsync(Url(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, hidden)));
        using var forMissing = await client.GetAsync(Url(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, missing)));
        Assert.False(forHidden.IsSuccessStatusCode, $"{pattern} answered {(int)forHidden.StatusCode} for a hidden resource");
        Assert.Equal(forMissing.StatusCode, forHidden.StatusCode);
        Assert.Equal(Normalise(await forMissing.Content.ReadAsStringAsync(), missing), Normalise(await forHidden.Content.ReadAsStringAsync(), hidden));
    }

    /// <summary>An answer with the id asked for, and what differs per request (trace and import ids), taken out.</summary>
    private static string Normalise(string body, string id) =>
        System.Text.RegularExpressions.Regex.Replace(body.Replace(id, "X", StringComparison.Ordinal), "\"(traceId|importId|id)\":\"[^\"]*\"", "");

    /// <summary>A comparisonUpdated subscription as the caller, run as the transports run it: its refusal, or its live events.</summary>
    private Task<(JsonElement? Refusal, LiveSubscription? Live)> SubscribeAsync(string kpi, CallerIdentity caller) =>
        LiveSubscription.StartAsync(factory, $$"""subscription { comparisonUpdated(kpi: "{{kpi}}") { kpi period comparison { rows { areaId value } } } }""", caller);
}
