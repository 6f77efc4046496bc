namespace Jamforelse.Contracts.IndicatorData;

/// <summary>
/// Published once per key figure after an import changed at least one of its values: names the areas and
/// periods that changed so that consumers recompute only those.
/// </summary>
public sealed record IndicatorValuesChanged
{
    public required string KpiId { get; init; }
    public required IReadOnlyList<string> AreaIds { get; init; }
    /// <summary>Periods as the indicator-data service writes them: "2024", "2024-Q1", "2024-interim".</summary>
    public required IReadOnlyList<string> Periods { get; init; }
    public required string ImportId { get; init; }
    public int ValuesChanged { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}
