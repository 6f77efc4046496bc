using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jamforelse.GraphQL.Tests.Platform;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tests;

namespace Jamforelse.GraphQL.Tests.Isolation;

/// <summary>
/// Norrköping's import against Linköping: its log entry, the import by id and its progress subscription are
/// answered to Linköping exactly as for an import that does not exist, and its id stays free for Linköping's own.
/// </summary>
public sealed class ImportIsolationTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private static readonly CallerIdentity Norrkoping = new("norrkoping", Role.Admin, "test-norrkoping", "Norrköpings testare");
    private static readonly CallerIdentity Linkoping = new("linkoping", Role.Admin, "test-linkoping", "Linköpings testare");

    [Fact]
    public async Task Another_tenants_import_is_answered_as_a_missing_one_and_its_id_is_not_used_up()
    {
        await factory.WaitUntilReadyAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var importId = "shared-id-" + suffix;
        var missing = "missing-id-" + suffix;
        var theirs = await OwnKeyFigureAsync(TestKeys.Norrkoping, "norrkoping", "norrkoping.import-" + suffix);
        var ours = await OwnKeyFigureAsync(TestKeys.Linkoping, "linkoping", "linkoping.import-" + suffix);
        using var norrkoping = Client(TestKeys.Norrkoping);
        using var linkoping = Client(TestKeys.Linkoping);

        var owners = await SubscribeAsync(importId, Norrkoping);
        var others = await SubscribeAsync(importId, Linkoping);
        var nobodys = await SubscribeAsync(missing, Linkoping);
        await ImportCsvAsync(norrkoping, importId, $"kpi,area,period,value\n{theirs},0581,2023,71.5\n", HttpStatusCode.OK);

        // The owner follows it to its end; the other tenant's subscription sees what one on a missing id sees: nothing.
        for (var e = await owners.NextAsync(); e.GetProperty("data").GetProperty("importProgress").GetProperty("phase").GetString() != "COMPLETED"; e = await owners.NextAsync())
        {
        }
        await owners.CompletedAsync();
        await Task.Delay(500);
        Assert.Equal(nobodys.Pending.Events, others.Pending.Events);
        Assert.Equal(nobodys.Pending.Completed, others.Pending.Completed);
        Assert.Empty(others.Pending.Events);
        Assert.False(others.Pending.Completed);
        await others.StopAsync();
        await nobodys.StopAsync();

        // REST: the log does not list it, and the import by id answers as a missing one does.
        var log = await linkoping.GetStringAsync(Url("/api/indicator-data/imports"));
        Assert.DoesNotContain(importId, log, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, log, StringComparison.Ordinal);
        using (var hidden = await linkoping.GetAsync(Url($"/api/indicator-data/imports/{importId}")))
        using (var absent = await linkoping.GetAsync(Url($"/api/indicator-data/imports/{missing}")))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Equal(absent.StatusCode, hidden.StatusCode);
            Assert.Equal(absent.Content.Headers.ContentType, hidden.Content.Headers.ContentType);
            Assert.Equal(Normalise(await absent.Content.ReadAsStringAsync(), missing), Normalise(await hidden.Content.ReadAsStringAsync(), importId));
        }

        // The id is Norrköping's only: Linköping may choose it too, and each sees its own import under it.
        await ImportCsvAsync(linkoping, importId, $"kpi,area,period,value\n{ours},0580,2023,12\n", HttpStatusCode.OK);
        await ImportCsvAsync(norrkoping, importId, $"kpi,area,period,value\n{theirs},0581,2023,72\n", HttpStatusCode.Conflict);
        Assert.Equal([ours], (await ImportAsync(linkoping, importId))["keyFiguresChanged"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal([theirs], (await ImportAsync(norrkoping, importId))["keyFiguresChanged"]!.AsArray().Select(k => k!.GetValue<string>()));

        // The platform administrator sees both.
        using var admin = Client(TestKeys.PlatformAdmin);
        var all = JsonNode.Parse(await admin.GetStringAsync(Url("/api/indicator-data/imports")))!.AsArray();
        Assert.Equal(["linkoping", "norrkoping"], all.Where(i => i!["id"]!.GetValue<string>() == importId).Select(i => i!["owner"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    private async Task<string> OwnKeyFigureAsync(string key, string owner, string id)
    {
        using var client = Client(key);
        using var created = await client.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}"), new { owner, title = "Egen import", unit = "%", betterDirection = "higher", source = "Egen enkät" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return id;
    }

    private Task<LiveSubscription> SubscribeAsync(string importId, CallerIdentity caller) => StartedAsync(
        LiveSubscription.StartAsync(factory, $$"""subscription { importProgress(import: "{{importId}}") { importId phase rowsRead valuesMerged totalRows problems message } }""", caller));

    private static async Task<LiveSubscription> StartedAsync(Task<(System.Text.Json.JsonElement? Refusal, LiveSubscription? Live)> starting)
    {
        var (refusal, live) = await starting;
        Assert.True(live is not null, $"refused: {refusal}");
        return live;
    }

    private static async Task<JsonNode> ImportAsync(HttpClient client, string importId)
    {
        using var response = await client.GetAsync(Url($"/api/indicator-data/imports/{importId}"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        TestKeys.Use(client, key);
        return client;
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task ImportCsvAsync(HttpClient client, string importId, string csv, HttpStatusCode expected)
    {
        using var response = await client.PostAsync(Url($"/api/indicator-data/imports/csv?source=Test&importId={importId}"), new StringContent(csv, Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
    }

    /// <summary>An answer with the id asked for taken out, and the trace id, which differs per request.</summary>
    private static string Normalise(string body, string id) =>
        System.Text.RegularExpressions.Regex.Replace(body.Replace(id, "X", StringComparison.Ordinal), "\"traceId\":\"[^\"]*\"", "");
}
