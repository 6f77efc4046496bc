namespace Jamforelse.Benchmarking.Engine;

/// <summary>Which way a key figure is better; <see cref="None"/> when neither is (or it is not known).</summary>
public enum Better { None, Higher, Lower }

/// <summary>Kolada's colours: the best quarter (green), the middle half (yellow), the worst quarter (red).</summary>
public enum Quartile { Best, Middle, Worst }

public enum ReferenceKind { Riket, MunicipalityAverage, WeightedMunicipalityAverage, Region, PeerGroup, Municipality }

/// <summary>
/// Everything one comparison needs: the stored values of one key figure × period × gender × provider for
/// every area that has a row. Missing stays missing: an area without a row is absent, a row without a
/// number is null; neither is ever zero.
/// </summary>
public sealed record ComparisonInput
{
    public required string KpiId { get; init; }
    public required string Period { get; init; }
    public string Gender { get; init; } = "T";
    public string Provider { get; init; } = "total";
    public Better Better { get; init; }
    /// <summary>Stored values that count, by area id: municipalities ("0580"), riket ("0000"), regions ("0005"), groups ("G37449"); null for a flagged one.</summary>
    public required IReadOnlyDictionary<string, double?> Values { get; init; }
    /// <summary>Areas whose value came with a status (Kolada's Missing, Privacy, …): shown with it, never ranked, averaged or used as a reference.</summary>
    public IReadOnlyDictionary<string, ValueFlag> Flags { get; init; } = new Dictionary<string, ValueFlag>();
    /// <summary>The ids that are municipalities (ranked and averaged); all 290, whether or not they have a value.</summary>
    public required IReadOnlySet<string> Municipalities { get; init; }
    /// <summary>Inhabitants (N01951, total) of the same year by municipality, for the weighted average; empty when not loaded.</summary>
    public IReadOnlyDictionary<string, double> Population { get; init; } = new Dictionary<string, double>();
    /// <summary>References besides riket and the (unweighted, and when population is loaded, weighted) average of municipalities.</summary>
    public IReadOnlyList<ReferenceSpec> References { get; init; } = [];
}

/// <summary>
/// A reference to compare with. <see cref="ReferenceKind.Region"/> and <see cref="ReferenceKind.PeerGroup"/> use
/// their stored value when there is one (Kolada publishes group averages), otherwise the unweighted mean of
/// <see cref="Members"/> with data; <see cref="ReferenceKind.Municipality"/> is that municipality's value.
/// </summary>
/// <summary>A status that came with an area's value, and the number if there was one.</summary>
/// <param name="Status">The word as the source gave it ("Privacy"); <paramref name="Label"/> is it in Swedish ("sekretess").</param>
public sealed record ValueFlag(string Status, string Label, double? Value);

public sealed record ReferenceSpec(ReferenceKind Kind, string? Id = null, string? Title = null, IReadOnlyList<string>? Members = null);

public sealed record Comparison
{
    public required string KpiId { get; init; }
    public required string Period { get; init; }
    public required string Gender { get; init; }
    public required string Provider { get; init; }
    public Better Better { get; init; }
    /// <summary>How many municipalities had a value (the rank's denominator).</summary>
    public int MunicipalitiesWithData { get; init; }
    public int MunicipalitiesTotal { get; init; }
    /// <summary>One row per municipality: ranked ones by rank, then those without a value by id.</summary>
    public required IReadOnlyList<AreaResult> Areas { get; init; }
    public required IReadOnlyList<ReferenceResult> References { get; init; }
}

/// <param name="Rank">1 = best (by the better direction; by value, highest first, when there is none); ties share a rank ("1, 2, 2, 4").</param>
/// <param name="Value">The value that counts: null when missing or flagged.</param>
/// <param name="Quartile">Null when the value is missing or the figure has no better direction.</param>
/// <param name="Flag">The status that came with the area's value, and its number, which is shown but does not count; null for a plain value.</param>
public sealed record AreaResult(string AreaId, double? Value, int? Rank, Quartile? Quartile, IReadOnlyList<Gap> Gaps, ValueFlag? Flag = null);

/// <param name="ReferenceKey">The <see cref="ReferenceResult.Key"/> it is measured against.</param>
/// <param name="Difference">Value minus reference; null when either is missing.</param>
/// <param name="Worse">How much worse than the reference (positive = worse, negative = better); null when either is missing or the figure has no better direction.</param>
public sealed record Gap(string ReferenceKey, double? Difference, double? Worse);

/// <param name="Key">Stable within a comparison: "riket", "average", "weightedAverage", "region:0005", "group:G37449", "municipality:0580".</param>
/// <param name="Method">How the value was obtained: "stored", "unweighted mean", "population-weighted mean", "unweighted mean of members".</param>
/// <param name="Count">How many areas the value rests on (1 for a stored value).</param>
/// <param name="AreasUsed">Which areas, so that a user can check it by hand.</param>
/// <param name="Of">How many areas it stands for: every municipality for the averages, every member for a group's mean, 1 for a stored value. A mean with <see cref="Count"/> below it covers only part (the note says so).</param>
public sealed record ReferenceResult(string Key, ReferenceKind Kind, string? Id, string Label, double? Value, string Method, int Count, IReadOnlyList<string> AreasUsed, string? Note, int Of = 1);

/// <summary>An area's change since a baseline: of its value, and of its gap to each reference.</summary>
public sealed record AreaChange(string AreaId, double? Value, double? BaselineValue, double? ValueChange, IReadOnlyList<GapChange> Gaps);

/// <param name="Change">Worse minus baseline worse: negative = the gap (in the worse direction) narrowed.</param>
public sealed record GapChange(string ReferenceKey, double? Worse, double? BaselineWorse, double? Change);
