using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jamforelse.Contracts.GoalCatalog;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GoalCatalog.Tests.Api;

public sealed class CatalogApiTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private readonly HttpClient _editor = factory.CreateEditor();

    private async Task<JsonNode> ImportAsync(JsonNode file, HttpStatusCode expected)
    {
        using var response = await Json.PostAsync(_editor, "/api/goal-catalog/catalogs", file);
        var body = await Json.ReadAsync(response);
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The plan's events once the one with <paramref name="version"/> is out (the relay publishes in order).</summary>
    private async Task<List<PlanChanged>> EventsThroughAsync(string planId, int version)
    {
        var harness = factory.Services.GetRequiredService<ITestHarness>();
        // Polled: the harness's own waiting ends when the bus looks idle, which it does until the outbox relay publishes.
        for (var waited = 0; !harness.Published.Select<PlanChanged>().Any(m => m.Context.Message.PlanId == planId && m.Context.Message.Version == version); waited += 50)
        {
            Assert.True(waited < 15_000, $"No PlanChanged version {version} for {planId} within 15 s.");
            await Task.Delay(50);
        }
        return harness.Published.Select<PlanChanged>(CancellationToken.None).Select(m => m.Context.Message).Where(m => m.PlanId == planId).ToList();
    }

    [Fact]
    public async Task A_bad_catalog_file_is_rejected_with_every_problem_listed_and_nothing_written()
    {
        var planId = TestCatalogs.NewPlanId();
        var file = TestCatalogs.Valid(planId);
        var perspective = file["nodes"]![0]!;
        var goal = perspective["children"]![0]!;
        goal["rule"]!["baselineYear"] = 2099;                                     // after the plan ends
        goal["children"]![0]!["kind"] = "uppdrag";                               // unknown kind
        goal["children"]![1]!["activity"]!["due"] = "december";                  // malformed due date
        perspective["children"]![1]!["code"] = "1";                              // same code as its sibling goal
        perspective["children"]![1]!["links"] = JsonNode.Parse(
            """[ { "plan": "no-such-plan", "node": "1", "relation": "contributesDirectly" }, { "plan": "norrkoping-kf-2023-2026", "node": "9", "relation": "contributesDirectly" } ]""");
        perspective["children"]!.AsArray().Add(JsonNode.Parse(
            """{ "id": "g3", "kind": "goal", "title": "Regel på okänt nyckeltal", "measure": "quantitative", "rule": { "keyFigure": "N99999", "shape": "betterThanReference", "reference": { "type": "peerGroup" }, "betterDirection": "up" } }"""));
        perspective["children"]!.AsArray().Add(JsonNode.Parse("""{ "id": "a1", "kind": "goal", "title": "Dubblett" }"""));

        var problem = await ImportAsync(file, HttpStatusCode.UnprocessableEntity);

        var codes = Json.Codes(problem);
        Assert.Contains("baselineOutsideData", codes);
        Assert.Contains("unknownKind", codes);
        Assert.Contains("duplicateCode", codes);
        Assert.Contains("duplicateId", codes);
        Assert.Equal(2, codes.Count(c => c == "danglingLink"));
        Assert.Contains("unknownKeyFigure", codes);
        Assert.Contains("nodes[0].children[0].children[1].activity.due", Json.Paths(problem));
        Assert.Contains("nodes[0].children[2].rule.reference.id", Json.Paths(problem));
        Assert.Contains("nodes[0].children[2].rule.betterDirection", Json.Paths(problem));
        Assert.Equal(10, codes.Count);
        Assert.Contains(problem["problems"]!.AsArray(), p => p!["message"]!.GetValue<string>().Contains("2099", StringComparison.Ordinal));
        using var get = await _editor.GetAsync(new Uri($"/api/goal-catalog/plans/{planId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Importing_creates_version_1_with_one_event_and_an_identical_file_changes_nothing()
    {
        var planId = TestCatalogs.NewPlanId();
        var created = await ImportAsync(TestCatalogs.Valid(planId), HttpStatusCode.Created);
        Assert.Equal(1, created["plan"]!["version"]!.GetValue<int>());
        var again = await ImportAsync(TestCatalogs.Valid(planId), HttpStatusCode.OK);
        Assert.False(again["changed"]!.GetValue<bool>());
        Assert.Equal(1, again["plan"]!["version"]!.GetValue<int>());

        // The next change is version 2, and by then exactly two events have been published for the plan.
        using var put = await Json.PutAsync(_editor, $"/api/goal-catalog/plans/{planId}/nodes/g2", new { parent = "p1", kind = "goal", code = "2", title = "Trygg och säker uppväxt" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var events = await EventsThroughAsync(planId, 2);
        Assert.Equal([1, 2], events.Select(e => e.Version).Order());
        Assert.Equal(["created", "nodeUpserted"], events.OrderBy(e => e.Version).Select(e => e.Change));
        Assert.All(events, e => Assert.Equal("linkoping", e.TenantId));

        var history = (await Json.GetAsync(_editor, $"/api/goal-catalog/plans/{planId}/history")).AsArray();
        Assert.Equal([2, 1], history.Select(h => h!["version"]!.GetValue<int>()));
        Assert.All(history, h => Assert.Equal("test-redaktör", h!["changedBy"]!.GetValue<string>()));
        var first = await Json.GetAsync(_editor, $"/api/goal-catalog/plans/{planId}/history/1");
        Assert.Equal("Trygg uppväxt", Json.Nodes(first["plan"]!).Single(n => n["id"]!.GetValue<string>() == "g2")["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Nodes_are_upserted_moved_and_deleted_only_when_nothing_depends_on_them()
    {
        var planId = TestCatalogs.NewPlanId();
        await ImportAsync(TestCatalogs.Valid(planId), HttpStatusCode.Created);
        var url = $"/api/goal-catalog/plans/{planId}/nodes";

        using (var added = await Json.PutAsync(_editor, $"{url}/a3", new { parent = "g2", kind = "activity", title = "Ny aktivitet", activity = new { due = "2025-Q1", status = "notStarted" } }))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }
        var node = await Json.GetAsync(_editor, $"{url}/a3");
        Assert.Equal(["p1", "g2"], node["path"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));

        using (var underItself = await Json.PutAsync(_editor, $"{url}/g1", new { parent = "a1", kind = "goal", title = "Fler invånare" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, underItself.StatusCode);
        }
        using (var wrongKind = await Json.PutAsync(_editor, $"{url}/a4", new { parent = "p1", kind = "activity", title = "Aktivitet direkt under perspektiv" }))
        {
            Assert.Equal(["kindNotAllowedHere"], Json.Codes(await Json.ReadAsync(wrongKind)));
        }
        using (var withChildren = await _editor.DeleteAsync(new Uri($"{url}/g1", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Conflict, withChildren.StatusCode);
        }
        using (var moved = await Json.PutAsync(_editor, $"{url}/a1", new { parent = "g2", kind = "activity", title = "Ta fram en plan", activity = new { due = "2024-Q2", status = "notStarted" } }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
        var plan = await Json.GetAsync(_editor, $"/api/goal-catalog/plans/{planId}");
        Assert.Equal(["a2"], Json.Nodes(plan).Single(n => n["id"]!.GetValue<string>() == "g1")["children"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        using (var linked = await _editor.DeleteAsync(new Uri($"{url}/g1", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Conflict, linked.StatusCode);
        }
        using (var deleted = await _editor.DeleteAsync(new Uri($"{url}/a3", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }
        using var gone = await _editor.GetAsync(new Uri($"{url}/a3", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Every_activity_status_change_keeps_its_history_and_rolls_up_per_goal_and_plan()
    {
        var planId = TestCatalogs.NewPlanId();
        await ImportAsync(TestCatalogs.Valid(planId), HttpStatusCode.Created);
        var url = $"/api/goal-catalog/plans/{planId}/nodes/a1/activity-status";
        var analyst = factory.CreateEditor("anna.analytiker");

        using (var started = await Json.PutAsync(analyst, url, new { status = "inProgress", comment = "Påbörjad i mars" }))
        {
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        }
        using (var done = await Json.PutAsync(_editor, url, new { status = "done" }))
        {
            var activity = await Json.ReadAsync(done);
            Assert.Equal("Genomförd", activity["statusLabel"]!.GetValue<string>());
            Assert.Equal(["notStarted", "inProgress", "done"], activity["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
            Assert.Equal("anna.analytiker", activity["history"]![1]!["changedBy"]!.GetValue<string>());
            Assert.Equal("Påbörjad i mars", activity["history"]![1]!["comment"]!.GetValue<string>());
        }
        using (var notAnActivity = await Json.PutAsync(_editor, $"/api/goal-catalog/plans/{planId}/nodes/g2/activity-status", new { status = "done" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, notAnActivity.StatusCode);
        }
        using (var badStatus = await Json.PutAsync(_editor, url, new { status = "klar" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus.StatusCode);
        }
        var rollup = await Json.GetAsync(_editor, $"/api/goal-catalog/plans/{planId}/rollup");
        Assert.Equal(2, rollup["activities"]!["total"]!.GetValue<int>());
        Assert.Equal(1, rollup["activities"]!["done"]!.GetValue<int>());
        Assert.Equal(1, rollup["activities"]!["inProgress"]!.GetValue<int>());
        var goal = rollup["nodes"]!.AsArray().Single(n => n!["nodeId"]!.GetValue<string>() == "g1")!;
        Assert.Equal(2, goal["activities"]!["total"]!.GetValue<int>());
        Assert.Equal(3, (await Json.GetAsync(_editor, $"/api/goal-catalog/plans/{planId}/history")).AsArray().Count);
    }

    [Fact]
    public async Task Every_follow_up_change_keeps_a_version_with_who_and_when()
    {
        var planId = TestCatalogs.NewPlanId();
        await ImportAsync(TestCatalogs.Valid(planId), HttpStatusCode.Created);
        var url = $"/api/goal-catalog/plans/{planId}/follow-ups/2024-delar";
        var body = new JsonObject
        {
            ["nodes"] = new JsonArray("g1"), ["year"] = 2024, ["point"] = "interim", ["presenter"] = "Eva Ek, förvaltningschef",
            ["sections"] = new JsonObject { ["centralEvents"] = new JsonArray("Ny plan antagen") },
        };
        using (var created = await Json.PutAsync(_editor, url, body))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        body["sections"]!["challenges"] = new JsonArray("Svårt att rekrytera");
        using (var changed = await Json.PutAsync(factory.CreateEditor("eva.ek"), url, body))
        {
            Assert.Equal(2, (await Json.ReadAsync(changed))["version"]!.GetValue<int>());
        }
        using (var same = await Json.PutAsync(_editor, url, body))
        {
            Assert.Equal(2, (await Json.ReadAsync(same))["version"]!.GetValue<int>());
        }
        var history = (await Json.GetAsync(_editor, url + "/history")).AsArray();
        Assert.Equal([2, 1], history.Select(h => h!["version"]!.GetValue<int>()));
        Assert.Equal(["eva.ek", "test-redaktör"], history.Select(h => h!["changedBy"]!.GetValue<string>()));
        Assert.Empty(history[1]!["sections"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == "challenges")!["points"]!.AsArray());
        Assert.Equal("Utmaningar och svårigheter", history[0]!["sections"]![2]!["label"]!.GetValue<string>());

        body["nodes"] = new JsonArray("no-such-node");
        using var dangling = await Json.PutAsync(_editor, url, body);
        Assert.Equal(["danglingLink"], Json.Codes(await Json.ReadAsync(dangling)));
        var filtered = (await Json.GetAsync(_editor, $"/api/goal-catalog/plans/{planId}/follow-ups?node=g1&year=2024&point=interim")).AsArray();
        Assert.Single(filtered);
    }

    [Fact]
    public async Task A_plan_exported_as_a_file_imports_back_unchanged()
    {
        var planId = TestCatalogs.NewPlanId();
        await ImportAsync(TestCatalogs.Valid(planId), HttpStatusCode.Created);
        var exported = await Json.GetAsync(_editor, $"/api/goal-catalog/catalogs/{planId}");
        var again = await ImportAsync(exported, HttpStatusCode.OK);
        Assert.False(again["changed"]!.GetValue<bool>());

        var shipped = await Json.GetAsync(_editor, "/api/goal-catalog/catalogs/norrkoping-von-2024");
        Assert.False((await ImportAsync(shipped, HttpStatusCode.OK))["changed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Writes_say_who_send_json_and_name_only_known_fields()
    {
        var planId = TestCatalogs.NewPlanId();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        using var anonymous = await client.PostAsync(new Uri("/api/goal-catalog/catalogs", UriKind.Relative), Json.Body(TestCatalogs.Valid(planId)));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("API key", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var text = await _editor.PostAsync(new Uri("/api/goal-catalog/catalogs", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        using var malformed = await _editor.PostAsync(new Uri("/api/goal-catalog/catalogs", UriKind.Relative), new StringContent("{\"plan\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        var misspelt = TestCatalogs.Valid(planId);
        misspelt["nodes"]![0]!["children"]![0]!["rule"]!["baselineyear"] = 2020;
        using var unknownField = await Json.PostAsync(_editor, "/api/goal-catalog/catalogs", misspelt);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Contains("baselineyear", await unknownField.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_is_adopted_and_lists_filter_by_owner_and_status()
    {
        var planId = TestCatalogs.NewPlanId();
        await ImportAsync(TestCatalogs.Valid(planId), HttpStatusCode.Created);
        using (var adopted = await Json.PutAsync(_editor, $"/api/goal-catalog/plans/{planId}/status", new { status = "adopted" }))
        {
            Assert.Equal("Antagen", (await Json.ReadAsync(adopted))["statusLabel"]!.GetValue<string>());
        }
        var linkoping = (await Json.GetAsync(_editor, "/api/goal-catalog/plans?owner=linkoping&status=adopted")).AsArray();
        Assert.Contains(linkoping, p => p!["id"]!.GetValue<string>() == planId);
        Assert.All(linkoping, p => Assert.Equal("linkoping", p!["owner"]!.GetValue<string>()));
        using var bad = await _editor.GetAsync(new Uri("/api/goal-catalog/plans?status=antagen", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
