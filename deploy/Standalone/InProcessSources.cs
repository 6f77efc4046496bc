using Jamforelse.Benchmarking.Sources;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.GoalCatalog.Storage;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Storage;

namespace Jamforelse.Standalone;

/// <summary>Benchmarking's view of indicator data when both run in this process.</summary>
internal sealed class InProcessIndicatorSource(ReferenceData reference, ObservationQueries observations) : IIndicatorSource
{
    public Task<KeyFigureInfo?> KeyFigureAsync(string kpiId, CancellationToken cancellationToken) =>
        Task.FromResult(reference.KeyFigure(kpiId) is { } k
            ? new KeyFigureInfo(k.Id, k.Title, k.Unit, k.BetterDirection.ToString().ToLowerInvariant(), k.IsDividedByGender, k.Owner, k.Source, k.SharedWith)
            : null);

    public async Task<IReadOnlyList<ObservedValue>> ValuesAsync(string kpiId, DateTimeOffset? asOf, CancellationToken cancellationToken) =>
        (await observations.FindAsync(new ObservationQuery { KpiIds = [kpiId], AsOf = asOf }, cancellationToken))
            .Select(o => new ObservedValue(o.Area, o.Period, o.Gender, o.Provider.ToString().ToLowerInvariant(), o.Value, o.Flag, o.StatusLabel, o.Counts))
            .ToList();

    public Task<IReadOnlyList<AreaInfo>> AreasAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AreaInfo>>(reference.Areas.Select(a => new AreaInfo(a.Id, a.Title, a.Type.ToString().ToLowerInvariant(), a.Members)).ToList());

    public Task<IReadOnlyList<string>> KeyFiguresWithDataAsync(CancellationToken cancellationToken) => observations.KeyFiguresWithDataAsync(cancellationToken);
}

/// <summary>Benchmarking's view of the goal catalogs when both run in this process.</summary>
internal sealed class InProcessPlanSource(GoalCatalogStore store) : IPlanSource
{
    public async Task<PlanInfo?> PlanAsync(string planId, CancellationToken cancellationToken) =>
        await store.PlanCollection.GetAsync(planId, cancellationToken) is { } plan ? ToInfo(plan) : null;

    public async Task<IReadOnlyList<string>> PlanIdsAsync(CancellationToken cancellationToken) =>
        (await store.AllPlansAsync(cancellationToken)).Select(p => p.Id).ToList();

    private static PlanInfo ToInfo(Plan plan) => new(
        plan.Id, plan.Owner, plan.Area, plan.Title, plan.ValidFrom, plan.ValidTo, Word(plan.Status.ToString()), plan.Version,
        plan.Nodes.Where(n => n.Rule is not null).Select(n => new CriterionInfo(
            n.Id, n.Code, n.Title, n.Rule!.KeyFigures, n.Rule.Gender, Word(n.Rule.Shape.ToString()),
            n.Rule.Reference is { } r ? Word(r.Type.ToString()) : null, n.Rule.Reference?.Id,
            n.Rule.Reference?.Weighting is { } w ? Word(w.ToString()) : null, n.Rule.BaselineYear, Word(n.Rule.BetterDirection.ToString()))).ToList(),
        plan.SharedWith);

    private static string Word(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>The Kolada sync's view of the goal catalogs when both run in this process: the adopted plans' Kolada key figures and years.</summary>
internal sealed class InProcessPlanNeeds(GoalCatalogStore store) : Jamforelse.IndicatorData.Kolada.IPlanNeeds
{
    public async Task<IReadOnlyList<Jamforelse.IndicatorData.Kolada.PlanNeed>> AdoptedPlansAsync(CancellationToken cancellationToken) =>
        (await store.AllPlansAsync(cancellationToken))
            .Where(p => p.Status == PlanStatus.Adopted)
            .Select(p =>
            {
                var rules = p.Nodes.Where(n => n.Rule is not null).Select(n => n.Rule!).ToList();
                var from = rules.Select(r => r.BaselineYear ?? p.ValidFrom).DefaultIfEmpty(p.ValidFrom).Min();
                return new Jamforelse.IndicatorData.Kolada.PlanNeed(p.Id, rules.SelectMany(r => r.KeyFigures).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), Math.Min(from, p.ValidFrom), p.ValidTo);
            })
            .Where(n => n.KpiIds.Count > 0)
            .ToList();
}
