using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.GoalCatalog.Storage;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.GoalCatalog.Endpoints;

/// <summary>
/// Follow-ups of a plan. An unpublished one is read only by the plan's owner and those the plan is shared
/// with; to anyone else it is answered exactly as one that does not exist.
/// </summary>
public static class FollowUpEndpoints
{
    public sealed record PublishedBody(bool? Published);

    public static RouteGroupBuilder MapFollowUpEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/plans/{planId}/follow-ups", async (GoalCatalogStore store, CallerIdentity caller, string planId, string? node, int? year, string? point, CancellationToken cancellationToken) =>
        {
            if (await Visibility.PlanAsync(store, planId, caller, cancellationToken) is not { } plan)
            {
                return Visibility.NoPlan(planId);
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
            var followUps = await Visibility.FollowUpsAsync(store, plan, caller, cancellationToken);
            return Results.Ok(followUps
                .Where(f => node is null || f.Content.Nodes.Contains(node))
                .Where(f => year is null || f.Content.Year == year)
                .Where(f => wanted is null || f.Content.Point == wanted)
                .OrderBy(f => f.Content.Year).ThenBy(f => f.Content.Point).ThenBy(f => f.FollowUpId, StringComparer.Ordinal)
                .Select(FollowUpView.Of));
        });

        api.MapGet("/plans/{planId}/follow-ups/{id}", async (GoalCatalogStore store, CallerIdentity caller, string planId, string id, CancellationToken cancellationToken) =>
        {
            if (await Visibility.PlanAsync(store, planId, caller, cancellationToken) is not { } plan)
            {
                return Visibility.NoPlan(planId);
            }
            return await ReadableAsync(store, plan, id, caller, cancellationToken) is { } followUp
                ? Results.Ok(FollowUpView.Of(followUp))
                : NoFollowUp(planId, id);
        });

        // Writes the content; "published" in the body publishes it or takes it back (absent: unchanged).
        api.MapPut("/plans/{planId}/follow-ups/{id}", async (HttpRequest request, CatalogService catalogs, CallerIdentity caller, string planId, string id, CancellationToken cancellationToken) =>
        {
            var (body, error) = await Answers.ReadAsync<FollowUpInput>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var outcome = await catalogs.WriteFollowUpAsync(planId, id, body!, caller, cancellationToken);
            return Answers.Of(outcome, FollowUpView.Of, $"/api/goal-catalog/plans/{planId}/follow-ups/{id}");
        });

        // Publishes (or takes back) without touching the content: no new version.
        api.MapPut("/plans/{planId}/follow-ups/{id}/published", async (HttpRequest request, CatalogService catalogs, CallerIdentity caller, string planId, string id, CancellationToken cancellationToken) =>
        {
            var (body, error) = await Answers.ReadAsync<PublishedBody>(request, cancellationToken);
            return error ?? Answers.Of(await catalogs.SetFollowUpPublishedAsync(planId, id, body!.Published, caller, cancellationToken), FollowUpView.Of);
        });

        // Every version, the current one first.
        api.MapGet("/plans/{planId}/follow-ups/{id}/history", async (GoalCatalogStore store, CallerIdentity caller, string planId, string id, CancellationToken cancellationToken) =>
        {
            if (await Visibility.PlanAsync(store, planId, caller, cancellationToken) is not { } plan)
            {
                return Visibility.NoPlan(planId);
            }
            if (await ReadableAsync(store, plan, id, caller, cancellationToken) is not { } followUp)
            {
                return NoFollowUp(planId, id);
            }
            var versions = followUp.History.Select(v => FollowUpView.Of(planId, id, v.Content, v.Version, v.ChangedAt, v.ChangedBy, followUp))
                .Append(FollowUpView.Of(followUp)).Reverse();
            return Results.Ok(versions);
        });
        return api;
    }

    private static async Task<FollowUp?> ReadableAsync(GoalCatalogStore store, Plan plan, string id, CallerIdentity caller, CancellationToken cancellationToken) =>
        await store.FollowUpCollection.GetAsync(FollowUp.IdOf(plan.Id, id), cancellationToken) is { } followUp && caller.MayRead(plan, followUp) ? followUp : null;

    private static IResult NoFollowUp(string planId, string id) => Answers.NotFound($"Plan \"{planId}\" has no follow-up \"{id}\".");
}
