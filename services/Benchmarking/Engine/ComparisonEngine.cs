using Jamforelse.ServiceDefaults.Numbers;

namespace Jamforelse.Benchmarking.Engine;

/// <summary>The comparison maths: pure functions over plain data, no host, broker or store.</summary>
public static class ComparisonEngine
{
    public const string Riket = "0000";

    /// <summary>Ranks, quartiles, references and gaps for one key figure × period × gender × provider.</summary>
    public static Comparison Compare(ComparisonInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input = WithinRange(input);
        var withData = input.Municipalities
            .Select(id => (Id: id, Value: Counted(input, id)))
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
                references.Select(r => GapTo(m.Item2, r, input.Better)).ToList(),
                input.Flags.GetValueOrDefault(m.Item1)))
            .ToList();
        return new Comparison
        {
            KpiId = input.KpiId, Period = input.Period, Gender = input.Gender, Provider = input.Provider, Better = input.Better,
            MunicipalitiesWithData = withData.Count, MunicipalitiesTotal = input.Municipalities.Count, Areas = areas, References = references,
        };
    }

    public const string OutOfRangeStatus = "Out of range";

    /// <summary>
    /// Only numbers within <see cref="ValueRange"/> are compared, so that no sum, mean, product or difference can
    /// overflow: one outside it (stored before the platform refused such) counts as flagged, with a note, and a
    /// population outside it is not known. Within the range every result stays finite.
    /// </summary>
    public static ComparisonInput WithinRange(ComparisonInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outside = input.Values.Where(v => v.Value is not null && !ValueRange.Allows(v.Value)).Select(v => v.Key).ToList();
        var badPopulation = input.Population.Any(p => !ValueRange.Allows(p.Value));
        if (outside.Count == 0 && !badPopulation)
        {
            return input;
        }
        var flags = new Dictionary<string, ValueFlag>(input.Flags, StringComparer.Ordinal);
        foreach (var id in outside)
        {
            flags.TryAdd(id, new ValueFlag(OutOfRangeStatus, $"värdet är inte {ValueRange.Rule} och jämförs inte", null));
        }
        return input with
        {
            Values = input.Values.ToDictionary(v => v.Key, v => ValueRange.OrNull(v.Value), StringComparer.Ordinal),
            Flags = flags,
            Population = input.Population.Where(p => ValueRange.Allows(p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>An area's value when it counts: present, and not flagged (a flagged number is shown, never compared).</summary>
    private static double? Counted(ComparisonInput input, string id) =>
        input.Flags.ContainsKey(id) ? null : input.Values.GetValueOrDefault(id);

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
        var references = new List<ReferenceResult> { Stored("riket", ReferenceKind.Riket, Riket, "Riket", input) };
        references.Add(Mean("average", ReferenceKind.MunicipalityAverage, null, "Kommungenomsnittet (ovägt)", withData, "unweighted mean", null, input.Municipalities.Count));
        references.Add(WeightedMean(withData, input.Population, input.Municipalities.Count, input.Period));
        foreach (var spec in input.References)
        {
            switch (spec.Kind)
            {
                case ReferenceKind.Region or ReferenceKind.PeerGroup when spec.Id is { } id:
                    var key = (spec.Kind == ReferenceKind.Region ? "region:" : "group:") + id;
                    var label = spec.Title ?? id;
                    references.Add(Counted(input, id) is not null
                        ? Stored(key, spec.Kind, id, label, input)
                        : MeanOfMembers(key, spec.Kind, id, label, spec.Members ?? [], input));
                    break;
                case ReferenceKind.Municipality when spec.Id is { } id:
                    references.Add(Stored("municipality:" + id, ReferenceKind.Municipality, id, spec.Title ?? id, input));
                    break;
                default:
                    break; // riket and the averages are always there
            }
        }
        return references.DistinctBy(r => r.Key).ToList();
    }

    private static ReferenceResult Stored(string key, ReferenceKind kind, string id, string label, ComparisonInput input) =>
        Counted(input, id) is { } value
            ? new ReferenceResult(key, kind, id, label, value, "stored", 1, [id], null)
            : new ReferenceResult(key, kind, id, label, null, "stored", 0, [], input.Flags.GetValueOrDefault(id) is { } flag
                ? $"The stored value for {id} comes with the status \"{flag.Status}\" ({flag.Label}) and is not compared."
                : $"No stored value for {id}.");

    /// <summary>The unweighted mean of the members that have a value that counts; it says how many of how many it covers.</summary>
    private static ReferenceResult MeanOfMembers(string key, ReferenceKind kind, string id, string label, IReadOnlyList<string> members, ComparisonInput input)
    {
        var distinct = members.Distinct(StringComparer.Ordinal).ToList();
        var used = distinct.Select(m => (Id: m, Value: Counted(input, m))).Where(m => m.Value is not null).Select(m => (m.Id, m.Value!.Value)).ToList();
        return distinct.Count == 0
            ? new ReferenceResult(key, kind, id, label, null, "unweighted mean of members", 0, [], $"No stored value for {id} and its members are not known.", 0)
            : Mean(key, kind, id, label, used, "unweighted mean of members", null, distinct.Count);
    }

    /// <param name="of">How many areas the mean stands for; when fewer have a value, the note says how many it rests on.</param>
    private static ReferenceResult Mean(string key, ReferenceKind kind, string? id, string label, List<(string Id, double Value)> values, string method, string? note, int of)
    {
        note ??= values.Count == 0 ? "No municipality has a value that counts."
            : values.Count < of ? $"Rests on {values.Count} of {of}: the others have no value that counts." : null;
        return values.Count == 0
            ? new ReferenceResult(key, kind, id, label, null, method, 0, [], note, of)
            : new ReferenceResult(key, kind, id, label, values.Average(v => v.Value), method, values.Count, values.Select(v => v.Id).Order(StringComparer.Ordinal).ToList(), note, of);
    }

    /// <summary>
    /// The mean weighted by inhabitants, given only when the population of the year is known for every
    /// municipality with a value: a weighted mean that silently left some of them out would claim more than
    /// it rests on. Otherwise it is absent (no value) with the reason.
    /// </summary>
    private static ReferenceResult WeightedMean(List<(string Id, double Value)> withData, IReadOnlyDictionary<string, double> population, int of, string period)
    {
        const string Label = "Kommungenomsnittet (vägt efter invånare)";
        const string Method = "population-weighted mean";
        var lacking = withData.Where(m => !(population.GetValueOrDefault(m.Id) > 0)).Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        var why = withData.Count == 0 ? "No municipality has a value that counts."
            : population.Count == 0 ? $"No population (inhabitants, N01951) is stored for {period[..Math.Min(4, period.Length)]}: a weighted average needs it for every municipality with a value."
            : lacking.Count > 0 ? $"{lacking.Count} of {withData.Count} municipalities with a value have no population for the year ({string.Join(", ", lacking.Take(5))}{(lacking.Count > 5 ? ", …" : "")}): a weighted average needs it for every one."
            : null;
        if (why is not null)
        {
            return new ReferenceResult("weightedAverage", ReferenceKind.WeightedMunicipalityAverage, null, Label, null, Method, 0, [], why, of);
        }
        var total = withData.Sum(m => population[m.Id]);
        var mean = withData.Sum(m => m.Value * population[m.Id]) / total;
        return new ReferenceResult("weightedAverage", ReferenceKind.WeightedMunicipalityAverage, null, Label, mean, Method, withData.Count,
            withData.Select(m => m.Id).Order(StringComparer.Ordinal).ToList(),
            withData.Count < of ? $"Rests on {withData.Count} of {of}: the others have no value that counts." : null, of);
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
