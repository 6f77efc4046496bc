using System.Globalization;
using System.Text.RegularExpressions;

namespace Jamforelse.IndicatorData.Domain;

/// <summary>
/// A reporting period: a year ("2024"), a quarter ("2024-Q1" … "2024-Q4") or the interim report,
/// <i>delår</i> ("2024-interim", January–August). The text form sorts by year.
/// </summary>
public static partial class Period
{
    public const int MinYear = 1950;
    public const int MaxYear = 2100;
    public const string Formats = "a year (2024), a quarter (2024-Q1 … 2024-Q4) or the interim report (2024-interim)";

    [GeneratedRegex(@"^(\d{4})(?:-(Q[1-4]|interim))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out string period, out int year)
    {
        period = "";
        year = 0;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }
        year = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear)
        {
            return false;
        }
        period = match.Value;
        return true;
    }

    public static bool TryFromYear(long year, out string period)
    {
        period = year is >= MinYear and <= MaxYear ? year.ToString(CultureInfo.InvariantCulture) : "";
        return period.Length > 0;
    }

    public static int YearOf(string period) => int.Parse(period.AsSpan(0, 4), CultureInfo.InvariantCulture);
}
