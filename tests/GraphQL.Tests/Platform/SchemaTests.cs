using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Tests.Platform;

public sealed class SchemaTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    /// <summary>
    /// The approved schema lives in approved-schema.graphql. A change to the public schema fails here until
    /// the file is updated on purpose: the printed schema is written beside it as received-schema.graphql.
    /// </summary>
    [Fact]
    public void The_schema_is_the_approved_one()
    {
        var schema = factory.Services.GetRequiredService<ISchema>();
        var printed = schema.Print(new PrintOptions { IncludeDescriptions = true, StringComparison = StringComparison.Ordinal }).ReplaceLineEndings("\n");
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Platform");
        var approved = Path.Combine(folder, "approved-schema.graphql");
        var received = Path.Combine(folder, "received-schema.graphql");
        if (!File.Exists(approved) || File.ReadAllText(approved).ReplaceLineEndings("\n") != printed)
        {
            File.WriteAllText(received, printed);
            Assert.Fail($"The schema differs from {approved}. If the change is intended, review {received} and copy it over the approved file.");
        }
        File.Delete(received);
    }

    [Fact]
    public async Task A_comparison_of_Linkoping_with_riket_reads_through_the_services()
    {
        await factory.WaitUntilReadyAsync();
        var (result, calls) = await factory.ExecuteAsync("""
            { comparison(kpi: "N01951", period: "2024", areas: ["0580"]) { kpi period municipalitiesWithData rows { areaId title value rank quartile } references { key value method count } attribution } }
            """);
        Assert.False(result.TryGetProperty("errors", out var errors), errors.ToString());
        var comparison = result.GetProperty("data").GetProperty("comparison");
        var row = comparison.GetProperty("rows")[0];
        Assert.Equal("0580", row.GetProperty("areaId").GetString());
        Assert.Equal(168035, row.GetProperty("value").GetDouble());
        Assert.Equal(1, row.GetProperty("rank").GetInt32());
        Assert.Equal("Källa: Kolada", comparison.GetProperty("attribution").GetString());
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_query_over_290_municipalities_and_10_years_makes_a_bounded_number_of_service_calls()
    {
        await factory.WaitUntilReadyAsync();
        var periods = string.Join(", ", Enumerable.Range(2015, 10).Select(y => $"\"{y}\""));
        var (result, calls) = await factory.ExecuteAsync($$"""
            { areas(type: MUNICIPALITY) { id values(kpi: "N01951", periods: [{{periods}}]) { period value rank } } }
            """);
        Assert.False(result.TryGetProperty("errors", out var errors), errors.ToString());
        var areas = result.GetProperty("data").GetProperty("areas");
        Assert.Equal(290, areas.GetArrayLength());
        var linkoping = areas.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "0580");
        Assert.Equal(10, linkoping.GetProperty("values").GetArrayLength());
        Assert.Equal(JsonValueKind.Number, linkoping.GetProperty("values")[9].GetProperty("value").ValueKind);
        // One call for the areas and one per year, not 290 × 10.
        Assert.Equal(1 + 10, calls);
    }

    [Fact]
    public async Task Plans_keep_each_municipalitys_own_level_names_and_assessments_explain_themselves()
    {
        await factory.WaitUntilReadyAsync();
        var (result, _) = await factory.ExecuteAsync("""
            { plan(id: "linkoping-son-an-2023") { title status nodes { kindLabel title children { kindLabel } } }
              assessments(plan: "norrkoping-kf-2023-2026", year: 2024) { nodeId grade gradeLabel explanationSv explanationEn } }
            """);
        Assert.False(result.TryGetProperty("errors", out var errors), errors.ToString());
        var plan = result.GetProperty("data").GetProperty("plan");
        Assert.Equal("ADOPTED", plan.GetProperty("status").GetString());
        var perspective = plan.GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("kindLabel").GetString() == "Perspektiv");
        Assert.Equal("Kommunövergripande mål", perspective.GetProperty("children")[0].GetProperty("kindLabel").GetString());
        Assert.Contains(plan.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("kindLabel").GetString() == "Strategiska utvecklingsuppdrag");
        var assessments = result.GetProperty("data").GetProperty("assessments");
        Assert.Equal(21, assessments.GetArrayLength());
        Assert.All(assessments.EnumerateArray(), a => Assert.False(string.IsNullOrEmpty(a.GetProperty("explanationSv").GetString())));
    }

    [Fact]
    public async Task Errors_carry_a_code_bad_input_and_service_refusals_alike()
    {
        var (tooMany, _) = await factory.ExecuteAsync("{ keyFigures(first: 100000) { totalCount } }");
        Assert.Equal("BAD_USER_INPUT", tooMany.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        var (refused, _) = await factory.ExecuteAsync("""{ comparison(kpi: "N01951", period: "2024", references: ["nation"]) { kpi } }""");
        Assert.Equal("BAD_USER_INPUT", refused.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        var (invalid, _) = await factory.ExecuteAsync("{ nothing }");
        Assert.False(string.IsNullOrEmpty(invalid.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Key_figures_page_with_cursors()
    {
        var (first, _) = await factory.ExecuteAsync("""{ keyFigures(search: "invånare", first: 5) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }""");
        var connection = first.GetProperty("data").GetProperty("keyFigures");
        Assert.True(connection.GetProperty("totalCount").GetInt32() > 5);
        Assert.True(connection.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        var after = connection.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var (second, _) = await factory.ExecuteAsync($$"""{ keyFigures(search: "invånare", first: 5, after: "{{after}}") { edges { node { id } } } }""");
        var ids = connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString())
            .Concat(second.GetProperty("data").GetProperty("keyFigures").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()))
            .ToList();
        Assert.Equal(10, ids.Distinct().Count());
    }

    [Fact]
    public async Task Activity_roll_ups_of_a_plan_and_its_nodes_take_one_call_per_plan()
    {
        await factory.WaitUntilReadyAsync();
        var (result, calls) = await factory.ExecuteAsync("""
            { plan(id: "linkoping-son-an-2023") { rollup { activities { notStarted inProgress done total } nodes { nodeId activities { total } } }
                nodes { id activityRollup { total } children { id activityRollup { total } children { activityRollup { total } } } } } }
            """);
        Assert.False(result.TryGetProperty("errors", out var errors), errors.ToString());
        var plan = result.GetProperty("data").GetProperty("plan");
        var total = plan.GetProperty("rollup").GetProperty("activities");
        Assert.True(total.GetProperty("total").GetInt32() > 0);
        Assert.Equal(total.GetProperty("total").GetInt32(), total.GetProperty("notStarted").GetInt32() + total.GetProperty("inProgress").GetInt32() + total.GetProperty("done").GetInt32());
        var byNode = plan.GetProperty("rollup").GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("nodeId").GetString()!, n => n.GetProperty("activities").GetProperty("total").GetInt32());
        foreach (var node in plan.GetProperty("nodes").EnumerateArray())
        {
            var rollup = node.GetProperty("activityRollup");
            Assert.Equal(byNode.TryGetValue(node.GetProperty("id").GetString()!, out var count) ? count : (int?)null,
                rollup.ValueKind == JsonValueKind.Null ? null : rollup.GetProperty("total").GetInt32());
        }
        Assert.Equal(2, calls); // the plan and its roll-up, however many nodes ask

        var (missing, _) = await factory.ExecuteAsync("""{ plan(id: "no-such-plan") { rollup { activities { total } } } }""");
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("data").GetProperty("plan").ValueKind);
    }

    [Fact]
    public async Task Follow_ups_of_a_node_read_with_their_sections_and_figures()
    {
        await factory.WaitUntilReadyAsync();
        var (result, _) = await factory.ExecuteAsync("""
            { plan(id: "norrkoping-kf-2019-2022") { followUps(node: "4a") { id nodes year point presenter sections { key label points } figures { label unit values { period value } } changedBy } } }
            """);
        Assert.False(result.TryGetProperty("errors", out var errors), errors.ToString());
        var followUps = result.GetProperty("data").GetProperty("plan").GetProperty("followUps").EnumerateArray().ToList();
        Assert.NotEmpty(followUps);
        Assert.All(followUps, f => Assert.Contains("4a", f.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())));
        Assert.Equal(["Centrala händelser", "Positiv utveckling", "Utmaningar och svårigheter", "Framåtblickande"],
            followUps[0].GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("label").GetString()));

        var (bad, _) = await factory.ExecuteAsync("""{ plan(id: "norrkoping-kf-2019-2022") { followUps(year: "last") { id } } }""");
        Assert.False(string.IsNullOrEmpty(bad.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()));
    }
}
