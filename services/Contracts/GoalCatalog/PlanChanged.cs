namespace Jamforelse.Contracts.GoalCatalog;

/// <summary>
/// Published once per change of a plan (its metadata, tree, rules or activity statuses), so that consumers
/// such as benchmarking re-evaluate it. <see cref="Version"/> grows by one per change: a consumer that has
/// seen a higher version can ignore an older message that arrives late.
/// </summary>
public sealed record PlanChanged
{
    public required string TenantId { get; init; }
    public required string PlanId { get; init; }
    public required int Version { get; init; }
    /// <summary>What changed, in a word: imported, nodeUpserted, nodeDeleted, activityStatus, planStatus.</summary>
    public required string Change { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}
