using Jamforelse.IndicatorData.Domain;

namespace Jamforelse.IndicatorData.Imports;

/// <summary>A row that passed validation, in the stored vocabulary.</summary>
public readonly record struct ValidRow(
    string KpiId, string AreaId, string Period, string Gender, Provider Provider,
    double? Value, int? Count, ObservationStatus Status, string Source, bool Deleted)
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
        if (string.IsNullOrEmpty(row.KpiId))
        {
            errors.Add("the key figure (kpi) is missing");
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
        if (!TryParseStatus(row.Status, row.Value, row.Deleted, out var status, out var statusError))
        {
            errors.Add(statusError);
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
        valid = new ValidRow(row.KpiId, row.AreaId, period, gender, provider, row.Deleted ? null : row.Value, row.Deleted ? null : row.Count, status, source, row.Deleted);
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

    private static bool TryParseStatus(string? text, double? value, bool deleted, out ObservationStatus status, out string error)
    {
        error = "";
        if (deleted)
        {
            status = ObservationStatus.Missing;
            return true;
        }
        var parsed = (text ?? "").Trim().ToLowerInvariant() switch
        {
            "" => value is null ? ObservationStatus.Missing : ObservationStatus.Ok,
            "ok" => ObservationStatus.Ok,
            "missing" or "saknas" => ObservationStatus.Missing,
            "confidential" or "sekretess" => ObservationStatus.Confidential,
            "not applicable" or "not_applicable" or "notapplicable" or "ej tillämplig" => ObservationStatus.NotApplicable,
            "preliminary" or "prel" or "preliminär" => ObservationStatus.Preliminary,
            _ => (ObservationStatus?)null,
        };
        status = parsed ?? ObservationStatus.Missing;
        if (parsed is null)
        {
            error = $"bad status \"{text}\": expected {Statuses}";
            return false;
        }
        var needsValue = status is ObservationStatus.Ok or ObservationStatus.Preliminary;
        if (needsValue && value is null)
        {
            error = $"status {status} needs a value";
            return false;
        }
        if (!needsValue && value is not null)
        {
            error = $"status {status} cannot carry a value ({value}); a missing value is never a number";
            return false;
        }
        return true;
    }
}
