using System.Text.RegularExpressions;
using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Storage;
using Jamforelse.Contracts.Tenants;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.Benchmarking.Endpoints;

public static partial class PeerGroupEndpoints
{
    public sealed record PeerGroupBody(string? Name, string? Owner, List<string>? Members, bool Shared);

    public sealed record SharingBody(List<string>? SharedWith);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex TenantPattern();

    public static RouteGroupBuilder MapPeerGroupEndpoints(this RouteGroupBuilder api)
    {
        // A tenant's own groups and those others share; Kolada's groups are listed by /api/indicator-data/groups.
        api.MapGet("/peer-groups", async (BenchmarkingStore store, CallerIdentity caller, string? tenant, CancellationToken cancellationToken) =>
        {
            var groups = new List<PeerGroup>();
            await foreach (var group in store.PeerGroupCollection.ScanAsync(cancellationToken))
            {
                if (Visibility.MayRead(caller, group) && (tenant is null || group.Owner == tenant))
                {
                    groups.Add(group);
                }
            }
            return Results.Ok(groups.OrderBy(g => g.Name, StringComparer.Ordinal));
        });

        api.MapGet("/peer-groups/{id}", async (BenchmarkingStore store, CallerIdentity caller, string id, CancellationToken cancellationToken) =>
            await Readable(store, caller, id, cancellationToken) is { } group ? Results.Ok(group) : NotFound(id));

        api.MapPost("/peer-groups", async (BenchmarkingStore store, AreaDirectory areas, CallerIdentity caller, TimeProvider clock, PeerGroupBody body, CancellationToken cancellationToken) =>
        {
            if (body.Owner is not null && !caller.MayWrite(body.Owner, Role.Analyst))
            {
                return Forbidden($"A tenant's analysts define its own peer groups: owner \"{caller.Tenant}\".");
            }
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

        api.MapPut("/peer-groups/{id}", async (BenchmarkingStore store, AreaDirectory areas, Recomputer recomputer, CallerIdentity caller, TimeProvider clock, string id, PeerGroupBody body, CancellationToken cancellationToken) =>
        {
            if (await Readable(store, caller, id, cancellationToken) is not { } group)
            {
                return NotFound(id);
            }
            if (!caller.MayWrite(group.Owner, Role.Analyst))
            {
                return Forbidden($"Only {group.Owner}'s analysts change its peer groups.");
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

        api.MapDelete("/peer-groups/{id}", async (BenchmarkingStore store, CallerIdentity caller, string id, CancellationToken cancellationToken) =>
        {
            if (await Readable(store, caller, id, cancellationToken) is not { } group)
            {
                return NotFound(id);
            }
            if (!caller.MayWrite(group.Owner, Role.Analyst))
            {
                return Forbidden($"Only {group.Owner}'s analysts delete its peer groups.");
            }
            await store.PeerGroupCollection.DeleteAsync(id, cancellationToken);
            return Results.NoContent();
        });

        // Whom the group is shared with (its owner's admins decide; takes effect at once, also for open subscriptions).
        api.MapPut("/peer-groups/{id}/sharing", async (BenchmarkingStore store, CallerIdentity caller, TimeProvider clock, string id, SharingBody? body, CancellationToken cancellationToken) =>
        {
            if (await Readable(store, caller, id, cancellationToken) is not { } group)
            {
                return NotFound(id);
            }
            if (!caller.MayWrite(group.Owner, Role.Admin))
            {
                return Forbidden($"Only {group.Owner}'s admins decide whom its peer groups are shared with.");
            }
            if (Sharing.Validate(body?.SharedWith) is { } error)
            {
                return Problems.BadRequest(error);
            }
            group.SharedWith = Sharing.Normalise(body!.SharedWith!, group.Owner);
            group.Shared = group.SharedWith.Contains(CallerIdentity.Everyone);
            group.ChangedAt = clock.GetUtcNow();
            var batch = new WriteBatch().Upsert(BenchmarkingStore.PeerGroups, group);
            Outbox.Enqueue(batch, new SharingChanged
            {
                OwnerTenantId = group.Owner, ResourceKind = "peerGroup", ResourceId = id, SharedWith = group.SharedWith, ChangedAt = group.ChangedAt,
            }, clock);
            await store.Outbox.CommitAsync(batch, cancellationToken);
            return Results.Ok(group);
        });
        return api;
    }

    private static async Task<PeerGroup?> Readable(BenchmarkingStore store, CallerIdentity caller, string id, CancellationToken cancellationToken) =>
        await store.PeerGroupCollection.GetAsync(id, cancellationToken) is { } group && Visibility.MayRead(caller, group) ? group : null;

    private static IResult NotFound(string id) => Problems.NotFound($"No peer group \"{id}\".");

    private static IResult Forbidden(string detail) =>
        Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

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
        else if (body.Members.Any(string.IsNullOrWhiteSpace))
        {
            errors["members"] = ["every member is a municipality id (\"0580\"), not null or empty."];
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
