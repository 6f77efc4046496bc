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
        api.MapGet("/kpis", (ReferenceData reference, string? q, string? operatingArea, string? direction, int? page, int? pageSize) =>
        {
            var (p, size) = (page ?? 1, pageSize ?? 50);
            if (Problems.CheckPage(p, size) is { } pageError)
            {
                return Problems.BadRequest(pageError);
            }
            BetterDirection? wanted = null;
            if (direction is not null)
            {
                if (!Enum.TryParse<BetterDirection>(direction, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    return Problems.BadRequest($"direction must be higher, lower or none, not \"{direction}\".");
                }
                wanted = parsed;
            }
            var matches = reference.KeyFigures
                .Where(k => k.Owner is null)
                .Where(k => q is null || k.Id.Equals(q, StringComparison.OrdinalIgnoreCase) || k.Title.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Where(k => operatingArea is null || (k.OperatingArea?.Contains(operatingArea, StringComparison.OrdinalIgnoreCase) ?? false))
                .Where(k => wanted is null || k.BetterDirection == wanted)
                .OrderBy(k => k.Id, StringComparer.Ordinal)
                .ToList();
            return Results.Ok(new Page<KeyFigure>(p, size, matches.Count, matches.Skip((p - 1) * size).Take(size).ToList()));
        });

        api.MapGet("/kpis/{id}", (ReferenceData reference, string id) =>
            reference.KeyFigure(id) is { Owner: null } keyFigure ? Results.Ok(keyFigure) : Problems.NotFound($"No key figure \"{id}\"."));

        api.MapPut("/kpis/{id}/better-direction", async (IndicatorDataStore store, ReferenceData reference, string id, DirectionOverride body, CancellationToken cancellationToken) =>
        {
            if (reference.KeyFigure(id) is not { } keyFigure)
            {
                return Problems.NotFound($"No key figure \"{id}\".");
            }
            var errors = new Dictionary<string, string[]>();
            if (!Enum.TryParse<BetterDirection>(body.Direction, ignoreCase: true, out var direction) || !Enum.IsDefined(direction) || int.TryParse(body.Direction, out _))
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

    public static RouteGroupBuilder MapAreaEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/areas", (ReferenceData reference, string? q, string? type, int? page, int? pageSize) =>
            ListAreas(reference, q, type, member: null, page, pageSize, groups: false));
        api.MapGet("/areas/{id}", (ReferenceData reference, string id) =>
            reference.Area(id) is { Type: not AreaType.Group } area ? Results.Ok(area) : Problems.NotFound($"No area \"{id}\"."));
        api.MapGet("/groups", (ReferenceData reference, string? q, string? member, int? page, int? pageSize) =>
            ListAreas(reference, q, nameof(AreaType.Group), member, page, pageSize, groups: true));
        api.MapGet("/groups/{id}", (ReferenceData reference, string id) =>
            reference.Area(id) is { Type: AreaType.Group } group
                ? Results.Ok(new
                {
                    group.Id,
                    group.Title,
                    group.MemberCount,
                    Members = group.Members.Select(m => new { Id = m, reference.Area(m)?.Title }),
                })
                : Problems.NotFound($"No group \"{id}\"."));
        return api;
    }

    private static IResult ListAreas(ReferenceData reference, string? q, string? type, string? member, int? page, int? pageSize, bool groups)
    {
        var (p, size) = (page ?? 1, pageSize ?? 100);
        if (Problems.CheckPage(p, size) is { } pageError)
        {
            return Problems.BadRequest(pageError);
        }
        AreaType? wanted = null;
        if (type is not null)
        {
            if (!Enum.TryParse<AreaType>(type, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || (!groups && parsed == AreaType.Group))
            {
                return Problems.BadRequest($"type must be municipality, region or country, not \"{type}\"; groups are under /groups.");
            }
            wanted = parsed;
        }
        var matches = reference.Areas
            .Where(a => groups ? a.Type == AreaType.Group : a.Type != AreaType.Group)
            .Where(a => wanted is null || a.Type == wanted)
            .Where(a => q is null || a.Id.Equals(q, StringComparison.OrdinalIgnoreCase) || a.Title.Contains(q, StringComparison.OrdinalIgnoreCase))
            .Where(a => member is null || a.Members.Contains(member))
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        return Results.Ok(new Page<Area>(p, size, matches.Count, matches.Skip((p - 1) * size).Take(size).ToList()));
    }
}
