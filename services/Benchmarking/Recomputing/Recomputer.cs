using Jamforelse.Benchmarking.Assessments;
using Jamforelse.Benchmarking.Engine;
using Jamforelse.Benchmarking.Sources;
using Jamforelse.Benchmarking.Storage;
using Jamforelse.Contracts.Benchmarking;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;

namespace Jamforelse.Benchmarking.Recomputing;

/// <summary>
/// Keeps the read models true to their sources. Everything is recomputed from what the sources hold now,
/// never from a message's content, and a result is written (with a new version and one event) only when
/// its hash differs from the stored one: a repeated, late or out-of-order message therefore changes
/// nothing it should not, and a full recompute after a restart converges.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its SemaphoreSlim is never disposed on purpose: see the field.")]
public sealed class Recomputer(BenchmarkingStore store, IIndicatorSource indicators, IPlanSource plans, AreaDirectory areas, TimeProvider clock)
{
    // Never disposed: disposing a SemaphoreSlim drops its queued waiters, which then wait for ever (a consumer
    // still queued while the host stopped kept the test host from exiting).
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Recomputes a key figure's comparisons (the given periods, or all) and then every assessment that uses it.</summary>
    public async Task<IReadOnlyList<string>> RecomputeKeyFigureAsync(string kpiId, IReadOnlyCollection<string>? periods, IReadOnlyList<string>? areasChanged, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var changed = await RecomputeComparisonsAsync(kpiId, periods, areasChanged ?? [], cancellationToken);
            if (changed.Count > 0)
            {
                await ReassessAsync(plan => plan.Criteria.Any(c => c.KeyFigures.Contains(kpiId)), c => c.KeyFigures.Contains(kpiId), cancellationToken);
            }
            return changed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes the plan's current criteria from the goal catalog (unless a newer version is already assessed) and reassesses it.</summary>
    public async Task RecomputePlanAsync(string planId, int? version, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await OnceAcrossInstancesAsync(async () =>
            {
                var copy = await store.PlanCollection.GetAsync(planId, cancellationToken);
                if (version is { } v && copy is not null && copy.Version >= v)
                {
                    return false; // a duplicate or a message overtaken by a later one
                }
                if (await plans.PlanAsync(planId, cancellationToken) is not { } plan)
                {
                    return false;
                }
                var batch = new WriteBatch();
                batch.Upsert(BenchmarkingStore.Plans, new PlanCopy { Id = plan.Id, Owner = plan.Owner, Version = plan.Version, Json = Serialization.Json(plan) });
                await AssessAsync(plan, batch, null, cancellationToken);
                await store.Outbox.CommitAsync(batch, cancellationToken);
                return true;
            });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every plan and every key figure with data, as after a restart: unchanged results stay as they are.</summary>
    public async Task RecomputeAllAsync(CancellationToken cancellationToken)
    {
        foreach (var kpiId in await indicators.KeyFiguresWithDataAsync(cancellationToken))
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await RecomputeComparisonsAsync(kpiId, null, [], cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }
        foreach (var planId in await plans.PlanIdsAsync(cancellationToken))
        {
            await RecomputePlanAsync(planId, null, cancellationToken);
        }
    }

    /// <summary>Reassesses the plans already known whose criteria match, e.g. after a peer group changed.</summary>
    public async Task ReassessPlansAsync(Func<PlanInfo, bool> which, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await ReassessAsync(which, _ => true, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<IReadOnlyList<string>> RecomputeComparisonsAsync(string kpiId, IReadOnlyCollection<string>? periods, IReadOnlyList<string> areasChanged, CancellationToken cancellationToken) =>
        OnceAcrossInstancesAsync(() => RecomputeComparisonsOnceAsync(kpiId, periods, areasChanged, cancellationToken));

    private async Task<IReadOnlyList<string>> RecomputeComparisonsOnceAsync(string kpiId, IReadOnlyCollection<string>? periods, IReadOnlyList<string> areasChanged, CancellationToken cancellationToken)
    {
        if (await InputsAsync(kpiId, null, cancellationToken) is not { } inputs)
        {
            return [];
        }
        var values = inputs.Values;
        var now = clock.GetUtcNow();
        var batch = new WriteBatch();
        var changed = new List<string>();
        foreach (var period in (periods ?? values.Keys).Where(values.ContainsKey).Order(StringComparer.Ordinal))
        {
            var stored = inputs.Compute(period);
            var json = Serialization.Json(stored);
            var hash = Serialization.Hash(json);
            var id = ComparisonDocument.IdOf(kpiId, period);
            var existing = await store.ComparisonCollection.GetAsync(id, cancellationToken);
            if (existing?.Hash == hash)
            {
                continue;
            }
            var version = (existing?.Version ?? 0) + 1;
            ClaimVersion(batch, id, version);
            batch.Upsert(BenchmarkingStore.Comparisons, new ComparisonDocument
            {
                Id = id, KpiId = kpiId, Period = period, Year = Inputs.YearOf(period), Hash = hash, Version = version, ComputedAt = now, Json = json,
            });
            Outbox.Enqueue(batch, new ComparisonUpdated { KpiId = kpiId, Period = period, Version = version, AreasChanged = areasChanged, ComputedAt = now }, clock);
            changed.Add(period);
        }
        if (batch.Count > 0)
        {
            await store.Outbox.CommitAsync(batch, cancellationToken);
        }
        return changed;
    }

    private static void ClaimVersion(WriteBatch batch, string documentId, int version)
    {
        batch.Insert(BenchmarkingStore.Versions, new VersionClaim { Id = VersionClaim.IdOf(documentId, version) });
        if (version > 1)
        {
            batch.Delete(BenchmarkingStore.Versions, VersionClaim.IdOf(documentId, version - 1));
        }
    }

    /// <summary>
    /// Runs one unit of work again when another instance of the service wrote the same version first
    /// (<see cref="VersionClaim"/>): the rerun reads what that instance stored and finds nothing left to do.
    /// </summary>
    private static async Task<T> OnceAcrossInstancesAsync<T>(Func<Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (WriteConflictException) when (attempt < MaxConflictAttempts)
            {
                // recompute from what the other instance stored
            }
        }
    }

    private const int MaxConflictAttempts = 5;

    /// <summary>
    /// A key figure's values as the platform knew them at <paramref name="asOf"/> (for a report reproduced as it was
    /// written), to compute the periods asked for; nothing is stored. Null when the key figure is unknown.
    /// </summary>
    public Task<KeyFigureInputs?> InputsAsOfAsync(string kpiId, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        InputsAsync(kpiId, asOf, cancellationToken);

    /// <summary>A key figure's values by period (now, or as of an instant), read once; each period is computed when asked for.</summary>
    private async Task<KeyFigureInputs?> InputsAsync(string kpiId, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        if (await indicators.KeyFigureAsync(kpiId, cancellationToken) is not { } keyFigure)
        {
            return null;
        }
        // Who may read it is asked live at every request; it is not part of the read model (nor of its hash).
        keyFigure = keyFigure with { SharedWith = null };
        var values = Inputs.ByPeriod(await indicators.ValuesAsync(kpiId, asOf, cancellationToken));
        var population = kpiId == Inputs.Population ? [] : await indicators.ValuesAsync(Inputs.Population, asOf, cancellationToken);
        return new KeyFigureInputs(keyFigure, values, population, await areas.MunicipalitiesAsync(cancellationToken));
    }

    /// <summary>What the comparisons of one key figure are computed from; <see cref="Compute(string)"/> gives one period's.</summary>
    public sealed record KeyFigureInputs(
        KeyFigureInfo KeyFigure, Dictionary<string, Dictionary<(string Gender, string Provider), Inputs.VariantValues>> Values,
        IReadOnlyList<ObservedValue> Population, IReadOnlySet<string> Municipalities)
    {
        public StoredComparison Compute(string period) => Recomputer.Compute(KeyFigure, period, Values[period], Population, Municipalities);
    }

    /// <summary>The stored comparison of one period: every gender × provider with its inputs and default references.</summary>
    public static StoredComparison Compute(
        KeyFigureInfo keyFigure, string period, IReadOnlyDictionary<(string Gender, string Provider), Inputs.VariantValues> variants,
        IReadOnlyList<ObservedValue> population, IReadOnlySet<string> municipalities)
    {
        ArgumentNullException.ThrowIfNull(keyFigure);
        ArgumentNullException.ThrowIfNull(variants);
        var weights = Inputs.PopulationOf(population, period);
        return new StoredComparison(keyFigure, period, variants
            .OrderBy(v => v.Key.Gender, StringComparer.Ordinal).ThenBy(v => v.Key.Provider, StringComparer.Ordinal)
            .Select(v =>
            {
                var input = new ComparisonInput
                {
                    KpiId = keyFigure.Id, Period = period, Gender = v.Key.Gender, Provider = v.Key.Provider, Better = Inputs.BetterOf(keyFigure.Better),
                    Values = v.Value.Values, Flags = v.Value.Flags, Municipalities = municipalities, Population = weights,
                };
                return new StoredVariant(v.Key.Gender, v.Key.Provider, v.Value.Values, weights, ComparisonEngine.Compare(input), v.Value.Flags.Count == 0 ? null : v.Value.Flags);
            })
            .ToList());
    }

    private async Task ReassessAsync(Func<PlanInfo, bool> which, Func<CriterionInfo, bool> criteria, CancellationToken cancellationToken) =>
        await OnceAcrossInstancesAsync(async () =>
        {
            await ReassessOnceAsync(which, criteria, cancellationToken);
            return true;
        });

    private async Task ReassessOnceAsync(Func<PlanInfo, bool> which, Func<CriterionInfo, bool> criteria, CancellationToken cancellationToken)
    {
        var batch = new WriteBatch();
        await foreach (var copy in store.PlanCollection.ScanAsync(cancellationToken))
        {
            var plan = Serialization.Read<PlanInfo>(copy.Json);
            if (which(plan))
            {
                await AssessAsync(plan, batch, criteria, cancellationToken);
            }
        }
        if (batch.Count > 0)
        {
            await store.Outbox.CommitAsync(batch, cancellationToken);
        }
    }

    /// <summary>
    /// Assesses the quantitative criteria of a plan (all of them, or only those <paramref name="only"/> picks,
    /// such as the ones that use a key figure whose values changed) for every year of its validity; stages what changed.
    /// </summary>
    private async Task AssessAsync(PlanInfo plan, WriteBatch batch, Func<CriterionInfo, bool>? only, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var comparisons = new Dictionary<string, IReadOnlyList<StoredComparison>>(StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var criterion in plan.Criteria.Where(c => only is null || only(c)))
        {
            foreach (var kpiId in criterion.KeyFigures.Where(k => !comparisons.ContainsKey(k)))
            {
                var documents = await store.ComparisonCollection.FindAsync(nameof(ComparisonDocument.KpiId), kpiId, 10_000, cancellationToken);
                comparisons[kpiId] = documents.Select(d => Serialization.Read<StoredComparison>(d.Json)).ToList();
            }
            for (var year = plan.ValidFrom; year <= plan.ValidTo; year++)
            {
                var view = await Assessor.AssessAsync(plan, criterion, year, comparisons, areas, cancellationToken);
                var id = AssessmentDocument.IdOf(plan.Id, criterion.NodeId, year);
                kept.Add(id);
                var json = Serialization.Json(view);
                var hash = Serialization.Hash(json);
                var existing = await store.AssessmentCollection.GetAsync(id, cancellationToken);
                if (existing?.Hash == hash)
                {
                    continue;
                }
                var version = (existing?.Version ?? 0) + 1;
                ClaimVersion(batch, id, version);
                batch.Upsert(BenchmarkingStore.Assessments, new AssessmentDocument
                {
                    Id = id, PlanId = plan.Id, Owner = plan.Owner, NodeId = criterion.NodeId, Year = year, Grade = view.Grade,
                    Hash = hash, Version = version, ComputedAt = now, Json = json,
                });
                Outbox.Enqueue(batch, new AssessmentChanged
                {
                    TenantId = plan.Owner, PlanId = plan.Id, NodeId = criterion.NodeId, Year = year, Grade = view.Grade,
                    PreviousGrade = existing?.Grade, Version = version, ComputedAt = now,
                }, clock);
            }
        }
        if (only is not null)
        {
            return;
        }
        // Criteria removed from the plan, or years outside its validity, lose their assessments.
        foreach (var stale in (await store.AssessmentCollection.FindAsync(nameof(AssessmentDocument.PlanId), plan.Id, 100_000, cancellationToken)).Where(a => !kept.Contains(a.Id)))
        {
            batch.Delete(BenchmarkingStore.Assessments, stale.Id);
        }
    }
}
