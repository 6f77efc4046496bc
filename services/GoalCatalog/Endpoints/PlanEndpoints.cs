using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.GoalCatalog.Storage;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.GoalCatalog.Endpoints;

/// <summary>
/// Plans, their nodes, statuses and history. Every answer is the caller's (<see cref="PlanAccess"/>): a plan it
/// may not read is answered exactly as one that does not exist, in lists, reads and writes alike.
/// </summary>
public static class PlanEndpoints
{
    public sealed record StatusBody(string? Status, string? Comment);

    public sealed record SharingBody(List<string?>? SharedWith);

    public static RouteGroupBuilder MapPlanEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/plans", async (GoalCatalogStore store, CallerIdentity caller, string? owner, string? status, CancellationToken cancellationToken) =>
        {
            PlanStatus? wanted = null;
            if (status is not null)
            {
                if (!Words.TryParse<PlanStatus>(status, out var parsed))
                {
                    return Results.Problem(title: "Bad request", detail: $"status must be one of {Words.All<PlanStatus>()}.", statusCode: StatusCodes.Status400BadRequest);
                }
                wanted = parsed;
            }
            var plans = await store.AllPlansAsync(cancellationToken);
            return Results.Ok(plans
                .Where(caller.MayRead)
                .Where(p => owner is null || p.Owner == owner)
                .Where(p => wanted is null || p.Status == wanted)
                .OrderBy(p => p.Owner, StringComparer.Ordinal).ThenBy(p => p.ValidFrom).ThenBy(p => p.Id, StringComparer.Ordinal)
                .Select(p => PlanSummary.Of(p, caller)));
        });

        api.MapGet("/plans/{planId}", async (GoalCatalogStore store, CallerIdentity caller, string planId, CancellationToken cancellationToken) =>
            await Visibility.PlanAsync(store, planId, caller, cancellationToken) is { } plan
                ? Results.Ok(PlanView.Of(plan, PlanSummary.Of(plan, caller), await Visibility.LinkTargetsAsync(store, plan, caller, cancellationToken)))
                : Visibility.NoPlan(planId));

        api.MapGet("/plans/{planId}/nodes/{nodeId}", async (GoalCatalogStore store, CallerIdentity caller, string planId, string nodeId, CancellationToken cancellationToken) =>
        {
            if (await Visibility.PlanAsync(store, planId, caller, cancellationToken) is not { } plan)
            {
                return Visibility.NoPlan(planId);
            }
            if (plan.Nodes.Find(n => n.Id == nodeId) is not { } node)
            {
                return Answers.NotFound($"Plan \"{planId}\" has no node \"{nodeId}\".");
            }
            var links = await Visibility.LinkTargetsAsync(store, plan, caller, cancellationToken);
            return Results.Ok(new { path = Ancestors(plan, node).Select(a => new { a.Id, a.Kind, a.Code, a.Title }), node = NodeView.Of(plan, node, links) });
        });

        api.MapPut("/plans/{planId}/nodes/{nodeId}", async (HttpRequest request, CatalogService catalogs, GoalCatalogStore store, CallerIdentity caller, string planId, string nodeId, CancellationToken cancellationToken) =>
        {
            var (body, error) = await Answers.ReadAsync<NodeInput>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var outcome = await catalogs.UpsertNodeAsync(planId, nodeId, body!, caller, cancellationToken);
            Func<string, bool> links = outcome.Value is { } changed ? await Visibility.LinkTargetsAsync(store, changed, caller, cancellationToken) : _ => false;
            return Answers.Of(outcome, plan => NodeView.Of(plan, plan.Nodes.Find(n => n.Id == nodeId)!, links));
        });

        api.MapDelete("/plans/{planId}/nodes/{nodeId}", async (CatalogService catalogs, CallerIdentity caller, string planId, string nodeId, CancellationToken cancellationToken) =>
            Answers.Of(await catalogs.DeleteNodeAsync(planId, nodeId, caller, cancellationToken), plan => PlanSummary.Of(plan, caller)));

        api.MapPut("/plans/{planId}/nodes/{nodeId}/activity-status", async (HttpRequest request, CatalogService catalogs, CallerIdentity caller, string planId, string nodeId, CancellationToken cancellationToken) =>
        {
            var (body, error) = await Answers.ReadAsync<StatusBody>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var outcome = await catalogs.SetActivityStatusAsync(planId, nodeId, body!.Status, body.Comment, caller, cancellationToken);
            return Answers.Of(outcome, plan => NodeView.Of(plan, plan.Nodes.Find(n => n.Id == nodeId)!, _ => false).Activity);
        });

        api.MapPut("/plans/{planId}/status", async (HttpRequest request, CatalogService catalogs, CallerIdentity caller, string planId, CancellationToken cancellationToken) =>
        {
            var (body, error) = await Answers.ReadAsync<StatusBody>(request, cancellationToken);
            return error ?? Answers.Of(await catalogs.SetPlanStatusAsync(planId, body!.Status, caller, cancellationToken), plan => PlanSummary.Of(plan, caller));
        });

        // Whom the plan is shared with: the owner's administrators decide; it takes effect at the next request.
        api.MapPut("/plans/{planId}/sharing", async (HttpRequest request, CatalogService catalogs, CallerIdentity caller, string planId, CancellationToken cancellationToken) =>
        {
            var (body, error) = await Answers.ReadAsync<SharingBody>(request, cancellationToken);
            return error ?? Answers.Of(await catalogs.ShareAsync(planId, body!.SharedWith, caller, cancellationToken), plan => new
            {
                planId = plan.Id, owner = plan.Owner, sharedWith = plan.SharedWith, changedAt = plan.SharingChangedAt, changedBy = plan.SharingChangedBy,
            });
        });

        api.MapGet("/plans/{planId}/rollup", async (GoalCatalogStore store, CallerIdentity caller, string planId, CancellationToken cancellationToken) =>
            await Visibility.PlanAsync(store, planId, caller, cancellationToken) is { } plan ? Results.Ok(Rollups.Of(plan)) : Visibility.NoPlan(planId));

        api.MapGet("/plans/{planId}/criteria", async (GoalCatalogStore store, CallerIdentity caller, string planId, CancellationToken cancellationToken) =>
        {
            if (await Visibility.PlanAsync(store, planId, caller, cancellationToken) is not { } plan)
            {
                return Visibility.NoPlan(planId);
            }
            return Results.Ok(plan.Nodes.Where(n => n.Rule is not null).Select(n => new CriterionView(
                plan.Id, plan.Owner, plan.Area, n.Id, n.Code, n.Title, Ancestors(plan, n).Select(a => a.Title).ToList(), RuleView.Of(n.Rule!))));
        });

        // Versions from while the plan was a draft are as private as a draft.
        api.MapGet("/plans/{planId}/history", async (GoalCatalogStore store, CallerIdentity caller, string planId, CancellationToken cancellationToken) =>
        {
            if (await Visibility.PlanAsync(store, planId, caller, cancellationToken) is not { } plan)
            {
                return Visibility.NoPlan(planId);
            }
            var versions = await store.VersionCollection.FindAsync(nameof(PlanVersion.PlanId), planId, 100_000, cancellationToken);
            return Results.Ok(versions.Where(v => caller.MayRead(plan, v)).OrderByDescending(v => v.Version).Select(v => new { v.Version, v.Change, v.ChangedAt, v.ChangedBy }));
        });

        api.MapGet("/plans/{planId}/history/{version:int}", async (GoalCatalogStore store, CallerIdentity caller, string planId, int version, CancellationToken cancellationToken) =>
        {
            if (await Visibility.PlanAsync(store, planId, caller, cancellationToken) is not { } plan)
            {
                return Visibility.NoPlan(planId);
            }
            if (await store.VersionCollection.GetAsync(PlanVersion.IdOf(planId, version), cancellationToken) is not { } stored || !caller.MayRead(plan, stored))
            {
                return Answers.NotFound($"Plan \"{planId}\" has no version {version}.");
            }
            var links = await Visibility.LinkTargetsAsync(store, stored.Snapshot, caller, cancellationToken);
            return Results.Ok(new { stored.Version, stored.Change, stored.ChangedAt, stored.ChangedBy, plan = PlanView.Of(stored.Snapshot, PlanSummary.OfVersion(stored.Snapshot), links) });
        });
        return api;
    }

    private static List<PlanNode> Ancestors(Plan plan, PlanNode node)
    {
        var chain = new List<PlanNode>();
        for (var at = node.ParentId; at is not null && plan.Nodes.Find(n => n.Id == at) is { } parent; at = parent.ParentId)
        {
            chain.Insert(0, parent);
        }
        return chain;
    }
}
