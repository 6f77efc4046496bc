using Jamforelse.Tests;
using System.Net.Http.Json;
using System.Text.Json;

namespace Jamforelse.GraphQL.Tests.Platform;

public sealed class MutationTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private static string Code(JsonElement result) => result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    [Fact]
    public async Task Values_imported_through_GraphQL_are_stored_and_a_bad_import_lists_its_problems_and_writes_nothing()
    {
        var (ok, _) = await factory.ExecuteAsync("""mutation { importCsv(csv: "kpi,area,period,gender,value\nN03920,0581,2021,T,8.2\n", source: "Test") { importId inserted updated unchanged } }""");
        Assert.False(ok.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.Equal(1, ok.GetProperty("data").GetProperty("importCsv").GetProperty("inserted").GetInt32());

        var (bad, _) = await factory.ExecuteAsync("""mutation { importCsv(csv: "kpi,area,period,gender,value\nN03920,9999,2021,T,8.2\nN03920,0581,20x1,T,1\n", source: "Test") { importId } }""");
        Assert.Equal("BAD_USER_INPUT", Code(bad));
        var message = bad.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains("9999", message, StringComparison.Ordinal);
        Assert.Contains("20x1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_group_is_created_and_a_bad_one_is_refused_with_a_code()
    {
        var (created, _) = await factory.ExecuteAsync("""mutation { createPeerGroup(name: "Östgötastäder", owner: "norrkoping", members: ["0580", "0581"]) }""");
        Assert.False(created.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.StartsWith("pg-", created.GetProperty("data").GetProperty("createPeerGroup").GetString(), StringComparison.Ordinal);

        var (invalid, _) = await factory.ExecuteAsync("""mutation { createPeerGroup(name: "", owner: "norrkoping", members: ["G1"]) }""");
        Assert.Equal("BAD_USER_INPUT", Code(invalid));
    }

    /// <summary>Over HTTP as an analyst's tool sends it, with a key whose member name the goal catalog keeps with every change.</summary>
    private async Task<JsonElement> PostAsync(string query)
    {
        using var client = factory.CreateClient();
        TestKeys.Use(client, TestKeys.Issue(factory.Services, "platform", Jamforelse.ServiceDefaults.Identity.Role.Admin, "test.user"));
        using var response = await client.PostAsJsonAsync("/graphql", new { query });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    private static JsonElement Data(JsonElement result, string field)
    {
        Assert.False(result.TryGetProperty("errors", out var errors), errors.ToString());
        return result.GetProperty("data").GetProperty(field);
    }

    [Fact]
    public async Task Plan_nodes_are_added_changed_moved_and_deleted_and_every_change_is_a_version_with_who_made_it()
    {
        await factory.WaitUntilReadyAsync();
        const string Plan = "norrkoping-von-2024";
        var added = Data(await PostAsync($$"""mutation { upsertPlanNode(plan: "{{Plan}}", node: "gql-goal", input: { parent: "ma1", kind: "goal", code: "99", title: "Testmål" }) { id kind kindLabel code title } }"""), "upsertPlanNode");
        Assert.Equal("gql-goal", added.GetProperty("id").GetString());
        Assert.Equal("99", added.GetProperty("code").GetString());

        // Only the named field changes; the code stays.
        var changed = Data(await PostAsync($$"""mutation { upsertPlanNode(plan: "{{Plan}}", node: "gql-goal", input: { title: "Testmål, ändrat" }) { code title } }"""), "upsertPlanNode");
        Assert.Equal(("99", "Testmål, ändrat"), (changed.GetProperty("code").GetString(), changed.GetProperty("title").GetString()));

        Data(await PostAsync($$"""mutation { movePlanNode(plan: "{{Plan}}", node: "gql-goal", parent: "ma2") { id } }"""), "movePlanNode");
        var moved = Data(await PostAsync($$"""{ plan(id: "{{Plan}}") { nodes { id children { id } } } }"""), "plan");
        Assert.Contains(moved.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "ma2").GetProperty("children").EnumerateArray(),
            c => c.GetProperty("id").GetString() == "gql-goal");

        var afterDelete = Data(await PostAsync($$"""mutation { deletePlanNode(plan: "{{Plan}}", node: "gql-goal") { version nodes { children { id } } } }"""), "deletePlanNode");
        Assert.DoesNotContain("gql-goal", afterDelete.GetRawText(), StringComparison.Ordinal);

        Assert.Equal("DRAFT", Data(await PostAsync($$"""mutation { setPlanStatus(plan: "{{Plan}}", status: DRAFT) { status } }"""), "setPlanStatus").GetProperty("status").GetString());
        Assert.Equal("ADOPTED", Data(await PostAsync($$"""mutation { setPlanStatus(plan: "{{Plan}}", status: ADOPTED) { status } }"""), "setPlanStatus").GetProperty("status").GetString());

        var history = Data(await PostAsync($$"""{ plan(id: "{{Plan}}") { version history { version change changedBy } } }"""), "plan");
        var versions = history.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(history.GetProperty("version").GetInt32(), versions[0].GetProperty("version").GetInt32());
        Assert.True(versions.Count >= 7);
        Assert.All(versions.Take(6), v => Assert.Equal("test.user", v.GetProperty("changedBy").GetString()));
        var first = Data(await PostAsync($$"""{ planVersion(plan: "{{Plan}}", version: 1) { version changedBy plan { version status nodes { id } } } }"""), "planVersion");
        Assert.Equal(1, first.GetProperty("plan").GetProperty("version").GetInt32());
        Assert.DoesNotContain("gql-goal", first.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quantitative_criterion_is_added_with_its_rule_and_a_rule_on_an_unknown_key_figure_is_refused()
    {
        await factory.WaitUntilReadyAsync();
        const string Criterion = """
            mutation($kpi: String!) { upsertPlanNode(plan: "norrkoping-von-2024", node: "gql-1Z", input: {
              parent: "1", kind: "criterion", code: "1Z", title: "Invånarna blir fler snabbare än i riket.", measure: QUANTITATIVE,
              rule: { keyFigure: $kpi, gender: T, shape: DEVELOPMENT_BETTER_THAN_REFERENCE, reference: { type: RIKET }, baselineYear: 2020, betterDirection: HIGHER } }) { id kindLabel code } }
            """;
        using var client = factory.CreateClient();
        TestKeys.Use(client, TestKeys.Issue(factory.Services, "platform", Jamforelse.ServiceDefaults.Identity.Role.Admin, "test.user"));
        using var added = await client.PostAsJsonAsync("/graphql", new { query = Criterion, variables = new { kpi = "N01951" } });
        Assert.Equal("1Z", Data((await added.Content.ReadFromJsonAsync<JsonElement>()).Clone(), "upsertPlanNode").GetProperty("code").GetString());
        var criteria = await client.GetFromJsonAsync<JsonElement>("/api/goal-catalog/plans/norrkoping-von-2024/criteria");
        var rule = criteria.EnumerateArray().Single(c => c.GetProperty("nodeId").GetString() == "gql-1Z").GetProperty("rule");
        Assert.Equal(("developmentBetterThanReference", "riket", 2020), (rule.GetProperty("shape").GetString(), rule.GetProperty("reference").GetProperty("type").GetString(), rule.GetProperty("baselineYear").GetInt32()));

        using var unknown = await client.PostAsJsonAsync("/graphql", new { query = Criterion.Replace("gql-1Z", "gql-1Y", StringComparison.Ordinal).Replace("code: \"1Z\"", "code: \"1Y\"", StringComparison.Ordinal), variables = new { kpi = "N99999" } });
        var refused = (await unknown.Content.ReadFromJsonAsync<JsonElement>()).Clone();
        Assert.Equal("BAD_USER_INPUT", Code(refused));
        Assert.Contains("N99999", refused.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Data(await PostAsync("""mutation { deletePlanNode(plan: "norrkoping-von-2024", node: "gql-1Z") { id } }"""), "deletePlanNode");
    }

    [Fact]
    public async Task Bad_catalog_edits_are_refused_with_a_code_and_change_nothing()
    {
        await factory.WaitUntilReadyAsync();
        const string Plan = "norrkoping-von-2024";
        Assert.Equal("BAD_USER_INPUT", Code(await PostAsync($$"""mutation { upsertPlanNode(plan: "{{Plan}}", node: "gql-bad", input: { parent: "ma1", kind: "noSuchKind", title: "x" }) { id } }""")));
        Assert.Equal("BAD_USER_INPUT", Code(await PostAsync($$"""mutation { upsertPlanNode(plan: "{{Plan}}", node: "gql-bad", input: { parent: "ma1", kind: "goal" }) { id } }""")));
        Assert.Equal("NOT_FOUND", Code(await PostAsync($$"""mutation { movePlanNode(plan: "{{Plan}}", node: "no-such-node", parent: "ma2") { id } }""")));
        Assert.Equal("BAD_USER_INPUT", Code(await PostAsync($$"""mutation { movePlanNode(plan: "{{Plan}}", node: "1", parent: "no-such-parent") { id } }""")));
        Assert.Equal("CONFLICT", Code(await PostAsync($$"""mutation { deletePlanNode(plan: "{{Plan}}", node: "ma1") { id } }""")));
        Assert.Equal("NOT_FOUND", Code(await PostAsync("""mutation { setPlanStatus(plan: "no-such-plan", status: DRAFT) { id } }""")));
        Assert.Equal("BAD_USER_INPUT", Code(await PostAsync($$"""{ planVersion(plan: "{{Plan}}", version: 0) { version } }""")));
        var (plan, _) = await factory.ExecuteAsync($$"""{ plan(id: "{{Plan}}") { nodes { id children { id } } } }""");
        Assert.DoesNotContain("gql-bad", plan.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follow_up_written_twice_has_two_versions_newest_first()
    {
        await factory.WaitUntilReadyAsync();
        const string Write = """
            mutation($topic: String!) { writeFollowUp(plan: "norrkoping-kf-2019-2022", id: "gql-fu", input: {
              nodes: ["4a"], year: 2022, point: "fullYear", topic: $topic, centralEvents: ["Fler elever"] }) }
            """;
        using var client = factory.CreateClient();
        TestKeys.Use(client, TestKeys.Issue(factory.Services, "platform", Jamforelse.ServiceDefaults.Identity.Role.Admin, "test.user"));
        foreach (var topic in new[] { "Första", "Andra" })
        {
            using var response = await client.PostAsJsonAsync("/graphql", new { query = Write, variables = new { topic } });
            Data((await response.Content.ReadFromJsonAsync<JsonElement>()).Clone(), "writeFollowUp");
        }
        var followUp = Data(await PostAsync("""{ followUp(plan: "norrkoping-kf-2019-2022", id: "gql-fu") { version topic point pointLabel sections { key label points } history { version topic changedBy } } }"""), "followUp");
        Assert.Equal("Andra", followUp.GetProperty("topic").GetString());
        Assert.Equal("FULL_YEAR", followUp.GetProperty("point").GetString());
        Assert.Equal("Centrala händelser", followUp.GetProperty("sections")[0].GetProperty("label").GetString());
        var history = followUp.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["Andra", "Första"], history.Select(h => h.GetProperty("topic").GetString()));
        Assert.Equal(followUp.GetProperty("version").GetInt32(), history[0].GetProperty("version").GetInt32());
        Assert.Equal(history[1].GetProperty("version").GetInt32() + 1, history[0].GetProperty("version").GetInt32());

        var (missing, _) = await factory.ExecuteAsync("""{ followUp(plan: "norrkoping-kf-2019-2022", id: "no-such-follow-up") { id } }""");
        Assert.Equal(JsonValueKind.Null, Data(missing, "followUp").ValueKind);
        var (badPoint, _) = await factory.ExecuteAsync("""{ plan(id: "norrkoping-kf-2019-2022") { followUps(point: HALF_YEAR) { id } } }""");
        Assert.False(string.IsNullOrEmpty(Code(badPoint)));
    }

    [Fact]
    public async Task Peer_groups_are_listed_with_their_members_changed_and_deleted()
    {
        await factory.WaitUntilReadyAsync();
        var (created, _) = await factory.ExecuteAsync("""mutation { createPeerGroup(name: "Storstäder i öst", owner: "gqltenant", members: ["0580", "0581"]) }""");
        var id = Data(created, "createPeerGroup").GetString()!;

        var (listed, calls) = await factory.ExecuteAsync("""{ peerGroups(tenant: "gqltenant") { id name owner shared memberIds members { id title } } }""");
        var group = Data(listed, "peerGroups").EnumerateArray().Single(g => g.GetProperty("id").GetString() == id);
        Assert.Equal(["Linköping", "Norrköping"], group.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("title").GetString()));
        Assert.Equal(2, calls); // the groups, and every municipality once

        var (updated, _) = await factory.ExecuteAsync($$"""mutation { updatePeerGroup(id: "{{id}}", name: "Östgötastäder", owner: "gqltenant", members: ["0580", "0581", "0582"], shared: true) { name shared memberIds } }""");
        var changed = Data(updated, "updatePeerGroup");
        Assert.Equal(("Östgötastäder", true, 3), (changed.GetProperty("name").GetString(), changed.GetProperty("shared").GetBoolean(), changed.GetProperty("memberIds").GetArrayLength()));

        var (otherOwner, _) = await factory.ExecuteAsync($$"""mutation { updatePeerGroup(id: "{{id}}", name: "x", owner: "someone-else", members: ["0580"]) { id } }""");
        Assert.Equal("BAD_USER_INPUT", Code(otherOwner));

        var (deleted, _) = await factory.ExecuteAsync($$"""mutation { deletePeerGroup(id: "{{id}}") }""");
        Assert.True(Data(deleted, "deletePeerGroup").GetBoolean());
        var (again, _) = await factory.ExecuteAsync($$"""mutation { deletePeerGroup(id: "{{id}}") }""");
        Assert.Equal("NOT_FOUND", Code(again));
        var (after, _) = await factory.ExecuteAsync("""{ peerGroups(tenant: "gqltenant") { id } }""");
        Assert.Equal(0, Data(after, "peerGroups").GetArrayLength());
    }
}
