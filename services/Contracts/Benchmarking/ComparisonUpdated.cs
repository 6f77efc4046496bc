namespace Jamforelse.Contracts.Benchmarking;

/// <summary>
/// Published once per key figure and period whose comparison changed (any gender or provider), after the
/// new comparison is stored. <see cref="Version"/> grows by one per change of that comparison.
/// </summary>
public sealed record ComparisonUpdated
{
    public required string KpiId { get; init; }
    public required string Period { get; init; }
    public required int Version { get; init; }
    /// <summary>Areas whose own value changed (a changed value also moves the ranks and averages of the others).</summary>
    public IReadOnlyList<string> AreasChanged { get; init; } = [];
    public DateTimeOffset ComputedAt { get; init; }
}
