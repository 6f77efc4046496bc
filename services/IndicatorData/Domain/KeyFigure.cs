using Jamforelse.Storage;

namespace Jamforelse.IndicatorData.Domain;

public enum BetterDirection
{
    /// <summary>Neither direction is better, or it is not known (the default: Kolada does not publish it).</summary>
    None,
    Higher,
    Lower,
}

/// <summary>A key figure (<i>nyckeltal</i>): a public Kolada KPI or a tenant's own.</summary>
public sealed class KeyFigure : IDocument
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>Unit read from the title where it says ("%", "kr/inv", "antal", "dagar"…), otherwise null.</summary>
    public string? Unit { get; set; }
    public BetterDirection BetterDirection { get; set; }
    /// <summary>Why the direction is what it is: the title word it was derived from, or who overrode it.</summary>
    public string? BetterDirectionReason { get; set; }
    public bool IsDividedByGender { get; set; }
    public string? OperatingArea { get; set; }
    public string? Perspective { get; set; }
    /// <summary>K (municipalities), L (regions) or A (both), as Kolada says.</summary>
    public string? MunicipalityType { get; set; }
    public string? PublicationPeriod { get; set; }
    public string Source { get; set; } = "Kolada";
    /// <summary>The owning tenant of a private key figure; null for a public one.</summary>
    public string? Owner { get; set; }

    /// <summary>A Kolada key figure that a Kolada answer named but the current catalogue lacks (retired or renumbered).</summary>
    public bool NotInCatalogue { get; set; }
    /// <summary>When a key figure not in the catalogue was first seen in an import; null for catalogue figures.</summary>
    public DateTimeOffset? FirstSeenAt { get; set; }

    /// <summary>The tenants a private key figure is shared with (read only; "*": every tenant).</summary>
    public List<string> SharedWith { get; set; } = [];
}
