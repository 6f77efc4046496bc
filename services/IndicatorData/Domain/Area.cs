using Jamforelse.Storage;

namespace Jamforelse.IndicatorData.Domain;

public enum AreaType
{
    Municipality,
    Region,
    Country,
    Group,
}

/// <summary>
/// Something observations are recorded for: a municipality (<c>0580</c>), a region (<c>0005</c>), the
/// nation (<i>riket</i>, <c>0000</c>) or a peer group (<c>G37449</c>), whose Kolada values are group averages.
/// </summary>
public sealed class Area : IDocument
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public AreaType Type { get; set; }
    /// <summary>Member municipality ids of a group where they are known; empty otherwise.</summary>
    public List<string> Members { get; set; } = [];
    public int? MemberCount { get; set; }
}
