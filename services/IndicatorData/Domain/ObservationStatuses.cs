namespace Jamforelse.IndicatorData.Domain;

/// <summary>
/// Status words: Kolada's as served and the platform's own, their Swedish labels, and the one rule of which
/// values count. A value counts (is ranked, averaged and used as a reference) only when its status is
/// <see cref="ObservationStatus.Ok"/> or <see cref="ObservationStatus.Preliminary"/>; a number that comes
/// with any other status (Kolada's <c>Missing</c>, <c>Privacy</c>, <c>Not applicable</c> or another word) is
/// kept and shown with its status, but Kolada does not vouch for it, so it is not compared (docs/kolada.md).
/// </summary>
public static class ObservationStatuses
{
    public const string Words = "\"\" (Kolada: a value), ok, Missing/missing/saknas, Privacy/confidential/sekretess, Not applicable/ej tillämpligt, preliminary/preliminär";

    /// <summary>The platform's reading of a status word; null for a word it does not know.</summary>
    public static ObservationStatus? Parse(string? text, double? value) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" => value is null ? ObservationStatus.Missing : ObservationStatus.Ok,
        "ok" => ObservationStatus.Ok,
        "missing" or "saknas" => ObservationStatus.Missing,
        "privacy" or "confidential" or "sekretess" => ObservationStatus.Confidential,
        "not applicable" or "not_applicable" or "notapplicable" or "ej tillämplig" or "ej tillämpligt" => ObservationStatus.NotApplicable,
        "preliminary" or "prel" or "preliminär" => ObservationStatus.Preliminary,
        _ => null,
    };

    /// <summary>Whether a value takes part in comparisons (ranks, quartiles, means, references).</summary>
    public static bool Counts(ObservationStatus status, double? value) => value is not null && status is ObservationStatus.Ok or ObservationStatus.Preliminary;

    /// <summary>Why a value does not count, in Kolada's words; null when it counts.</summary>
    public static string? Flag(ObservationStatus status, string? sourceStatus, double? value) =>
        Counts(status, value) ? null : KoladaWord(status, string.IsNullOrEmpty(sourceStatus) ? null : sourceStatus) ?? "Missing";

    /// <summary>The status for people, in Swedish; null for a plain value.</summary>
    public static string? Label(ObservationStatus status, string? sourceStatus) => status switch
    {
        ObservationStatus.Ok => null,
        ObservationStatus.Missing => "uppgift saknas",
        ObservationStatus.Confidential => "sekretess",
        ObservationStatus.NotApplicable => "ej tillämpligt",
        ObservationStatus.Preliminary => "preliminär",
        _ => $"status \"{sourceStatus}\"",
    };

    /// <summary>Kolada's word for a status the source did not give in Kolada's terms (for <c>format=kolada</c>).</summary>
    public static string? KoladaWord(ObservationStatus status, string? sourceStatus) => sourceStatus ?? status switch
    {
        ObservationStatus.Ok => null,
        ObservationStatus.Missing => "Missing",
        ObservationStatus.Confidential => "Privacy",
        ObservationStatus.NotApplicable => "Not applicable",
        ObservationStatus.Preliminary => "Preliminary",
        _ => null,
    };
}
