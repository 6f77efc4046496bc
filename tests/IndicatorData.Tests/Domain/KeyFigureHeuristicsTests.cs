using Jamforelse.IndicatorData.Domain;

namespace Jamforelse.IndicatorData.Tests.Domain;

public sealed class KeyFigureHeuristicsTests
{
    [Theory]
    [InlineData("Arbetslösa 16-64 år, andel (%) av befolkningen", BetterDirection.Lower)]
    [InlineData("Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)", BetterDirection.Higher)]
    [InlineData("Invånare totalt, antal", BetterDirection.None)]
    public void Direction_comes_from_evidence_in_the_title_or_stays_none(string title, BetterDirection expected) =>
        Assert.Equal(expected, KeyFigureHeuristics.GuessDirection(title).Direction);

    [Theory]
    [InlineData("Personalkostnader, kr/inv", "kr/inv")]
    [InlineData("Invånare totalt, antal", "antal")]
    [InlineData("Arbetslösa 16-64 år, andel (%) av befolkningen", "%")]
    [InlineData("Något helt annat", null)]
    public void Unit_is_read_from_the_title(string title, string? expected) =>
        Assert.Equal(expected, KeyFigureHeuristics.GuessUnit(title));

    [Theory]
    [InlineData("2024", true)]
    [InlineData("2024-Q4", true)]
    [InlineData("2024-interim", true)]
    [InlineData("2024-Q5", false)]
    [InlineData("24", false)]
    [InlineData("1800", false)]
    public void Periods_are_years_quarters_or_the_interim_report(string text, bool valid) =>
        Assert.Equal(valid, Period.TryParse(text, out _, out _));
}
