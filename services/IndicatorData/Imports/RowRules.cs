using System.Globalization;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.ServiceDefaults.Numbers;

namespace Jamforelse.IndicatorData.Imports;

/// <summary>A row that passed validation, in the stored vocabulary.</summary>
/// <param name="SourceStatus">Kolada's status word as served (null for other sources).</param>
/// <param name="NewKeyFigure">A Kolada id the catalogue lacks: the import adds it as not in the current catalogue.</param>
public readonly record struct ValidRow(
    string KpiId, string AreaId, string Period, string Gender, Provider Provider,
    double? Value, int? Count, ObservationStatus Status, string? SourceStatus, string Source, bool Deleted, bool NewKeyFigure = false)
{
    public string SeriesId => ObservationSeries.IdOf(KpiId, AreaId);

    public string PointKey => PointKeyOf(Period, Gender, Provider);

    public static string PointKeyOf(string period, string gender, Provider provider) => $"{period}|{gender}|{provider}";
}

/// <summary>The rules every imported value must meet, whatever its format.</summary>
public static class RowRules
{
    public const string Genders = "T (total), K (kvinnor) or M (män)";
    public const string Providers = "total, own (egen regi) or private (privat utförare)";
    public const string Statuses = "ok, missing, confidential, not applicable or preliminary";

    /// <param name="access">The caller's rights (null: an import the platform makes itself, such as the shipped samples).</param>
    public static bool TryValidate(ImportRow row, ReferenceData reference, string defaultSource, out ValidRow valid, out string error, KeyFigureAccess? access = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(reference);
        valid = default;
        error = row.Error ?? "";
        if (row.Error is not null)
        {
            return false;
        }
        var errors = new List<string>(2);
        var newKeyFigure = false;
        if (string.IsNullOrEmpty(row.KpiId))
        {
            errors.Add("the key figure (kpi) is missing");
        }
        else if (row.FromKolada && access is null && !reference.IsKnownKeyFigure(row.KpiId) && KoladaKeyFigures.IsKoladaId(row.KpiId))
        {
            newKeyFigure = true;
        }
        else if (reference.KeyFigure(row.KpiId) is not { } keyFigure || (access is not null && !access.MayRead(keyFigure)))
        {
            errors.Add($"unknown key figure \"{row.KpiId}\"");
        }
        else if (access is not null && !access.MayWriteValues(keyFigure))
        {
            errors.Add(KeyFigureAccess.WhyNot(keyFigure));
        }
        if (string.IsNullOrEmpty(row.AreaId))
        {
            errors.Add("the area (municipality) is missing");
        }
        else if (!reference.IsKnownArea(row.AreaId))
        {
            errors.Add($"unknown area \"{row.AreaId}\"");
        }
        if (!Domain.Period.TryParse(row.Period, out var period, out _))
        {
            errors.Add($"bad period \"{row.Period}\": expected {Domain.Period.Formats}");
        }
        var gender = row.Gender.ToUpperInvariant();
        if (gender is not ("T" or "K" or "M"))
        {
            errors.Add($"bad gender \"{row.Gender}\": expected {Genders}");
        }
        if (!TryParseProvider(row.Provider, out var provider))
        {
            errors.Add($"bad provider \"{row.Provider}\": expected {Providers}");
        }
        if (!TryParseStatus(row.Status, row.Value, row.Deleted, row.FromKolada, out var status, out var statusError))
        {
            errors.Add(statusError);
        }
        if (!row.Deleted && row.Value is { } number && !ValueRange.Allows(number))
        {
            errors.Add(ValueRange.Refusal(number.ToString("R", CultureInfo.InvariantCulture)));
        }
        var source = row.Source ?? defaultSource;
        if (string.IsNullOrWhiteSpace(source))
        {
            errors.Add("the source is missing: give a source column or the import's source");
        }
        if (errors.Count > 0)
        {
            error = string.Join("; ", errors) + ".";
            return false;
        }
        valid = new ValidRow(row.KpiId, row.AreaId, period, gender, provider, row.Deleted ? null : row.Value, row.Deleted ? null : row.Count,
            status, row.FromKolada && !row.Deleted ? row.Status : null, source, row.Deleted, newKeyFigure);
        return true;
    }

    public static bool TryParseProvider(string? text, out Provider provider)
    {
        provider = (text ?? "total").Trim().ToLowerInvariant() switch
        {
            "total" or "" => Provider.Total,
            "own" or "egen regi" or "egen" => Provider.Own,
            "private" or "privat" or "privat utförare" => Provider.Private,
            _ => (Provider)(-1),
        };
        return Enum.IsDefined(provider);
    }

    /// <summary>
    /// A value may come with any status: a number with Missing or Privacy is kept with both (Kolada serves such).
    /// Only an explicit ok or preliminary needs a number; a word the platform does not know is kept as given when
    /// Kolada served it (<see cref="ObservationStatus.Other"/>) and refused from other sources (a typo, most likely).
    /// </summary>
    private static bool TryParseStatus(string? text, double? value, bool deleted, bool fromKolada, out ObservationStatus status, out string error)
    {
        error = "";
        if (deleted)
        {
            status = ObservationStatus.Missing;
            return true;
        }
        var parsed = ObservationStatuses.Parse(text, value);
        if (parsed is null && !fromKolada)
        {
            status = ObservationStatus.Missing;
            error = $"bad status \"{text}\": expected {Statuses}";
            return false;
        }
        status = parsed ?? ObservationStatus.Other;
        if (status is ObservationStatus.Ok or ObservationStatus.Preliminary && value is null)
        {
            error = $"status {status} needs a value";
            return false;
        }
        return true;
    }
}
