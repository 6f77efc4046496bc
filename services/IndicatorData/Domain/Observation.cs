using Jamforelse.Storage;

namespace Jamforelse.IndicatorData.Domain;

/// <summary>
/// What the platform makes of a value's status. Kolada's own word is kept beside it as served
/// (<see cref="ObservationPoint.SourceStatus"/>); see <see cref="ObservationStatuses"/> for the mapping and
/// which values count in a comparison.
/// </summary>
public enum ObservationStatus
{
    Ok,
    Missing,
    Confidential,
    NotApplicable,
    Preliminary,
    /// <summary>A status word the platform does not know (kept as given, never a reason to refuse).</summary>
    Other,
}

public enum Provider
{
    /// <summary>All providers together.</summary>
    Total,
    /// <summary><i>Egen regi</i>.</summary>
    Own,
    /// <summary><i>Privat utförare</i>.</summary>
    Private,
}

/// <summary>
/// All observations of one key figure for one area. Values are read and compared a series at a time, so
/// a series is one document: the store holds a few thousand documents, not millions.
/// </summary>
public sealed class ObservationSeries : IDocument
{
    public string Id { get; set; } = "";
    public string KpiId { get; set; } = "";
    public string AreaId { get; set; } = "";
    public List<ObservationPoint> Points { get; set; } = [];

    public static string IdOf(string kpiId, string areaId) => kpiId + "|" + areaId;
}

/// <summary>One value: period × gender × provider of a series, with the values it replaced.</summary>
public sealed class ObservationPoint
{
    public string Period { get; set; } = "";
    public string Gender { get; set; } = "T";
    public Provider Provider { get; set; }
    /// <summary>Null when there is no value (status says why); a missing value is never zero.</summary>
    public double? Value { get; set; }
    public int? Count { get; set; }
    public ObservationStatus Status { get; set; }
    /// <summary>The status exactly as the source gave it (Kolada's "", "Missing", "Privacy", "Not applicable" or any other word); null when it gave none.</summary>
    public string? SourceStatus { get; set; }
    public string Source { get; set; } = "";
    public string ImportId { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>Earlier values, oldest first, so that a report can be reproduced as it was.</summary>
    public List<ObservationRevision>? History { get; set; }

    public bool SameValueAs(double? value, int? count, ObservationStatus status, string? sourceStatus) =>
        Value == value && Count == count && Status == status && SourceStatus == sourceStatus;
}

public sealed class ObservationRevision
{
    public double? Value { get; set; }
    public int? Count { get; set; }
    public ObservationStatus Status { get; set; }
    public string? SourceStatus { get; set; }
    public string Source { get; set; } = "";
    public string ImportId { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>When a later import replaced this value.</summary>
    public DateTimeOffset ReplacedAt { get; set; }
}
