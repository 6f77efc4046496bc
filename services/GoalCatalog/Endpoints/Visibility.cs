using Jamforelse.GoalCatalog.Domain;
using Jamforelse.GoalCatalog.Storage;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http;

namespace Jamforelse.GoalCatalog.Endpoints;

/// <summary>
/// What a caller may see (<see cref="PlanAccess"/>), for the read endpoints: a plan it may not read is
/// answered exactly as one that does not exist, and links to such plans are left out of what it reads.
/// </summary>
internal static class Visibility
{
    /// <summary>The plan, or null alike when it does not exist and when the caller may not read it.</summary>
    public static async Task<Plan?> PlanAsync(GoalCatalogStore store, string planId, CallerIdentity caller, CancellationToken cancellationToken) =>
        await store.PlanCollection.GetAsync(planId, cancellationToken) is { } plan && caller.MayRead(plan) ? plan : null;

    public static IResult NoPlan(string planId) => Answers.NotFound($"No plan \"{planId}\".");

    /// <summary>Which of the plans <paramref name="plan"/> links to the caller may see.</summary>
    public static async Task<Func<string, bool>> LinkTargetsAsync(GoalCatalogStore store, Plan plan, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var visible = new HashSet<string>(StringComparer.Ordinal) { plan.Id };
        foreach (var id in plan.Nodes.SelectMany(n => n.Links).Select(l => l.Plan).Distinct(StringComparer.Ordinal).Where(id => id != plan.Id))
        {
            if (await PlanAsync(store, id, caller, cancellationToken) is not null)
            {
                visible.Add(id);
            }
        }
        return visible.Contains;
    }

    /// <summary>The follow-ups of a plan the caller may read (unpublished ones only for the owner and those it is shared with).</summary>
    public static async Task<IEnumerable<FollowUp>> FollowUpsAsync(GoalCatalogStore store, Plan plan, CallerIdentity caller, CancellationToken cancellationToken) =>
        (await store.FollowUpsOfAsync(plan.Id, cancellationToken)).Where(f => caller.MayRead(plan, f));
}
