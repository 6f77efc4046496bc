using Jamforelse.IndicatorData.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.IndicatorData.Endpoints;

public static class AreaEndpoints
{
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
            if (!Problems.TryParseWord<AreaType>(type, out var parsed) || (!groups && parsed == AreaType.Group))
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
