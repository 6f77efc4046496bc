using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.IndicatorData.Endpoints;

public static class KeyFigureEndpoints
{
    public sealed record DirectionOverride(string? Direction, string? Reason);

    public static RouteGroupBuilder MapKeyFigureEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/kpis", (ReferenceData reference, string? q, string? operatingArea, string? direction, string? owner, int? page, int? pageSize) =>
        {
            var (p, size) = (page ?? 1, pageSize ?? 50);
            if (Problems.CheckPage(p, size) is { } pageError)
            {
                return Problems.BadRequest(pageError);
            }
            BetterDirection? wanted = null;
            if (direction is not null)
            {
                if (!Problems.TryParseWord<BetterDirection>(direction, out var parsed))
                {
                    return Problems.BadRequest($"direction must be higher, lower or none, not \"{direction}\".");
                }
                wanted = parsed;
            }
            var matches = reference.KeyFigures
                .Where(k => k.Owner == owner)
                .Where(k => q is null || k.Id.Equals(q, StringComparison.OrdinalIgnoreCase) || k.Title.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Where(k => operatingArea is null || (k.OperatingArea?.Contains(operatingArea, StringComparison.OrdinalIgnoreCase) ?? false))
                .Where(k => wanted is null || k.BetterDirection == wanted)
                .OrderBy(k => k.Id, StringComparer.Ordinal)
                .ToList();
            return Results.Ok(new Page<KeyFigure>(p, size, matches.Count, matches.Skip((p - 1) * size).Take(size).ToList()));
        });

        api.MapGet("/kpis/{id}", (ReferenceData reference, string id) =>
            reference.KeyFigure(id) is { } keyFigure ? Results.Ok(keyFigure) : Problems.NotFound($"No key figure \"{id}\"."));

        // A tenant's own key figure (values from CSV or single values): created or updated, never a Kolada one.
        api.MapPut("/kpis/{id}", async (IndicatorDataStore store, ReferenceData reference, string id, OwnKeyFigureInput body, CancellationToken cancellationToken) =>
        {
            var existing = reference.KeyFigure(id);
            if (OwnKeyFigures.Validate(id, body, existing) is { Count: > 0 } errors)
            {
                return Problems.BadRequest("The key figure is invalid; nothing was written.", errors);
            }
            var keyFigure = OwnKeyFigures.ToKeyFigure(id, body);
            await store.KeyFigureCollection.UpsertAsync(keyFigure, cancellationToken);
            reference.Set(keyFigure);
            return existing is null ? Results.Created($"/api/indicator-data/kpis/{id}", keyFigure) : Results.Ok(keyFigure);
        });

        api.MapGet("/kpis/{id}/coverage", async (ObservationQueries queries, ReferenceData reference, string id, CancellationToken cancellationToken) =>
            reference.IsKnownKeyFigure(id)
                ? Results.Ok(await queries.CoverageAsync(id, cancellationToken))
                : Problems.NotFound($"No key figure \"{id}\"."));

        api.MapPut("/kpis/{id}/better-direction", async (IndicatorDataStore store, ReferenceData reference, string id, DirectionOverride body, CancellationToken cancellationToken) =>
        {
            if (reference.KeyFigure(id) is not { } keyFigure)
            {
                return Problems.NotFound($"No key figure \"{id}\".");
            }
            var errors = new Dictionary<string, string[]>();
            if (!Problems.TryParseWord<BetterDirection>(body.Direction, out var direction))
            {
                errors["direction"] = ["direction must be higher, lower or none."];
            }
            if (string.IsNullOrWhiteSpace(body.Reason))
            {
                errors["reason"] = ["reason is required: say who decided and on what evidence, so that analysts can trust it."];
            }
            if (errors.Count > 0)
            {
                return Problems.BadRequest("The direction override is invalid.", errors);
            }
            keyFigure.BetterDirection = direction;
            keyFigure.BetterDirectionReason = "override: " + body.Reason!.Trim();
            await store.KeyFigureCollection.UpsertAsync(keyFigure, cancellationToken);
            reference.Set(keyFigure);
            return Results.Ok(keyFigure);
        });
        return api;
    }
}
