using System.Text.RegularExpressions;
using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.Benchmarking.Endpoints;

public static partial class PeerGroupEndpoints
{
    public sealed record PeerGroupBody(string? Name, string? Owner, List<string>? Members, bool Shared);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex TenantPattern();

    public static RouteGroupBuilder MapPeerGroupEndpoints(this RouteGroupBuilder api)
    {
        // A tenant's own groups and those others share; Kolada's groups are listed by /api/indicator-data/groups.
        api.MapGet("/peer-groups", async (BenchmarkingStore store, string? tenant, CancellationToken cancellationToken) =>
        {
            var groups = new List<PeerGroup>();
            await foreach (var group in store.PeerGroupCollection.ScanAsync(cancellationToken))
            {
                if (tenant is null ? group.Shared : group.Owner == tenant || group.Shared)
                {
                    groups.Add(group);
                }
            }
            return Results.Ok(groups.OrderBy(g => g.Name, StringComparer.Ordinal));
        });

        api.MapGet("/peer-groups/{id}", async (BenchmarkingStore store, string id, CancellationToken cancellationToken) =>
            await store.PeerGroupCollection.GetAsync(id, cancellationToken) is { } group ? Results.Ok(group) : Problems.NotFound($"No peer group \"{id}\"."));

        api.MapPost("/peer-groups", async (BenchmarkingStore store, AreaDirectory areas, TimeProvider clock, PeerGroupBody body, CancellationToken cancellationToken) =>
        {
            if (await ValidateAsync(body, areas, cancellationToken) is { Count: > 0 } errors)
            {
                return Problems.BadRequest("The peer group is invalid; nothing was written.", errors);
            }
            var group = new PeerGroup
            {
                Id = "pg-" + Guid.NewGuid().ToString("N")[..10], Name = body.Name!.Trim(), Owner = body.Owner!, Members = body.Members!.Distinct().Order(StringComparer.Ordinal).ToList(),
                Shared = body.Shared, ChangedAt = clock.GetUtcNow(),
            };
            await store.PeerGroupCollection.UpsertAsync(group, cancellationToken);
            return Results.Created($"/api/benchmarking/peer-groups/{group.Id}", group);
        });

        api.MapPut("/peer-groups/{id}", async (BenchmarkingStore store, AreaDirectory areas, Recomputer recomputer, TimeProvider clock, string id, PeerGroupBody body, CancellationToken cancellationToken) =>
        {
            if (await store.PeerGroupCollection.GetAsync(id, cancellationToken) is not { } group)
            {
                return Problems.NotFound($"No peer group \"{id}\".");
            }
            var errors = await ValidateAsync(body, areas, cancellationToken);
            if (body.Owner != group.Owner)
            {
                errors["owner"] = [$"The group belongs to \"{group.Owner}\"; a group cannot change owner."];
            }
            if (errors.Count > 0)
            {
                return Problems.BadRequest("The peer group is invalid; nothing was written.", errors);
            }
            group.Name = body.Name!.Trim();
            group.Members = body.Members!.Distinct().Order(StringComparer.Ordinal).ToList();
            group.Shared = body.Shared;
            group.ChangedAt = clock.GetUtcNow();
            await store.PeerGroupCollection.UpsertAsync(group, cancellationToken);
            await recomputer.ReassessPlansAsync(p => p.Criteria.Any(c => c.ReferenceType == "peerGroup" && c.ReferenceId == id), cancellationToken);
            return Results.Ok(group);
        });

        api.MapDelete("/peer-groups/{id}", async (BenchmarkingStore store, string id, CancellationToken cancellationToken) =>
            await store.PeerGroupCollection.DeleteAsync(id, cancellationToken) ? Results.NoContent() : Problems.NotFound($"No peer group \"{id}\"."));
        return api;
    }

    private static async Task<Dictionary<string, string[]>> ValidateAsync(PeerGroupBody body, AreaDirectory areas, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200)
        {
            errors["name"] = ["name is required (at most 200 characters)."];
        }
        if (body.Owner is null || !TenantPattern().IsMatch(body.Owner))
        {
            errors["owner"] = ["owner is required: the owning tenant (\"norrkoping\")."];
        }
        if (body.Members is not { Count: > 0 })
        {
            errors["members"] = ["members is required: municipality ids (\"0580\")."];
        }
        else
        {
            var unknown = new List<string>();
            foreach (var member in body.Members.Distinct())
            {
                if (await areas.AreaAsync(member, cancellationToken) is not { Type: "municipality" })
                {
                    unknown.Add(member);
                }
            }
            if (unknown.Count > 0)
            {
                errors["members"] = [$"Not municipality ids: {string.Join(", ", unknown)}."];
            }
        }
        return errors;
    }
}
