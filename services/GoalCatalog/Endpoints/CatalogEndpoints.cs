using System.Text.Json;
using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GoalCatalog.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.GoalCatalog.Endpoints;

public static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        // A whole catalog file (Data/catalogs/FORMAT.md): validated as a whole; all or nothing.
        api.MapPost("/catalogs", async (HttpRequest request, CatalogService catalogs, CancellationToken cancellationToken) =>
        {
            if (Answers.Actor(request) is not { } actor)
            {
                return Answers.MissingActor();
            }
            var (file, error) = await Answers.ReadAsync<CatalogFile>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var outcome = await catalogs.ImportAsync(file!, actor, cancellationToken);
            return Answers.Of(outcome, plan => new { changed = outcome.Kind != OutcomeKind.Unchanged, plan = PlanSummary.Of(plan) }, $"/api/goal-catalog/plans/{file!.Plan?.Id}");
        }).Accepts<CatalogFile>("application/json");

        // The plan and its follow-ups as a catalog file, to edit and import again.
        api.MapGet("/catalogs/{planId}", async (GoalCatalogStore store, string planId, CancellationToken cancellationToken) =>
        {
            if (await store.PlanCollection.GetAsync(planId, cancellationToken) is not { } plan)
            {
                return Answers.NotFound($"No plan \"{planId}\".");
            }
            var followUps = (await store.FollowUpsOfAsync(planId, cancellationToken)).OrderBy(f => f.FollowUpId, StringComparer.Ordinal);
            return Results.Text(JsonSerializer.Serialize(CatalogMapper.ToFile(plan, followUps), CatalogFile.Json), "application/json; charset=utf-8");
        });
        return api;
    }
}
