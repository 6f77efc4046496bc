using Jamforelse.Benchmarking.Sources;
using Jamforelse.Benchmarking.Storage;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.Benchmarking.Endpoints;

/// <summary>
/// What the caller of one request may see, asked of the sources as they are now (so that sharing and its
/// revocation take effect at once): public key figures and those of the caller or shared with it; peer
/// groups likewise; assessments of the plans the caller may read whose key figures it may all read. What
/// the caller may not see is answered exactly as what does not exist.
/// </summary>
public sealed class Visibility(CallerIdentity caller, IIndicatorSource indicators, IPlanSource plans, BenchmarkingStore store)
{
    private readonly Dictionary<string, bool> _keyFigures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlanInfo?> _plans = new(StringComparer.Ordinal);

    public CallerIdentity Caller => caller;

    public static ValueTask<Visibility?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        return ValueTask.FromResult<Visibility?>(new Visibility(
            context.Caller(), services.GetRequiredService<IIndicatorSource>(), services.GetRequiredService<IPlanSource>(), services.GetRequiredService<BenchmarkingStore>()));
    }

    public static bool MayRead(CallerIdentity caller, PeerGroup group) =>
        caller.MayRead(group?.Owner, group is { Shared: true } ? [CallerIdentity.Everyone] : group?.SharedWith);

    public async Task<bool> KeyFigureAsync(string kpiId, CancellationToken cancellationToken)
    {
        if (!_keyFigures.TryGetValue(kpiId, out var readable))
        {
            var keyFigure = await indicators.KeyFigureAsync(kpiId, cancellationToken);
            _keyFigures[kpiId] = readable = keyFigure is not null && caller.MayRead(keyFigure.Owner, keyFigure.SharedWith);
        }
        return readable;
    }

    /// <summary>A Kolada group is public; a tenant's peer group is readable by its owner and those it is shared with.</summary>
    public async Task<bool> GroupAsync(string id, CancellationToken cancellationToken) =>
        await store.PeerGroupCollection.GetAsync(id, cancellationToken) is not { } group || MayRead(caller, group);

    /// <summary>An adopted plan is public, a draft the owner's (and those it is shared with).</summary>
    public async Task<PlanInfo?> PlanAsync(string planId, CancellationToken cancellationToken)
    {
        if (!_plans.TryGetValue(planId, out var plan))
        {
            plan = await plans.PlanAsync(planId, cancellationToken);
            _plans[planId] = plan = plan is not null && (plan.Status == "adopted" || caller.MayRead(plan.Owner, plan.SharedWith)) ? plan : null;
        }
        return plan;
    }

    /// <summary>An assessment shows its criterion's numbers: readable with the plan, and only if every key figure of the criterion is.</summary>
    public async Task<bool> AssessmentAsync(string planId, string nodeId, CancellationToken cancellationToken)
    {
        if (await PlanAsync(planId, cancellationToken) is not { } plan)
        {
            return false;
        }
        foreach (var kpiId in plan.Criteria.FirstOrDefault(c => c.NodeId == nodeId)?.KeyFigures ?? [])
        {
            if (!await KeyFigureAsync(kpiId, cancellationToken))
            {
                return false;
            }
        }
        return true;
    }
}
