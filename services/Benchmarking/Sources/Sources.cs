namespace Jamforelse.Benchmarking.Sources;

/// <summary>What benchmarking needs to know of a key figure.</summary>
/// <param name="Better">"higher", "lower" or "none".</param>
public sealed record KeyFigureInfo(string Id, string Title, string? Unit, string Better, bool IsDividedByGender, string? Owner, string Source, IReadOnlyList<string>? SharedWith = null);

/// <summary>An area: "municipality", "region", "country" or "group" (with its members where known).</summary>
public sealed record AreaInfo(string Id, string Title, string Type, IReadOnlyList<string> Members);

/// <summary>One stored value; <see cref="Value"/> null when the row says why there is none.</summary>
/// <param name="Provider">"total", "own" or "private".</param>
/// <param name="Status">The status as the source gave it (Kolada's "Missing", "Privacy", …); null for a plain value.</param>
/// <param name="StatusLabel">The status in Swedish ("sekretess"); null for a plain value.</param>
/// <param name="Counts">False for a value that comes with a flag: it is shown, never ranked or averaged (docs/kolada.md).</param>
public sealed record ObservedValue(string AreaId, string Period, string Gender, string Provider, double? Value, string? Status = null, string? StatusLabel = null, bool Counts = true);

/// <summary>
/// The port to the indicator-data service (in process in the embedded host, HTTP when distributed).
/// Benchmarking reads values from it and never from the indicator-data store.
/// </summary>
public interface IIndicatorSource
{
    Task<KeyFigureInfo?> KeyFigureAsync(string kpiId, CancellationToken cancellationToken);

    /// <summary>Every stored value of a key figure, for every area, period, gender and provider; as the platform knew them at <paramref name="asOf"/> when given.</summary>
    Task<IReadOnlyList<ObservedValue>> ValuesAsync(string kpiId, DateTimeOffset? asOf, CancellationToken cancellationToken);

    Task<IReadOnlyList<AreaInfo>> AreasAsync(CancellationToken cancellationToken);

    /// <summary>The key figures that have at least one stored value (for a full recompute).</summary>
    Task<IReadOnlyList<string>> KeyFiguresWithDataAsync(CancellationToken cancellationToken);
}

/// <summary>A quantitative criterion of a plan, as the goal catalog gives it.</summary>
/// <param name="Shape">gapToReferenceNarrows | betterThanReference | changeAgainstBaseline | developmentBetterThanReference.</param>
/// <param name="ReferenceType">riket | municipalityAverage | region | peerGroup | municipality; null for changeAgainstBaseline.</param>
/// <param name="BetterDirection">higher | lower.</param>
public sealed record CriterionInfo(
    string NodeId, string? Code, string Title, IReadOnlyList<string> KeyFigures, string Gender, string Shape,
    string? ReferenceType, string? ReferenceId, string? Weighting, int? BaselineYear, string BetterDirection);

/// <param name="SharedWith">The tenants a draft plan is shared with ("*": all); an adopted plan is public.</param>
public sealed record PlanInfo(string Id, string Owner, string Area, string Title, int ValidFrom, int ValidTo, string Status, int Version, IReadOnlyList<CriterionInfo> Criteria, IReadOnlyList<string>? SharedWith = null);

/// <summary>The port to the goal-catalog service.</summary>
public interface IPlanSource
{
    Task<PlanInfo?> PlanAsync(string planId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> PlanIdsAsync(CancellationToken cancellationToken);
}
