using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jamforelse.GraphQL.Tests.Platform;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tests;

namespace Jamforelse.GraphQL.Tests.Isolation;

/// <summary>
/// A draft plan through GraphQL: another tenant's queries see nothing (plan, plans, assessments), its
/// mutations are refused as for a missing plan, and an adopted plan it may read it still may not change.
/// </summary>
public sealed class PlanIsolationTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private static readonly CallerIdentity Linkoping = new("linkoping", Role.Admin, "test-linkoping", "Linköpings testare");
    private static readonly CallerIdentity Norrkoping = new("norrkoping", Role.Admin, "test-norrkoping", "Norrköpings testare");

    [Fact]
    public async Task Another_tenants_draft_plan_does_not_exist_in_graphql_and_its_adopted_plans_are_read_only()
    {
        await factory.WaitUntilReadyAsync();
        const string plan = "norrkoping-von-2024";
        using var norrkoping = factory.CreateClient();
        TestKeys.Use(norrkoping, TestKeys.Norrkoping);
        Assert.Equal(HttpStatusCode.OK, (await norrkoping.PutAsJsonAsync(new Uri($"/api/goal-catalog/plans/{plan}/status", UriKind.Relative), new { status = "draft" })).StatusCode);

        var query = $$"""{ plan(id: "{{plan}}") { id } plans(owner: "norrkoping") { id } assessments(plan: "{{plan}}") { planId } }""";
        var (asOwner, _) = await factory.ExecuteAsync(query, caller: Norrkoping);
        Assert.Equal(plan, asOwner.GetProperty("data").GetProperty("plan").GetProperty("id").GetString());
        var (asOther, _) = await factory.ExecuteAsync(query, caller: Linkoping);
        Assert.Equal(JsonValueKind.Null, asOther.GetProperty("data").GetProperty("plan").ValueKind);
        Assert.DoesNotContain(plan, asOther.GetProperty("data").GetProperty("plans").ToString(), StringComparison.Ordinal);
        Assert.Equal(0, asOther.GetProperty("data").GetProperty("assessments").GetArrayLength());

        var write = $$"""mutation { writeFollowUp(plan: "{{plan}}", id: "f-iso", input: { year: 2024, point: "interim", nodes: ["1"], centralEvents: ["Test"] }) }""";
        var (refused, _) = await factory.ExecuteAsync(write, caller: Linkoping);
        var (missing, _) = await factory.ExecuteAsync(write.Replace(plan, "norrkoping-no-such-plan", StringComparison.Ordinal), caller: Linkoping);
        Assert.Equal("NOT_FOUND", Code(refused));
        Assert.Equal(Code(missing), Code(refused));
        Assert.Equal(
            Message(missing).Replace("norrkoping-no-such-plan", "X", StringComparison.Ordinal),
            Message(refused).Replace(plan, "X", StringComparison.Ordinal));

        // Adopted again: readable by all, still changed only by its owner.
        Assert.Equal(HttpStatusCode.OK, (await norrkoping.PutAsJsonAsync(new Uri($"/api/goal-catalog/plans/{plan}/status", UriKind.Relative), new { status = "adopted" })).StatusCode);
        var (readable, _) = await factory.ExecuteAsync(query, caller: Linkoping);
        Assert.Equal(plan, readable.GetProperty("data").GetProperty("plan").GetProperty("id").GetString());
        var (forbidden, _) = await factory.ExecuteAsync(write, caller: Linkoping);
        Assert.Equal("FORBIDDEN", Code(forbidden));
    }

    [Fact]
    public async Task An_adopted_plan_taken_back_to_draft_ends_another_tenants_live_assessment_subscription_with_forbidden()
    {
        await factory.WaitUntilReadyAsync();
        const string plan = "norrkoping-kf-2019-2022";
        using var norrkoping = factory.CreateClient();
        TestKeys.Use(norrkoping, TestKeys.Norrkoping);
        var (refusal, live) = await LiveSubscription.StartAsync(factory, $$"""subscription { assessmentChanged(plan: "{{plan}}") { planId nodeId } }""", Linkoping);
        Assert.Null(refusal);
        try
        {
            // Who may read it changed (public → the owner only): the subscription ends at once, as when sharing is revoked.
            Assert.Equal(HttpStatusCode.OK, (await norrkoping.PutAsJsonAsync(new Uri($"/api/goal-catalog/plans/{plan}/status", UriKind.Relative), new { status = "draft" })).StatusCode);
            var ended = await live!.NextAsync();
            Assert.Equal("FORBIDDEN", Code(ended));
            await live.CompletedAsync();
            var (again, _) = await LiveSubscription.StartAsync(factory, $$"""subscription { assessmentChanged(plan: "{{plan}}") { planId } }""", Linkoping);
            Assert.Equal("NOT_FOUND", Code(again!.Value));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await norrkoping.PutAsJsonAsync(new Uri($"/api/goal-catalog/plans/{plan}/status", UriKind.Relative), new { status = "adopted" })).StatusCode);
        }
    }

    private static string? Code(JsonElement result) =>
        result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();

    private static string Message(JsonElement result) => result.GetProperty("errors")[0].GetProperty("message").GetString()!;
}
