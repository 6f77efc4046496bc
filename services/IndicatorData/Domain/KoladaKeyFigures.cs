using System.Text.RegularExpressions;

namespace Jamforelse.IndicatorData.Domain;

/// <summary>
/// Kolada key figures that a Kolada answer names but the current catalogue lacks: Kolada retires and
/// renumbers key figures, so an older snapshot names ids that are no longer listed. Such a figure is kept,
/// marked, with its values, never refused.
/// </summary>
public static partial class KoladaKeyFigures
{
    /// <summary>Kolada's ids: a capital letter and five digits (N01951, U21468).</summary>
    public static bool IsKoladaId(string id) => KoladaId().IsMatch(id);

    public static KeyFigure NotInCatalogue(string id, DateTimeOffset firstSeen) => new()
    {
        Id = id,
        Title = $"{id} (finns inte i Koladas nuvarande katalog)",
        Source = "Kolada",
        NotInCatalogue = true,
        FirstSeenAt = firstSeen,
    };

    [GeneratedRegex("^[A-Z][0-9]{5}$")]
    private static partial Regex KoladaId();
}
