using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.GoalCatalog.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.GoalCatalog.Endpoints;

public static class FollowUpEndpoints
{
    public static RouteGroupBuilder MapFollowUpEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/plans/{planId}/follow-ups", async (GoalCatalogStore store, string planId, string? node, int? year, string? point, CancellationToken cancellationToken) =>
        {
            if (await store.PlanCollection.GetAsync(planId, cancellationToken) is null)
            {
                return Answers.NotFound($"No plan \"{planId}\".");
            }
            ReportingPoint? wanted = null;
            if (point is not null)
            {
                if (!Words.TryParse<ReportingPoint>(point, out var parsed))
                {
                    return Results.Problem(title: "Bad request", detail: $"point must be one of {Words.All<ReportingPoint>()}.", statusCode: StatusCodes.Status400BadRequest);
                }
                wanted = parsed;
            }
            var followUps = await store.FollowUpsOfAsync(planId, cancellationToken);
            return Results.Ok(followUps
                .Where(f => node is null || f.Content.Nodes.Contains(node))
                .Where(f => year is null || f.Content.Year == year)
                .Where(f => wanted is null || f.Content.Point == wanted)
                .OrderBy(f => f.Content.Year).ThenBy(f => f.Content.Point).ThenBy(f => f.FollowUpId, StringComparer.Ordinal)
                .Select(FollowUpView.Of));
        });

        api.MapGet("/plans/{planId}/follow-ups/{id}", async (GoalCatalogStore store, string planId, string id, CancellationToken cancellationToken) =>
            await store.FollowUpCollection.GetAsync(FollowUp.IdOf(planId, id), cancellationToken) is { } followUp
                ? Results.Ok(FollowUpView.Of(followUp))
                : Answers.NotFound($"Plan \"{planId}\" has no follow-up \"{id}\"."));

        api.MapPut("/plans/{planId}/follow-ups/{id}", async (HttpRequest request, CatalogService catalogs, string planId, string id, CancellationToken cancellationToken) =>
        {
            if (Answers.Actor(request) is not { } actor)
            {
                return Answers.MissingActor();
            }
            var (body, error) = await Answers.ReadAsync<FollowUpInput>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var outcome = await catalogs.WriteFollowUpAsync(planId, id, body!, actor, cancellationToken);
            return Answers.Of(outcome, FollowUpView.Of, $"/api/goal-catalog/plans/{planId}/follow-ups/{id}");
        });

        // Every version, the current one first.
        api.MapGet("/plans/{planId}/follow-ups/{id}/history", async (GoalCatalogStore store, string planId, string id, CancellationToken cancellationToken) =>
        {
            if (await store.FollowUpCollection.GetAsync(FollowUp.IdOf(planId, id), cancellationToken) is not { } followUp)
            {
                return Answers.NotFound($"Plan \"{planId}\" has no follow-up \"{id}\".");
            }
            var versions = followUp.History.Select(v => FollowUpView.Of(planId, id, v.Content, v.Version, v.ChangedAt, v.ChangedBy))
                .Append(FollowUpView.Of(followUp)).Reverse();
            return Results.Ok(versions);
        });
        return api;
    }
}
