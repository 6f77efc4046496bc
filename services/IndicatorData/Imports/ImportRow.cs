namespace Jamforelse.IndicatorData.Imports;

/// <summary>
/// One value as an import source read it, before validation. <see cref="Error"/> is set when the source
/// itself could not read the row (malformed JSON, a value that is not a number).
/// </summary>
public sealed record ImportRow
{
    /// <summary>1-based sequence number of the value in the import.</summary>
    public int Row { get; init; }
    /// <summary>Where the value stands in the input, in the input's own terms ("values[3].values[1]", "line 7").</summary>
    public required string Position { get; init; }
    public string KpiId { get; init; } = "";
    public string AreaId { get; init; } = "";
    public string Period { get; init; } = "";
    public string Gender { get; init; } = "T";
    public string Provider { get; init; } = "total";
    public double? Value { get; init; }
    public int? Count { get; init; }
    public string? Status { get; init; }
    /// <summary>
    /// The row comes from a Kolada response: its status word is kept as served (any word), and a key figure with
    /// a Kolada id that the catalogue lacks is kept as "not in the current catalogue" instead of refused.
    /// </summary>
    public bool FromKolada { get; init; }
    /// <summary>Kolada's isdeleted: the value was withdrawn; recorded as missing, the old value kept in history.</summary>
    public bool Deleted { get; init; }
    /// <summary>Where the value comes from when the row says so; otherwise the import's source.</summary>
    public string? Source { get; init; }
    public string? Error { get; init; }
}

/// <summary>A bad row of a rejected import.</summary>
public sealed record ImportProblem(int Row, string Position, string Message);

/// <summary>What an import did: counts, and the problems when it was rejected (then nothing was written).</summary>
public sealed record ImportOutcome
{
    public required string ImportId { get; init; }
    public int Inserted { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int Rejected { get; init; }
    public IReadOnlyList<ImportProblem> Problems { get; init; } = [];
    public IReadOnlyList<string> KeyFiguresChanged { get; init; } = [];
    /// <summary>The input is not a document of its format at all (malformed JSON, content after the document): a bad request, not bad rows.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Malformed { get; init; }

    public bool Succeeded => Rejected == 0 && Problems.Count == 0;
}

/// <summary>An id taken for an import by its owner; <see cref="Error"/> says why the caller's own cannot be used (<see cref="InUse"/>: it has been used).</summary>
public sealed record ImportIdClaim(string Id, string? Error, bool InUse)
{
    /// <summary>The tenant the import is made for: only it (and the platform administrator) sees the import.</summary>
    public string Owner { get; init; } = ServiceDefaults.Identity.CallerIdentity.PlatformTenant;

    public string StoreKey => ImportIds.StoreKey(Owner, Id);
}

/// <summary>The form of an import id a caller chooses.</summary>
public static partial class ImportIds
{
    public static bool IsWellFormed(string? id) => id is not null && WellFormed().IsMatch(id);

    /// <summary>Where an import is kept: ids are scoped by owner, so one tenant can neither see nor use up another's.</summary>
    public static string StoreKey(string owner, string importId) => $"{owner}:{importId}";

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial System.Text.RegularExpressions.Regex WellFormed();
}
