using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.GoalCatalog.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.GoalCatalog.Endpoints;

public static class PlanEndpoints
{
    public sealed record StatusBody(string? Status, string? Comment);

    public static RouteGroupBuilder MapPlanEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/plans", async (GoalCatalogStore store, string? owner, string? status, CancellationToken cancellationToken) =>
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
                .Where(p => owner is null || p.Owner == owner)
                .Where(p => wanted is null || p.Status == wanted)
                .OrderBy(p => p.Owner, StringComparer.Ordinal).ThenBy(p => p.ValidFrom).ThenBy(p => p.Id, StringComparer.Ordinal)
                .Select(PlanSummary.Of));
        });

        api.MapGet("/plans/{planId}", async (GoalCatalogStore store, string planId, CancellationToken cancellationToken) =>
            await store.PlanCollection.GetAsync(planId, cancellationToken) is { } plan ? Results.Ok(PlanView.Of(plan)) : Answers.NotFound($"No plan \"{planId}\"."));

        api.MapGet("/plans/{planId}/nodes/{nodeId}", async (GoalCatalogStore store, string planId, string nodeId, CancellationToken cancellationToken) =>
        {
            if (await store.PlanCollection.GetAsync(planId, cancellationToken) is not { } plan)
            {
                return Answers.NotFound($"No plan \"{planId}\".");
            }
            if (plan.Nodes.Find(n => n.Id == nodeId) is not { } node)
            {
                return Answers.NotFound($"Plan \"{planId}\" has no node \"{nodeId}\".");
            }
            return Results.Ok(new { path = Ancestors(plan, node).Select(a => new { a.Id, a.Kind, a.Code, a.Title }), node = NodeView.Of(plan, node) });
        });

        api.MapPut("/plans/{planId}/nodes/{nodeId}", async (HttpRequest request, CatalogService catalogs, string planId, string nodeId, CancellationToken cancellationToken) =>
        {
            if (Answers.Actor(request) is not { } actor)
            {
                return Answers.MissingActor();
            }
            var (body, error) = await Answers.ReadAsync<NodeInput>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var outcome = await catalogs.UpsertNodeAsync(planId, nodeId, body!, actor, cancellationToken);
            return Answers.Of(outcome, plan => NodeView.Of(plan, plan.Nodes.Find(n => n.Id == nodeId)!));
        });

        api.MapDelete("/plans/{planId}/nodes/{nodeId}", async (HttpRequest request, CatalogService catalogs, string planId, string nodeId, CancellationToken cancellationToken) =>
            Answers.Actor(request) is not { } actor
                ? Answers.MissingActor()
                : Answers.Of(await catalogs.DeleteNodeAsync(planId, nodeId, actor, cancellationToken), PlanSummary.Of));

        api.MapPut("/plans/{planId}/nodes/{nodeId}/activity-status", async (HttpRequest request, CatalogService catalogs, string planId, string nodeId, CancellationToken cancellationToken) =>
        {
            if (Answers.Actor(request) is not { } actor)
            {
                return Answers.MissingActor();
            }
            var (body, error) = await Answers.ReadAsync<StatusBody>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var outcome = await catalogs.SetActivityStatusAsync(planId, nodeId, body!.Status, body.Comment, actor, cancellationToken);
            return Answers.Of(outcome, plan => NodeView.Of(plan, plan.Nodes.Find(n => n.Id == nodeId)!).Activity);
        });

        api.MapPut("/plans/{planId}/status", async (HttpRequest request, CatalogService catalogs, string planId, CancellationToken cancellationToken) =>
        {
            if (Answers.Actor(request) is not { } actor)
            {
                return Answers.MissingActor();
            }
            var (body, error) = await Answers.ReadAsync<StatusBody>(request, cancellationToken);
            return error ?? Answers.Of(await catalogs.SetPlanStatusAsync(planId, body!.Status, actor, cancellationToken), PlanSummary.Of);
        });

        api.MapGet("/plans/{planId}/rollup", async (GoalCatalogStore store, string planId, CancellationToken cancellationToken) =>
            await store.PlanCollection.GetAsync(planId, cancellationToken) is { } plan ? Results.Ok(Rollups.Of(plan)) : Answers.NotFound($"No plan \"{planId}\"."));

        api.MapGet("/plans/{planId}/criteria", async (GoalCatalogStore store, string planId, CancellationToken cancellationToken) =>
        {
            if (await store.PlanCollection.GetAsync(planId, cancellationToken) is not { } plan)
            {
                return Answers.NotFound($"No plan \"{planId}\".");
            }
            return Results.Ok(plan.Nodes.Where(n => n.Rule is not null).Select(n => new CriterionView(
                plan.Id, plan.Owner, plan.Area, n.Id, n.Code, n.Title, Ancestors(plan, n).Select(a => a.Title).ToList(), RuleView.Of(n.Rule!))));
        });

        api.MapGet("/plans/{planId}/history", async (GoalCatalogStore store, string planId, CancellationToken cancellationToken) =>
        {
            if (await store.PlanCollection.GetAsync(planId, cancellationToken) is null)
            {
                return Answers.NotFound($"No plan \"{planId}\".");
            }
            var versions = await store.VersionCollection.FindAsync(nameof(PlanVersion.PlanId), planId, 100_000, cancellationToken);
            return Results.Ok(versions.OrderByDescending(v => v.Version).Select(v => new { v.Version, v.Change, v.ChangedAt, v.ChangedBy }));
        });

        api.MapGet("/plans/{planId}/history/{version:int}", async (GoalCatalogStore store, string planId, int version, CancellationToken cancellationToken) =>
            await store.VersionCollection.GetAsync(PlanVersion.IdOf(planId, version), cancellationToken) is { } stored
                ? Results.Ok(new { stored.Version, stored.Change, stored.ChangedAt, stored.ChangedBy, plan = PlanView.Of(stored.Snapshot) })
                : Answers.NotFound($"Plan \"{planId}\" has no version {version}."));
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
