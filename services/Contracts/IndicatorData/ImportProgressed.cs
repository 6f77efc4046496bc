namespace Jamforelse.Contracts.IndicatorData;

/// <summary>
/// How far an import has come: published when it starts a phase, every few chunks within one, and once at
/// its end (<c>completed</c> or <c>failed</c>, the last event of an import). Progress is ephemeral: only the
/// final event goes through the outbox; a lost intermediate event is harmless.
/// </summary>
public sealed record ImportProgressed
{
    public const string Validating = "validating";
    public const string Merging = "merging";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public required string ImportId { get; init; }
    /// <summary>
    /// The tenant that made the import ("platform" for the administrator's): import ids are scoped by owner, and only
    /// the owner (and the platform administrator) may follow an import's progress. Null from publishers before owners.
    /// </summary>
    public string? Owner { get; init; }
    /// <summary><c>validating</c>, <c>merging</c>, <c>completed</c> or <c>failed</c>.</summary>
    public required string Phase { get; init; }
    /// <summary>Rows read so far in the validation pass (every row of the input once it is over).</summary>
    public int RowsRead { get; init; }
    /// <summary>Rows that passed validation so far.</summary>
    public int RowsValidated { get; init; }
    /// <summary>Values merged into the store so far (inserted, updated or found unchanged).</summary>
    public int ValuesMerged { get; init; }
    /// <summary>Rows in the input, known once validation is over; null before.</summary>
    public int? TotalRows { get; init; }
    /// <summary>Bad rows found (all are counted, also beyond those the rejection lists).</summary>
    public int Problems { get; init; }
    /// <summary>A sentence in Swedish for the person who started the import.</summary>
    public string Message { get; init; } = "";
    public DateTimeOffset At { get; init; }
}
