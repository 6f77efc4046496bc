using Jamforelse.IndicatorData.Domain;
using Jamforelse.Contracts.Tenants;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.IndicatorData.Endpoints;

public static class KeyFigureEndpoints
{
    public sealed record DirectionOverride(string? Direction, string? Reason);

    public sealed record SharingBody(List<string>? SharedWith);

    public static RouteGroupBuilder MapKeyFigureEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/kpis", (ReferenceData reference, CallerIdentity caller, string? q, string? operatingArea, string? direction, string? owner, int? page, int? pageSize) =>
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
            var access = new KeyFigureAccess(caller);
            var matches = reference.KeyFigures
                .Where(k => k.Owner == owner && access.MayRead(k))
                .Where(k => q is null || k.Id.Equals(q, StringComparison.OrdinalIgnoreCase) || k.Title.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Where(k => operatingArea is null || (k.OperatingArea?.Contains(operatingArea, StringComparison.OrdinalIgnoreCase) ?? false))
                .Where(k => wanted is null || k.BetterDirection == wanted)
                .OrderBy(k => k.Id, StringComparer.Ordinal)
                .ToList();
            return Results.Ok(new Page<KeyFigure>(p, size, matches.Count, matches.Skip((p - 1) * size).Take(size).ToList()));
        });

        // The key figures that hold at least one value, as far as the caller may read them (benchmarking's full
        // recompute after a start, when it runs as its own process).
        api.MapGet("/kpis-with-data", async (ObservationQueries queries, ReferenceData reference, CallerIdentity caller, CancellationToken cancellationToken) =>
        {
            var access = new KeyFigureAccess(caller);
            var ids = (await queries.KeyFiguresWithDataAsync(cancellationToken))
                .Where(id => reference.KeyFigure(id) is { } keyFigure && access.MayRead(keyFigure))
                .ToList();
            return Results.Ok(new { Count = ids.Count, Ids = ids });
        });

        api.MapGet("/kpis/{id}", (ReferenceData reference, CallerIdentity caller, string id) =>
            Readable(reference, caller, id) is { } keyFigure ? Results.Ok(keyFigure) : NotFound(id));

        // A tenant's own key figure (values from CSV or single values): created or updated, never a Kolada one.
        api.MapPut("/kpis/{id}", async (IndicatorDataStore store, ReferenceData reference, CallerIdentity caller, string id, OwnKeyFigureInput body, CancellationToken cancellationToken) =>
        {
            // A tenant defines only its own ("<tenant>.<name>"), so another tenant's figure is never looked at.
            if (!caller.MayWrite(body.Owner, Role.Editor))
            {
                return Problems.Forbidden($"A tenant's editors define its own key figures: owner \"{caller.Tenant}\" and an id \"{caller.Tenant}.<name>\".");
            }
            var existing = reference.KeyFigure(id);
            if (OwnKeyFigures.Validate(id, body, existing) is { Count: > 0 } errors)
            {
                return Problems.BadRequest("The key figure is invalid; nothing was written.", errors);
            }
            var keyFigure = OwnKeyFigures.ToKeyFigure(id, body);
            keyFigure.SharedWith = existing?.SharedWith ?? [];
            await store.KeyFigureCollection.UpsertAsync(keyFigure, cancellationToken);
            reference.Set(keyFigure);
            return existing is null ? Results.Created($"/api/indicator-data/kpis/{id}", keyFigure) : Results.Ok(keyFigure);
        });

        api.MapGet("/kpis/{id}/coverage", async (ObservationQueries queries, ReferenceData reference, CallerIdentity caller, string id, CancellationToken cancellationToken) =>
            Readable(reference, caller, id) is not null
                ? Results.Ok(await queries.CoverageAsync(id, cancellationToken))
                : NotFound(id));

        // Who else may read a private key figure (its owner's admins decide; takes effect at once).
        api.MapPut("/kpis/{id}/sharing", async (IndicatorDataStore store, ReferenceData reference, CallerIdentity caller, TimeProvider clock, string id, SharingBody? body, CancellationToken cancellationToken) =>
        {
            if (Readable(reference, caller, id) is not { } keyFigure)
            {
                return NotFound(id);
            }
            if (keyFigure.Owner is null)
            {
                return Problems.BadRequest($"\"{id}\" is a public key figure: every tenant reads it already.");
            }
            if (!caller.MayWrite(keyFigure.Owner, Role.Admin))
            {
                return Problems.Forbidden($"Only {keyFigure.Owner}'s admins decide whom its key figures are shared with.");
            }
            if (Sharing.Validate(body?.SharedWith) is { } error)
            {
                return Problems.BadRequest(error);
            }
            keyFigure.SharedWith = Sharing.Normalise(body!.SharedWith!, keyFigure.Owner);
            var batch = new WriteBatch().Upsert(IndicatorDataStore.KeyFigures, keyFigure);
            Outbox.Enqueue(batch, new SharingChanged
            {
                OwnerTenantId = keyFigure.Owner, ResourceKind = "keyFigure", ResourceId = id, SharedWith = keyFigure.SharedWith, ChangedAt = clock.GetUtcNow(),
            }, clock);
            await store.Outbox.CommitAsync(batch, cancellationToken);
            reference.Set(keyFigure);
            return Results.Ok(keyFigure);
        });

        api.MapPut("/kpis/{id}/better-direction", async (IndicatorDataStore store, ReferenceData reference, CallerIdentity caller, string id, DirectionOverride body, CancellationToken cancellationToken) =>
        {
            if (Readable(reference, caller, id) is not { } keyFigure)
            {
                return NotFound(id);
            }
            if (!caller.MayWrite(keyFigure.Owner, Role.Editor))
            {
                return Problems.Forbidden(keyFigure.Owner is null
                    ? "The direction of a public key figure is decided by the platform administrator, for every tenant."
                    : $"Only {keyFigure.Owner}'s editors change its key figures.");
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

    /// <summary>The key figure if it exists and the caller may read it: one the caller may not read does not exist for them.</summary>
    private static KeyFigure? Readable(ReferenceData reference, CallerIdentity caller, string id) =>
        reference.KeyFigure(id) is { } keyFigure && new KeyFigureAccess(caller).MayRead(keyFigure) ? keyFigure : null;

    private static IResult NotFound(string id) => Problems.NotFound($"No key figure \"{id}\".");
}
