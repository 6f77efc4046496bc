using System.Net;
using System.Text.Json.Nodes;
using Jamforelse.Contracts.Tenants;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tests;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GoalCatalog.Tests.Api;

/// <summary>
/// Issue 6 for the goal catalog: another tenant (Linköping) tries to read, list, infer and write a Norrköping
/// draft, its nodes, criteria, roll-up, history, export and unpublished follow-ups, and gets exactly what a
/// plan that does not exist gets; a member of the owner without the role is refused with 403; sharing makes
/// the draft appear and revoking makes it disappear at once. Each test builds its own plans.
/// </summary>
public sealed class IsolationTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private const string Api = "/api/goal-catalog";

    private static readonly string[] ReadPaths =
    [
        "", "/nodes/g1", "/nodes/no-such-node", "/rollup", "/criteria", "/history", "/history/1", "/history/99",
        "/follow-ups", "/follow-ups?node=g1", "/follow-ups/f1", "/follow-ups/f1/history", "/follow-ups/no-such",
    ];

    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        TestKeys.Use(client, key);
        return client;
    }

    private HttpClient Member(string tenant, Role role) => Client(TestKeys.Issue(factory.Services, tenant, role, $"{tenant}-{role}".ToLowerInvariant()));

    private static string NewId(string owner) => $"{owner}-iso-{Guid.NewGuid():N}"[..(owner.Length + 17)];

    /// <summary>A Norrköping plan: a perspective, a goal with a rule, two activities, and an unpublished follow-up.</summary>
    private static JsonObject NorrkopingPlan(string planId, string status = "draft", JsonArray? links = null)
    {
        var file = TestCatalogs.Valid(planId);
        file["plan"]!["owner"] = "norrkoping";
        file["plan"]!["area"] = "0581";
        file["plan"]!["status"] = status;
        file["nodes"]![0]!["children"]![0]!["title"] = "Hemligt utkast om fler invånare";
        if (links is not null)
        {
            file["nodes"]![0]!["children"]![1]!["links"] = links;
        }
        file["followUps"] = new JsonArray(FollowUp("f1"));
        return file;
    }

    private static JsonObject FollowUp(string id) => new()
    {
        ["id"] = id, ["nodes"] = new JsonArray("g1"), ["year"] = 2024, ["point"] = "interim",
        ["sections"] = new JsonObject { ["centralEvents"] = new JsonArray("Ännu inte presenterat") },
    };

    private static JsonObject Sharing(params string[] tenants) => new() { ["sharedWith"] = new JsonArray(tenants.Select(t => (JsonNode?)t).ToArray()) };

    private static async Task<string> ImportAsync(HttpClient client, JsonObject file)
    {
        using var response = await Json.PostAsync(client, $"{Api}/catalogs", file);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return file["plan"]!["id"]!.GetValue<string>();
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = body is JsonNode node ? Json.Body(node) : Json.Body(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body, System.Text.Json.JsonSerializerOptions.Web))!);
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An answer with the plan's id replaced and the per-request trace id removed, to compare two answers.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> AnswerAsync(HttpClient client, HttpMethod method, string url, string planId, object? body = null)
    {
        var (status, text) = await SendAsync(client, method, url, body);
        if (JsonNode.Parse(text) is JsonObject problem)
        {
            problem.Remove("traceId");
            text = problem.ToJsonString();
        }
        return (status, text.Replace(planId, "<plan>", StringComparison.Ordinal));
    }

    private static (HttpMethod Method, string Path, object Body)[] Writes(string planId) =>
    [
        (HttpMethod.Put, $"{Api}/plans/{planId}/nodes/g3", new { parent = "p1", kind = "goal", code = "3", title = "Nytt mål" }),
        (HttpMethod.Delete, $"{Api}/plans/{planId}/nodes/a1", null!),
        (HttpMethod.Put, $"{Api}/plans/{planId}/nodes/a1/activity-status", new { status = "done", comment = "Klart" }),
        (HttpMethod.Put, $"{Api}/plans/{planId}/status", new { status = "adopted" }),
        (HttpMethod.Put, $"{Api}/plans/{planId}/follow-ups/f1", FollowUp("f1")),
        (HttpMethod.Put, $"{Api}/plans/{planId}/follow-ups/f2", FollowUp("f2")),
        (HttpMethod.Put, $"{Api}/plans/{planId}/follow-ups/f1/published", new { published = true }),
        (HttpMethod.Put, $"{Api}/plans/{planId}/sharing", Sharing("linkoping")),
    ];

    [Fact]
    public async Task Every_read_of_another_tenants_draft_answers_exactly_as_for_a_plan_that_does_not_exist()
    {
        var norrkoping = Member("norrkoping", Role.Editor);
        var linkoping = Client(TestKeys.Linkoping);
        var draft = await ImportAsync(norrkoping, NorrkopingPlan(NewId("norrkoping")));
        var missing = NewId("norrkoping");

        foreach (var path in ReadPaths.Select(p => $"{Api}/plans/{{0}}{p}").Append($"{Api}/catalogs/{{0}}"))
        {
            var forDraft = await AnswerAsync(linkoping, HttpMethod.Get, string.Format(path, draft), draft);
            var forMissing = await AnswerAsync(linkoping, HttpMethod.Get, string.Format(path, missing), missing);
            Assert.Equal(HttpStatusCode.NotFound, forDraft.Status);
            Assert.Equal(forMissing, forDraft);
            Assert.DoesNotContain("Hemligt", forDraft.Body, StringComparison.Ordinal);
        }
        Assert.Equal("No plan \"<plan>\".", JsonNode.Parse((await AnswerAsync(linkoping, HttpMethod.Get, $"{Api}/plans/{draft}/rollup", draft)).Body)!["detail"]!.GetValue<string>());

        // The owner's readers see all of it.
        var reader = Member("norrkoping", Role.Reader);
        Assert.Equal("Hemligt utkast om fler invånare", (await Json.GetAsync(reader, $"{Api}/plans/{draft}/nodes/g1"))["node"]!["title"]!.GetValue<string>());
        Assert.Single((await Json.GetAsync(reader, $"{Api}/plans/{draft}/follow-ups")).AsArray());
        Assert.Single((await Json.GetAsync(reader, $"{Api}/plans/{draft}/criteria")).AsArray());
    }

    [Fact]
    public async Task Lists_leave_out_another_tenants_drafts_and_count_only_what_the_caller_may_read()
    {
        var norrkoping = Member("norrkoping", Role.Editor);
        var draft = await ImportAsync(norrkoping, NorrkopingPlan(NewId("norrkoping")));

        foreach (var query in new[] { "", "?owner=norrkoping", "?status=draft", "?owner=norrkoping&status=draft" })
        {
            var seen = (await Json.GetAsync(Client(TestKeys.Linkoping), $"{Api}/plans{query}")).AsArray();
            Assert.DoesNotContain(seen, p => p!["id"]!.GetValue<string>() == draft);
            // Only public plans, Linköping's own and drafts shared with it (other tests share some), as the platform administrator sees them;
            // and whom another tenant's plan is shared with is not shown.
            var all = (await Json.GetAsync(factory.CreateClient(), $"{Api}/plans{query}")).AsArray().ToDictionary(p => p!["id"]!.GetValue<string>());
            Assert.All(seen, p =>
            {
                var plan = all[p!["id"]!.GetValue<string>()]!;
                var sharedWith = plan["sharedWith"]!.AsArray().Select(t => t!.GetValue<string>());
                Assert.True(plan["status"]!.GetValue<string>() == "adopted" || plan["owner"]!.GetValue<string>() == "linkoping" || sharedWith.Intersect(["linkoping", "*"]).Any());
                Assert.True(p["owner"]!.GetValue<string>() == "linkoping" || p["sharedWith"] is null);
            });
        }
        var own = (await Json.GetAsync(Member("norrkoping", Role.Reader), $"{Api}/plans?owner=norrkoping&status=draft")).AsArray();
        Assert.Contains(own, p => p!["id"]!.GetValue<string>() == draft);
        Assert.Contains("norrkoping-kf-2023-2026", (await Json.GetAsync(Client(TestKeys.Linkoping), $"{Api}/plans?owner=norrkoping")).AsArray().Select(p => p!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_write_to_another_tenants_draft_answers_as_for_a_missing_plan_and_changes_nothing()
    {
        var norrkoping = Member("norrkoping", Role.Editor);
        var linkoping = Client(TestKeys.Linkoping);
        var draft = await ImportAsync(norrkoping, NorrkopingPlan(NewId("norrkoping")));
        var missing = NewId("norrkoping");

        var toDraft = Writes(draft);
        var toMissing = Writes(missing);
        for (var i = 0; i < toDraft.Length; i++)
        {
            var forDraft = await AnswerAsync(linkoping, toDraft[i].Method, toDraft[i].Path, draft, toDraft[i].Body);
            var forMissing = await AnswerAsync(linkoping, toMissing[i].Method, toMissing[i].Path, missing, toMissing[i].Body);
            Assert.True(forDraft.Status == HttpStatusCode.NotFound, $"{toDraft[i].Method} {toDraft[i].Path}: {forDraft}");
            Assert.Equal(forMissing, forDraft);
        }

        // Importing: a file for another owner is refused before anything is looked up; one over the draft's id says only that the id is taken.
        var asNorrkoping = NorrkopingPlan(draft);
        var asNorrkopingMissing = NorrkopingPlan(missing);
        Assert.Equal(
            await AnswerAsync(linkoping, HttpMethod.Post, $"{Api}/catalogs", missing, asNorrkopingMissing),
            await AnswerAsync(linkoping, HttpMethod.Post, $"{Api}/catalogs", draft, asNorrkoping));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(linkoping, HttpMethod.Post, $"{Api}/catalogs", asNorrkoping)).Status);
        var overDraft = TestCatalogs.Valid(draft);
        var (status, body) = await SendAsync(linkoping, HttpMethod.Post, $"{Api}/catalogs", overDraft);
        Assert.Equal(HttpStatusCode.Conflict, status);
        var detail = JsonNode.Parse(body)!["detail"]!.GetValue<string>();
        Assert.DoesNotContain("norrkoping", detail.Replace(draft, "", StringComparison.Ordinal), StringComparison.Ordinal);   // not whose it is
        Assert.DoesNotContain("Hemligt", body, StringComparison.Ordinal);

        var plan = await Json.GetAsync(norrkoping, $"{Api}/plans/{draft}");
        Assert.Equal(1, plan["plan"]!["version"]!.GetValue<int>());
        Assert.Equal("draft", plan["plan"]!["status"]!.GetValue<string>());
        Assert.Empty(plan["plan"]!["sharedWith"]!.AsArray());
        Assert.Single((await Json.GetAsync(norrkoping, $"{Api}/plans/{draft}/follow-ups")).AsArray());
        Assert.False((await Json.GetAsync(norrkoping, $"{Api}/plans/{draft}/follow-ups/f1"))["published"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_plan_the_caller_may_read_but_not_change_is_refused_with_403()
    {
        var norrkoping = Member("norrkoping", Role.Editor);
        var draft = await ImportAsync(norrkoping, NorrkopingPlan(NewId("norrkoping")));
        var reader = Member("norrkoping", Role.Reader);
        var analyst = Member("norrkoping", Role.Analyst);
        var linkoping = Client(TestKeys.Linkoping);

        foreach (var (method, path, body) in Writes(draft))
        {
            foreach (var client in new[] { reader, analyst })
            {
                var (status, text) = await SendAsync(client, method, path, body);
                Assert.True(status == HttpStatusCode.Forbidden, $"{method} {path}: {(int)status} {text}");
            }
        }
        using (var response = await Json.PutAsync(reader, $"{Api}/plans/{draft}/status", new { status = "adopted" }))
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(reader, HttpMethod.Post, $"{Api}/catalogs", NorrkopingPlan(NewId("norrkoping")))).Status);

        // A public plan of another tenant: readable, so a write is a 403 (not a 404), and importing over it too.
        foreach (var (method, path, body) in Writes("norrkoping-kf-2023-2026"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(linkoping, method, path, body)).Status);
        }
        var overPublic = TestCatalogs.Valid("norrkoping-kf-2023-2026");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(linkoping, HttpMethod.Post, $"{Api}/catalogs", overPublic)).Status);
        Assert.Equal(1, (await Json.GetAsync(reader, $"{Api}/plans/{draft}"))["plan"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Editors_write_but_only_administrators_share()
    {
        var editor = Member("norrkoping", Role.Editor);
        var admin = Client(TestKeys.Norrkoping);
        var draft = await ImportAsync(editor, NorrkopingPlan(NewId("norrkoping")));

        using (var status = await Json.PutAsync(editor, $"{Api}/plans/{draft}/nodes/a1/activity-status", new { status = "done" }))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }
        using (var node = await Json.PutAsync(editor, $"{Api}/plans/{draft}/nodes/g3", new { parent = "p1", kind = "goal", code = "3", title = "Nytt mål" }))
        {
            Assert.Equal(HttpStatusCode.OK, node.StatusCode);
        }
        using (var followUp = await Json.PutAsync(editor, $"{Api}/plans/{draft}/follow-ups/f2", FollowUp("f2")))
        {
            Assert.Equal(HttpStatusCode.Created, followUp.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(editor, HttpMethod.Put, $"{Api}/plans/{draft}/sharing", Sharing("linkoping"))).Status);

        var (badStatus, badBody) = await SendAsync(admin, HttpMethod.Put, $"{Api}/plans/{draft}/sharing", Sharing("Linköping", "norrkoping", "linkoping"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus);
        var problem = JsonNode.Parse(badBody)!;
        Assert.Equal(["sharedWith[0]", "sharedWith[1]"], Json.Paths(problem));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(admin, HttpMethod.Put, $"{Api}/plans/{draft}/sharing", new { })).Status);

        var (sharedStatus, sharedBody) = await SendAsync(admin, HttpMethod.Put, $"{Api}/plans/{draft}/sharing", Sharing("linkoping", "linkoping"));
        Assert.Equal(HttpStatusCode.OK, sharedStatus);
        Assert.Equal(["linkoping"], JsonNode.Parse(sharedBody)!["sharedWith"]!.AsArray().Select(t => t!.GetValue<string>()));
        // Sharing is not a new version of the plan.
        Assert.Equal(3, (await Json.GetAsync(editor, $"{Api}/plans/{draft}"))["plan"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sharing_makes_a_draft_appear_at_once_and_revoking_makes_it_disappear()
    {
        var admin = Client(TestKeys.Norrkoping);
        var linkoping = Client(TestKeys.Linkoping);
        var draft = await ImportAsync(admin, NorrkopingPlan(NewId("norrkoping")));
        var missing = NewId("norrkoping");

        using (var shared = await Json.PutAsync(admin, $"{Api}/plans/{draft}/sharing", Sharing("linkoping")))
        {
            Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        }
        foreach (var path in ReadPaths.Where(p => !p.Contains("no-such", StringComparison.Ordinal) && p != "/history/99"))
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(linkoping, HttpMethod.Get, $"{Api}/plans/{draft}{path}")).Status);
        }
        var view = await Json.GetAsync(linkoping, $"{Api}/plans/{draft}");
        Assert.Null(view["plan"]!["sharedWith"]);                         // whom else it is shared with is the owner's business
        Assert.Equal(["linkoping"], (await Json.GetAsync(Member("norrkoping", Role.Reader), $"{Api}/plans/{draft}"))["plan"]!["sharedWith"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Single((await Json.GetAsync(linkoping, $"{Api}/plans/{draft}/follow-ups")).AsArray());    // unpublished, but shared
        Assert.Contains((await Json.GetAsync(linkoping, $"{Api}/plans?owner=norrkoping")).AsArray(), p => p!["id"]!.GetValue<string>() == draft);
        Assert.Contains("Hemligt", (await SendAsync(linkoping, HttpMethod.Get, $"{Api}/catalogs/{draft}")).Body, StringComparison.Ordinal);
        // Shared for reading only.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(linkoping, HttpMethod.Put, $"{Api}/plans/{draft}/status", new { status = "adopted" })).Status);

        await SharingEventAsync(draft, ["linkoping"]);

        using (var revoked = await Json.PutAsync(admin, $"{Api}/plans/{draft}/sharing", Sharing()))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }
        foreach (var path in ReadPaths)
        {
            Assert.Equal(
                await AnswerAsync(linkoping, HttpMethod.Get, $"{Api}/plans/{missing}{path}", missing),
                await AnswerAsync(linkoping, HttpMethod.Get, $"{Api}/plans/{draft}{path}", draft));
        }
        Assert.DoesNotContain((await Json.GetAsync(linkoping, $"{Api}/plans")).AsArray(), p => p!["id"]!.GetValue<string>() == draft);
        await SharingEventAsync(draft, []);

        // Shared with everyone.
        using (var everyone = await Json.PutAsync(admin, $"{Api}/plans/{draft}/sharing", Sharing("*")))
        {
            Assert.Equal(HttpStatusCode.OK, everyone.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Member("linkoping", Role.Reader), HttpMethod.Get, $"{Api}/plans/{draft}/rollup")).Status);
    }

    private async Task SharingEventAsync(string planId, string[] sharedWith)
    {
        var harness = factory.Services.GetRequiredService<ITestHarness>();
        bool Published() => harness.Published.Select<SharingChanged>().Any(m =>
            m.Context.Message.ResourceId == planId && m.Context.Message.SharedWith.SequenceEqual(sharedWith));
        for (var waited = 0; !Published(); waited += 50)
        {
            Assert.True(waited < 15_000, $"No SharingChanged for {planId} [{string.Join(",", sharedWith)}] within 15 s.");
            await Task.Delay(50);
        }
        var message = harness.Published.Select<SharingChanged>().First(m => m.Context.Message.ResourceId == planId).Context.Message;
        Assert.Equal(("norrkoping", "plan"), (message.OwnerTenantId, message.ResourceKind));
    }

    [Fact]
    public async Task A_catalog_that_links_to_another_tenants_draft_or_names_its_key_figure_learns_nothing_from_the_validation()
    {
        var norrkoping = Client(TestKeys.Norrkoping);
        var linkoping = Client(TestKeys.Linkoping);
        var draft = await ImportAsync(norrkoping, NorrkopingPlan(NewId("norrkoping")));
        var missing = NewId("norrkoping");

        JsonObject Linking(string target, string keyFigure)
        {
            var file = TestCatalogs.Valid(NewId("linkoping"));
            file["nodes"]![0]!["children"]![1]!["links"] = new JsonArray(new JsonObject { ["plan"] = target, ["node"] = "g1", ["relation"] = "contributesDirectly" });
            file["nodes"]![0]!["children"]![0]!["rule"] = new JsonObject
            {
                ["keyFigure"] = keyFigure, ["shape"] = "changeAgainstBaseline", ["baselineYear"] = 1990, ["betterDirection"] = "higher",
            };
            return file;
        }
        var toDraft = Linking(draft, "norrkoping.arbetsstallen");
        var toMissing = Linking(missing, "norrkoping.no-such-figure");
        var (draftStatus, draftBody) = await SendAsync(linkoping, HttpMethod.Post, $"{Api}/catalogs", toDraft);
        var (missingStatus, missingBody) = await SendAsync(linkoping, HttpMethod.Post, $"{Api}/catalogs", toMissing);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, draftStatus);
        Assert.Equal(missingStatus, draftStatus);
        static IEnumerable<string> Messages(string body, string plan, string figure) =>
            JsonNode.Parse(body)!["problems"]!.AsArray().Select(p => $"{p!["path"]} {p["code"]} {p["message"]}".Replace(plan, "<plan>", StringComparison.Ordinal).Replace(figure, "<figure>", StringComparison.Ordinal));
        var forDraft = Messages(draftBody, draft, "norrkoping.arbetsstallen").ToList();
        Assert.Equal(Messages(missingBody, missing, "norrkoping.no-such-figure"), forDraft);
        Assert.Equal(["danglingLink", "unknownKeyFigure"], Json.Codes(JsonNode.Parse(draftBody)!).Order());
        Assert.DoesNotContain(forDraft, m => m.Contains("tenant", StringComparison.Ordinal) || m.Contains("values for", StringComparison.Ordinal));

        // Shared, the link is valid.
        using (var shared = await Json.PutAsync(norrkoping, $"{Api}/plans/{draft}/sharing", Sharing("linkoping")))
        {
            Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        }
        var file = Linking(draft, "N01951");
        file["nodes"]![0]!["children"]![0]!["rule"]!["baselineYear"] = 2020;
        await ImportAsync(linkoping, file);
    }

    [Fact]
    public async Task Links_to_a_draft_are_left_out_of_a_public_plan_for_those_who_may_not_read_the_draft()
    {
        var norrkoping = Client(TestKeys.Norrkoping);
        var linkoping = Client(TestKeys.Linkoping);
        var draft = await ImportAsync(norrkoping, NorrkopingPlan(NewId("norrkoping")));
        var links = new JsonArray(
            new JsonObject { ["plan"] = draft, ["node"] = "g1", ["relation"] = "contributesDirectly" },
            new JsonObject { ["plan"] = "norrkoping-kf-2023-2026", ["node"] = "1", ["relation"] = "contributesIndirectly" });
        var adopted = await ImportAsync(norrkoping, NorrkopingPlan(NewId("norrkoping"), "adopted", links));

        static IEnumerable<string> LinkedPlans(JsonNode plan) => Json.Nodes(plan).SelectMany(n => n["links"]!.AsArray()).Select(l => l!["plan"]!.GetValue<string>());
        Assert.Contains(draft, LinkedPlans(await Json.GetAsync(norrkoping, $"{Api}/plans/{adopted}")));
        var seen = LinkedPlans(await Json.GetAsync(linkoping, $"{Api}/plans/{adopted}")).ToList();
        Assert.DoesNotContain(draft, seen);
        Assert.Contains("norrkoping-kf-2023-2026", seen);
        Assert.DoesNotContain(draft, (await SendAsync(linkoping, HttpMethod.Get, $"{Api}/catalogs/{adopted}")).Body, StringComparison.Ordinal);
        Assert.DoesNotContain(draft, (await SendAsync(linkoping, HttpMethod.Get, $"{Api}/plans/{adopted}/nodes/g2")).Body, StringComparison.Ordinal);
        Assert.DoesNotContain(draft, (await SendAsync(linkoping, HttpMethod.Get, $"{Api}/plans/{adopted}/history/1")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_owners_own_links_hold_back_deleting_a_node()
    {
        var norrkoping = Client(TestKeys.Norrkoping);
        var linkoping = Client(TestKeys.Linkoping);
        var plan = await ImportAsync(norrkoping, NorrkopingPlan(NewId("norrkoping"), "adopted"));
        var theirs = TestCatalogs.Valid(NewId("linkoping"));
        theirs["nodes"]![0]!["children"]![1]!["links"] = new JsonArray(new JsonObject { ["plan"] = plan, ["node"] = "a1", ["relation"] = "relatesTo" });
        await ImportAsync(linkoping, theirs);
        var own = NorrkopingPlan(NewId("norrkoping"), "draft", new JsonArray(new JsonObject { ["plan"] = plan, ["node"] = "a2", ["relation"] = "implements" }));
        var ownId = await ImportAsync(norrkoping, own);

        // Another tenant's link neither pins the node nor is named to the owner.
        using (var deleted = await norrkoping.DeleteAsync(new Uri($"{Api}/plans/{plan}/nodes/a1", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }
        var (status, body) = await SendAsync(norrkoping, HttpMethod.Delete, $"{Api}/plans/{plan}/nodes/a2");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains(ownId, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unpublished_follow_up_of_a_public_plan_is_the_owners_until_published()
    {
        var editor = Member("norrkoping", Role.Editor);
        var linkoping = Client(TestKeys.Linkoping);
        var plan = await ImportAsync(editor, NorrkopingPlan(NewId("norrkoping"), "adopted"));
        var url = $"{Api}/plans/{plan}/follow-ups";

        Assert.Empty((await Json.GetAsync(linkoping, url)).AsArray());
        foreach (var suffix in new[] { "/f1", "/f1/history" })
        {
            var hidden = await AnswerAsync(linkoping, HttpMethod.Get, url + suffix, plan);
            var missing = await AnswerAsync(linkoping, HttpMethod.Get, url + suffix.Replace("f1", "f9", StringComparison.Ordinal), plan);
            Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
            Assert.Equal(missing.Body.Replace("f9", "f1", StringComparison.Ordinal), hidden.Body);
        }
        Assert.Null(JsonNode.Parse((await SendAsync(linkoping, HttpMethod.Get, $"{Api}/catalogs/{plan}")).Body)!["followUps"]);
        // Another tenant cannot publish it: the plan is public, so that is a 403.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(linkoping, HttpMethod.Put, url + "/f1/published", new { published = true })).Status);

        using (var published = await Json.PutAsync(editor, url + "/f1/published", new { published = true }))
        {
            var view = await Json.ReadAsync(published);
            Assert.True(view["published"]!.GetValue<bool>());
            Assert.Equal(1, view["version"]!.GetValue<int>());                   // publishing is not a new version
            Assert.Equal("norrkoping-editor", view["publishedBy"]!.GetValue<string>());
        }
        Assert.Single((await Json.GetAsync(linkoping, url)).AsArray());
        Assert.True((await Json.GetAsync(linkoping, url + "/f1"))["published"]!.GetValue<bool>());
        Assert.True(JsonNode.Parse((await SendAsync(linkoping, HttpMethod.Get, $"{Api}/catalogs/{plan}")).Body)!["followUps"]![0]!["published"]!.GetValue<bool>());

        // A new follow-up starts unpublished; a write without "published" keeps the state, one with it sets it.
        using (var second = await Json.PutAsync(editor, url + "/f2", FollowUp("f2")))
        {
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }
        Assert.Single((await Json.GetAsync(linkoping, url)).AsArray());
        var changed = FollowUp("f1");
        changed["sections"]!["challenges"] = new JsonArray("Nytt");
        using (var rewritten = await Json.PutAsync(editor, url + "/f1", changed))
        {
            Assert.True((await Json.ReadAsync(rewritten))["published"]!.GetValue<bool>());
        }
        changed["published"] = false;
        using (var withdrawn = await Json.PutAsync(editor, url + "/f1", changed))
        {
            Assert.False((await Json.ReadAsync(withdrawn))["published"]!.GetValue<bool>());
        }
        Assert.Empty((await Json.GetAsync(linkoping, url)).AsArray());
        Assert.Equal(2, (await Json.GetAsync(editor, url)).AsArray().Count);
    }

    [Fact]
    public async Task The_shipped_follow_ups_were_presented_to_the_council_and_are_public()
    {
        var followUps = (await Json.GetAsync(Client(TestKeys.Linkoping), $"{Api}/plans/norrkoping-kf-2019-2022/follow-ups")).AsArray();
        Assert.Equal(17, followUps.Count);
        Assert.All(followUps, f => Assert.True(f!["published"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Versions_from_while_a_plan_was_a_draft_stay_private_after_it_is_adopted()
    {
        var editor = Member("norrkoping", Role.Editor);
        var linkoping = Client(TestKeys.Linkoping);
        var plan = await ImportAsync(editor, NorrkopingPlan(NewId("norrkoping")));
        using (var adopted = await Json.PutAsync(editor, $"{Api}/plans/{plan}/status", new { status = "adopted" }))
        {
            Assert.Equal(HttpStatusCode.OK, adopted.StatusCode);
        }
        Assert.Equal([2], (await Json.GetAsync(linkoping, $"{Api}/plans/{plan}/history")).AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal([2, 1], (await Json.GetAsync(editor, $"{Api}/plans/{plan}/history")).AsArray().Select(v => v!["version"]!.GetValue<int>()));
        var draftVersion = await AnswerAsync(linkoping, HttpMethod.Get, $"{Api}/plans/{plan}/history/1", plan);
        var noVersion = await AnswerAsync(linkoping, HttpMethod.Get, $"{Api}/plans/{plan}/history/9", plan);
        Assert.Equal(HttpStatusCode.NotFound, draftVersion.Status);
        Assert.Equal(noVersion.Body.Replace("version 9", "version 1", StringComparison.Ordinal), draftVersion.Body);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(linkoping, HttpMethod.Get, $"{Api}/plans/{plan}/history/2")).Status);
    }
}
