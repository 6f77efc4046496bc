using Jamforelse.IndicatorData.Domain;
using Jamforelse.ServiceDefaults.Numbers;

namespace Jamforelse.IndicatorData.Storage;

/// <summary>Which observations to read: key figures × areas (or a group's members) × years × genders × providers.</summary>
public sealed record ObservationQuery
{
    public required IReadOnlyList<string> KpiIds { get; init; }
    public IReadOnlyList<string> AreaIds { get; init; } = [];
    public string? GroupId { get; init; }
    public int? FromYear { get; init; }
    public int? ToYear { get; init; }
    public IReadOnlyList<string> Genders { get; init; } = [];
    public IReadOnlyList<Provider> Providers { get; init; } = [];
    /// <summary>The values as the platform knew them at this instant (from the revisions it keeps); null: as they are now.</summary>
    public DateTimeOffset? AsOf { get; init; }
}

/// <summary>One observation as the API shows it.</summary>
/// <param name="SourceStatus">Kolada's status word as served ("", "Missing", "Privacy", "Not applicable", …); null for other sources.</param>
/// <param name="StatusLabel">The status in Swedish for people ("sekretess"); null for a plain value.</param>
/// <param name="Flag">Why a row does not count, in Kolada's words ("Missing", "Privacy", "Not applicable", or the word served); null when it counts.</param>
public sealed record ObservationView(
    string Kpi, string Area, string? AreaTitle, string Period, string Gender, Provider Provider,
    double? Value, int? Count, ObservationStatus Status, string Source, string ImportId, DateTimeOffset RecordedAt,
    int Revisions, string? SourceStatus = null, string? StatusLabel = null, string? Flag = null)
{
    /// <summary>Whether it takes part in comparisons: derived, a row counts exactly when nothing flags it.</summary>
    public bool Counts => Flag is null;
}

/// <summary>The span of years a key figure has values for, and over how many areas.</summary>
public sealed record KeyFigureCoverage(string KpiId, int? FirstYear, int? LastYear, int AreaCount, int ValueCount);

public sealed class ObservationQueries(IndicatorDataStore store, ReferenceData reference)
{
    /// <summary>How many series one query may read when it names no areas (every area of the key figures).</summary>
    public const int MaxSeriesPerKeyFigure = 5000;

    public async Task<IReadOnlyList<ObservationView>> FindAsync(ObservationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var areas = new SortedSet<string>(query.AreaIds, StringComparer.Ordinal);
        if (query.GroupId is { } groupId && reference.Area(groupId) is { } group)
        {
            areas.Add(groupId);
            areas.UnionWith(group.Members);
        }
        var series = new List<ObservationSeries>();
        if (areas.Count == 0)
        {
            foreach (var kpi in query.KpiIds)
            {
                series.AddRange(await store.SeriesCollection.FindAsync(nameof(ObservationSeries.KpiId), kpi, MaxSeriesPerKeyFigure, cancellationToken));
            }
        }
        else
        {
            var ids = query.KpiIds.SelectMany(kpi => areas.Select(area => ObservationSeries.IdOf(kpi, area))).ToList();
            series.AddRange(await store.SeriesCollection.GetManyAsync(ids, cancellationToken));
        }
        return series
            .OrderBy(s => s.KpiId, StringComparer.Ordinal).ThenBy(s => s.AreaId, StringComparer.Ordinal)
            .SelectMany(s => s.Points.Where(p => Matches(query, p))
                .Select(p => query.AsOf is { } asOf ? AsOf(p, asOf) : p)
                .OfType<ObservationPoint>()
                .Select(p => View(s, p)))
            .ToList();
    }

    /// <summary>
    /// A stored value outside <see cref="ValueRange"/> (stored before the platform refused such) is shown as missing with a
    /// flag that says why: it is never compared, and it cannot break the answer (JSON has no Infinity).
    /// </summary>
    private ObservationView View(ObservationSeries series, ObservationPoint p) => p.Value is { } stored && !ValueRange.Allows(stored)
        ? new ObservationView(
            series.KpiId, series.AreaId, reference.Area(series.AreaId)?.Title, p.Period, p.Gender, p.Provider,
            null, p.Count, p.Status, p.Source, p.ImportId, p.RecordedAt, p.History?.Count ?? 0,
            p.SourceStatus, OutOfRangeLabel, Flag: OutOfRangeFlag)
        : new ObservationView(
            series.KpiId, series.AreaId, reference.Area(series.AreaId)?.Title, p.Period, p.Gender, p.Provider,
            p.Value, p.Count, p.Status, p.Source, p.ImportId, p.RecordedAt, p.History?.Count ?? 0,
            p.SourceStatus, ObservationStatuses.Label(p.Status, p.SourceStatus), ObservationStatuses.Flag(p.Status, p.SourceStatus, p.Value));

    /// <summary>The flag of a stored value outside <see cref="ValueRange"/>.</summary>
    public const string OutOfRangeFlag = "Out of range";

    public const string OutOfRangeLabel = "det lagrade värdet är inte ett tal mellan -1e15 och 1e15 och visas som saknat";

    /// <summary>
    /// A point as it stood at <paramref name="asOf"/>: itself when recorded by then, otherwise the revision that
    /// was current then (recorded by then, replaced after), or null when the value did not exist yet.
    /// </summary>
    public static ObservationPoint? AsOf(ObservationPoint point, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.RecordedAt <= asOf)
        {
            return point;
        }
        var history = point.History ?? [];
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var revision = history[i];
            if (revision.RecordedAt <= asOf && asOf < revision.ReplacedAt)
            {
                return new ObservationPoint
                {
                    Period = point.Period, Gender = point.Gender, Provider = point.Provider,
                    Value = revision.Value, Count = revision.Count, Status = revision.Status, SourceStatus = revision.SourceStatus,
                    Source = revision.Source, ImportId = revision.ImportId, RecordedAt = revision.RecordedAt,
                    History = i == 0 ? null : history[..i],
                };
            }
        }
        return null;
    }

    /// <summary>Which years a key figure has values for (any area, gender or provider); nulls when it has none.</summary>
    public async Task<KeyFigureCoverage> CoverageAsync(string kpiId, CancellationToken cancellationToken = default)
    {
        var series = await store.SeriesCollection.FindAsync(nameof(ObservationSeries.KpiId), kpiId, MaxSeriesPerKeyFigure, cancellationToken);
        var years = series.SelectMany(s => s.Points).Where(p => ValueRange.Allows(p.Value)).Select(p => Period.YearOf(p.Period)).ToList();
        return new KeyFigureCoverage(
            kpiId,
            years.Count == 0 ? null : years.Min(),
            years.Count == 0 ? null : years.Max(),
            series.Count(s => s.Points.Any(p => ValueRange.Allows(p.Value))),
            years.Count);
    }

    /// <summary>The key figures with at least one stored series, read series by series.</summary>
    public async Task<IReadOnlyList<string>> KeyFiguresWithDataAsync(CancellationToken cancellationToken = default)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var series in store.SeriesCollection.ScanAsync(cancellationToken))
        {
            ids.Add(series.KpiId);
        }
        return ids.ToList();
    }

    private static bool Matches(ObservationQuery query, ObservationPoint point)
    {
        var year = Period.YearOf(point.Period);
        return (query.FromYear is null || year >= query.FromYear)
            && (query.ToYear is null || year <= query.ToYear)
            && (query.Genders.Count == 0 || query.Genders.Contains(point.Gender))
            && (query.Providers.Count == 0 || query.Providers.Contains(point.Provider));
    }
}
