namespace Jamforelse.Benchmarking.Engine;

/// <summary>The comparison maths: pure functions over plain data, no host, broker or store.</summary>
public static class ComparisonEngine
{
    public const string Riket = "0000";

    /// <summary>Ranks, quartiles, references and gaps for one key figure × period × gender × provider.</summary>
    public static Comparison Compare(ComparisonInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var withData = input.Municipalities
            .Select(id => (Id: id, Value: input.Values.GetValueOrDefault(id)))
            .Where(m => m.Value is not null)
            .Select(m => (m.Id, Value: m.Value!.Value))
            .ToList();
        var ranks = Rank(withData, input.Better);
        var references = References(input, withData);
        var areas = withData
            .Select(m => (m.Id, (double?)m.Value, Rank: (int?)ranks[m.Id]))
            .OrderBy(m => m.Rank).ThenBy(m => m.Id, StringComparer.Ordinal)
            .Concat(input.Municipalities.Where(id => !ranks.ContainsKey(id)).Order(StringComparer.Ordinal).Select(id => (id, (double?)null, Rank: (int?)null)))
            .Select(m => new AreaResult(
                m.Item1, m.Item2, m.Rank,
                m.Rank is { } rank && input.Better != Better.None ? QuartileOf(rank, withData.Count) : null,
                references.Select(r => GapTo(m.Item2, r, input.Better)).ToList()))
            .ToList();
        return new Comparison
        {
            KpiId = input.KpiId, Period = input.Period, Gender = input.Gender, Provider = input.Provider, Better = input.Better,
            MunicipalitiesWithData = withData.Count, MunicipalitiesTotal = input.Municipalities.Count, Areas = areas, References = references,
        };
    }

    /// <summary>Competition ranking ("1, 2, 2, 4"): best first by the better direction, highest first when there is none.</summary>
    public static Dictionary<string, int> Rank(IReadOnlyList<(string Id, double Value)> values, Better better)
    {
        ArgumentNullException.ThrowIfNull(values);
        var ordered = better == Better.Lower ? values.OrderBy(v => v.Value).ToList() : values.OrderByDescending(v => v.Value).ToList();
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            // A value equal to the one before shares its rank; the next different value skips the shared places.
            ranks[ordered[i].Id] = i > 0 && ordered[i].Value.Equals(ordered[i - 1].Value) ? ranks[ordered[i - 1].Id] : i + 1;
        }
        return ranks;
    }

    /// <summary>
    /// Kolada's three classes by position among the n ranked, taking each rank at the middle of its place,
    /// p = (rank − ½) / n: best when p ≤ ¼, worst when p > ¾, the middle half otherwise. A lone municipality
    /// is thus in the middle, not "worst"; ranks are shared by ties, so equal values get the same class.
    /// </summary>
    public static Quartile QuartileOf(int rank, int count)
    {
        var position = (rank - 0.5) / count;
        return position <= 0.25 ? Quartile.Best : position > 0.75 ? Quartile.Worst : Quartile.Middle;
    }

    /// <summary>The gap of a value to a reference: the plain difference, and how much worse (positive = worse).</summary>
    public static Gap GapTo(double? value, ReferenceResult reference, Better better)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (value is not { } v || reference.Value is not { } r)
        {
            return new Gap(reference.Key, null, null);
        }
        double? worse = better switch
        {
            Better.Higher => r - v,
            Better.Lower => v - r,
            _ => null,
        };
        return new Gap(reference.Key, v - r, worse);
    }

    private static List<ReferenceResult> References(ComparisonInput input, List<(string Id, double Value)> withData)
    {
        var references = new List<ReferenceResult> { Stored("riket", ReferenceKind.Riket, Riket, "Riket", input.Values) };
        references.Add(Mean("average", ReferenceKind.MunicipalityAverage, null, "Kommungenomsnittet (ovägt)", withData, "unweighted mean", null));
        if (input.Population.Count > 0)
        {
            references.Add(WeightedMean(withData, input.Population));
        }
        foreach (var spec in input.References)
        {
            switch (spec.Kind)
            {
                case ReferenceKind.Region or ReferenceKind.PeerGroup when spec.Id is { } id:
                    var key = (spec.Kind == ReferenceKind.Region ? "region:" : "group:") + id;
                    var label = spec.Title ?? id;
                    references.Add(input.Values.GetValueOrDefault(id) is not null
                        ? Stored(key, spec.Kind, id, label, input.Values)
                        : MeanOfMembers(key, spec.Kind, id, label, spec.Members ?? [], input.Values));
                    break;
                case ReferenceKind.Municipality when spec.Id is { } id:
                    references.Add(Stored("municipality:" + id, ReferenceKind.Municipality, id, spec.Title ?? id, input.Values));
                    break;
                default:
                    break; // riket and the averages are always there
            }
        }
        return references.DistinctBy(r => r.Key).ToList();
    }

    private static ReferenceResult Stored(string key, ReferenceKind kind, string id, string label, IReadOnlyDictionary<string, double?> values) =>
        values.GetValueOrDefault(id) is { } value
            ? new ReferenceResult(key, kind, id, label, value, "stored", 1, [id], null)
            : new ReferenceResult(key, kind, id, label, null, "stored", 0, [], $"No stored value for {id}.");

    private static ReferenceResult MeanOfMembers(string key, ReferenceKind kind, string id, string label, IReadOnlyList<string> members, IReadOnlyDictionary<string, double?> values)
    {
        var used = members.Distinct(StringComparer.Ordinal).Where(m => values.GetValueOrDefault(m) is not null).Select(m => (m, values[m]!.Value)).ToList();
        return members.Count == 0
            ? new ReferenceResult(key, kind, id, label, null, "unweighted mean of members", 0, [], $"No stored value for {id} and its members are not known.")
            : Mean(key, kind, id, label, used, "unweighted mean of members", used.Count < members.Count ? $"{members.Count - used.Count} of {members.Count} members have no value." : null);
    }

    private static ReferenceResult Mean(string key, ReferenceKind kind, string? id, string label, List<(string Id, double Value)> values, string method, string? note) =>
        values.Count == 0
            ? new ReferenceResult(key, kind, id, label, null, method, 0, [], note ?? "No municipality has a value.")
            : new ReferenceResult(key, kind, id, label, values.Average(v => v.Value), method, values.Count, values.Select(v => v.Id).Order(StringComparer.Ordinal).ToList(), note);

    private static ReferenceResult WeightedMean(List<(string Id, double Value)> withData, IReadOnlyDictionary<string, double> population)
    {
        var used = withData.Where(m => population.GetValueOrDefault(m.Id) > 0).ToList();
        var lacking = withData.Count - used.Count;
        var note = lacking > 0 ? $"{lacking} of {withData.Count} municipalities with a value have no population for the year and are left out." : null;
        if (used.Count == 0)
        {
            return new ReferenceResult("weightedAverage", ReferenceKind.WeightedMunicipalityAverage, null, "Kommungenomsnittet (vägt efter invånare)", null, "population-weighted mean", 0, [], note);
        }
        var total = used.Sum(m => population[m.Id]);
        var mean = used.Sum(m => m.Value * population[m.Id]) / total;
        return new ReferenceResult("weightedAverage", ReferenceKind.WeightedMunicipalityAverage, null, "Kommungenomsnittet (vägt efter invånare)", mean,
            "population-weighted mean", used.Count, used.Select(m => m.Id).Order(StringComparer.Ordinal).ToList(), note);
    }

    /// <summary>Each area's change of value and of gap against the baseline comparison (same figure, gender, provider; references matched by key).</summary>
    public static IReadOnlyList<AreaChange> Change(Comparison now, Comparison baseline)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(baseline);
        var before = baseline.Areas.ToDictionary(a => a.AreaId, StringComparer.Ordinal);
        return now.Areas.Select(area =>
        {
            var old = before.GetValueOrDefault(area.AreaId);
            var gaps = area.Gaps.Select(gap =>
            {
                var oldWorse = old?.Gaps.FirstOrDefault(g => g.ReferenceKey == gap.ReferenceKey)?.Worse;
                return new GapChange(gap.ReferenceKey, gap.Worse, oldWorse, gap.Worse - oldWorse);
            }).ToList();
            return new AreaChange(area.AreaId, area.Value, old?.Value, area.Value - old?.Value, gaps);
        }).ToList();
    }
}
