using System.Text.Json;
using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GoalCatalog.Storage;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.GoalCatalog.Endpoints;

public static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        // A whole catalog file (Data/catalogs/FORMAT.md): validated as a whole; all or nothing. Only plan.owner's editors (and up) import it.
        api.MapPost("/catalogs", async (HttpRequest request, CatalogService catalogs, CallerIdentity caller, CancellationToken cancellationToken) =>
        {
            var (file, error) = await Answers.ReadAsync<CatalogFile>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var outcome = await catalogs.ImportAsync(file!, caller, cancellationToken);
            return Answers.Of(outcome, plan => new { changed = outcome.Kind != OutcomeKind.Unchanged, plan = PlanSummary.Of(plan, caller) }, $"/api/goal-catalog/plans/{file!.Plan?.Id}");
        }).Accepts<CatalogFile>("application/json");

        // The plan and its follow-ups as a catalog file, to edit and import again: what the caller may read of it.
        api.MapGet("/catalogs/{planId}", async (GoalCatalogStore store, CallerIdentity caller, string planId, CancellationToken cancellationToken) =>
        {
            if (await Visibility.PlanAsync(store, planId, caller, cancellationToken) is not { } plan)
            {
                return Visibility.NoPlan(planId);
            }
            var followUps = (await Visibility.FollowUpsAsync(store, plan, caller, cancellationToken)).OrderBy(f => f.FollowUpId, StringComparer.Ordinal);
            var file = CatalogMapper.WithLinks(CatalogMapper.ToFile(plan, followUps), await Visibility.LinkTargetsAsync(store, plan, caller, cancellationToken));
            return Results.Text(JsonSerializer.Serialize(file, CatalogFile.Json), "application/json; charset=utf-8");
        });
        return api;
    }
}
