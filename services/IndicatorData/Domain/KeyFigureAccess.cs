using Jamforelse.ServiceDefaults.Identity;

namespace Jamforelse.IndicatorData.Domain;

/// <summary>
/// What a caller may do with key figures: read public ones, their own and those shared with them; write
/// values only of their own (with the editor role); public (Kolada) values only as the platform
/// administrator. A key figure the caller may not read is answered exactly as one that does not exist.
/// </summary>
public sealed record KeyFigureAccess(CallerIdentity Caller)
{
    public bool MayRead(KeyFigure keyFigure) => Caller.MayRead(keyFigure?.Owner, keyFigure?.SharedWith);

    public bool MayWriteValues(KeyFigure keyFigure) => Caller.MayWrite(keyFigure?.Owner, Role.Editor);

    /// <summary>Why a readable key figure's values may not be written (for the import's problem list).</summary>
    public static string WhyNot(KeyFigure keyFigure) => keyFigure?.Owner is null
        ? $"values of the public key figure \"{keyFigure?.Id}\" are imported by the platform administrator (from Kolada)"
        : $"the key figure \"{keyFigure.Id}\" belongs to {keyFigure.Owner}; only its editors write its values";
}
