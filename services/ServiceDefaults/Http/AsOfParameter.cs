using System.Globalization;

namespace Jamforelse.ServiceDefaults.Http;

/// <summary>The <c>asOf</c> query parameter of the read endpoints: an ISO 8601 date-time (or a date, meaning its start in UTC).</summary>
public static class AsOfParameter
{
    public const string Expected = "asOf is an ISO 8601 date-time such as 2026-03-01T12:00:00Z (or a date, 2026-03-01, meaning 00:00 UTC); write + in an offset as %2B.";

    /// <summary>True for no value (now) and for a well-formed instant; false otherwise.</summary>
    public static bool TryParse(string? text, out DateTimeOffset? asOf)
    {
        asOf = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (text.Length < 10 || !char.IsAsciiDigit(text[0]) || text[4] != '-' || text[7] != '-'
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }
        asOf = parsed;
        return true;
    }
}
