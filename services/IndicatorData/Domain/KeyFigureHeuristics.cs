namespace Jamforelse.IndicatorData.Domain;

/// <summary>
/// Kolada does not say which direction of a key figure is better, nor its unit. Both are read from the
/// title where it gives clear evidence; anything else stays "none"/unknown until someone overrides it.
/// The reason names the evidence so that an analyst can check it.
/// </summary>
public static class KeyFigureHeuristics
{
    // Lower is better: the title measures a harm, a wait or a shortfall.
    private static readonly string[] LowerWords =
    [
        "arbetslös", "arbetslösa", "långtidsarbetslös", "väntetid", "handläggningstid", "ledtid", "kötid",
        "sjukfrånvaro", "ohälsotal", "utsläpp", "brott", "anmälda", "våldsbrott", "skadade", "dödlighet",
        "dödsfall", "ekonomiskt bistånd", "långvarigt ekonomiskt bistånd", "avhopp", "olycksfall", "fallskador",
        "trycksår", "överbeläggning", "återinskrivning", "barn i ekonomiskt utsatta", "utan fullständiga betyg",
        "ej behöriga", "inte behöriga", "hemlösa", "vräkning", "personalomsättning", "antal olika personal",
    ];

    // Higher is better: the title measures satisfaction, attainment or access.
    private static readonly string[] HigherWords =
    [
        "nöjd", "nöjdhet", "nöjd-kund-index", "nki", "nöjd medborgar-index", "behöriga", "godkända", "klarat",
        "fullföljt", "examen", "förvärvsarbetande", "sysselsättningsgrad", "trygg", "tillgänglighet",
        "valdeltagande", "bemötande", "delaktighet", "insatser som beviljats", "aktiva", "återvunnet", "insamlat",
        "andel som fått", "hållbart medarbetarengagemang", "hme", "brukarbedömning", "positivt",
    ];

    public static (BetterDirection Direction, string? Reason) GuessDirection(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var lower = title.ToLowerInvariant();
        var lowerHit = LowerWords.FirstOrDefault(lower.Contains);
        var higherHit = HigherWords.FirstOrDefault(lower.Contains);
        return (lowerHit, higherHit) switch
        {
            (not null, null) => (BetterDirection.Lower, $"title contains \"{lowerHit}\""),
            (null, not null) => (BetterDirection.Higher, $"title contains \"{higherHit}\""),
            // Both or neither: the title does not decide, so do not guess.
            _ => (BetterDirection.None, null),
        };
    }

    public static string? GuessUnit(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var lower = title.ToLowerInvariant();
        if (lower.Contains("(%)", StringComparison.Ordinal) || lower.EndsWith(", %", StringComparison.Ordinal) || lower.Contains("andel", StringComparison.Ordinal))
        {
            return "%";
        }
        string[] units = ["kr/inv", "kr/elev", "kr/brukare", "kr/invånare", "tkr", "mnkr", "kr", "dagar", "antal", "timmar", "år", "ton", "kg", "poäng", "index"];
        var last = lower[(lower.LastIndexOf(',') + 1)..].Trim();
        return units.FirstOrDefault(unit => last.StartsWith(unit, StringComparison.Ordinal));
    }
}
