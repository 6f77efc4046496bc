namespace Jamforelse.Contracts.Benchmarking;

/// <summary>Published once per assessment (tenant × plan × criterion × year) whose outcome or numbers changed.</summary>
public sealed record AssessmentChanged
{
    public required string TenantId { get; init; }
    public required string PlanId { get; init; }
    public required string NodeId { get; init; }
    public required int Year { get; init; }
    /// <summary>met, partlyMet, notMet or cannotBeAssessed.</summary>
    public required string Grade { get; init; }
    public string? PreviousGrade { get; init; }
    public required int Version { get; init; }
    public DateTimeOffset ComputedAt { get; init; }
}
