using Jamforelse.Benchmarking.Assessments;
using Jamforelse.Benchmarking.Engine;

namespace Jamforelse.Benchmarking.Tests.Assessments;

/// <summary>1A: "För andelen arbetslösa minskar skillnaden mellan Norrköping och riket i jämförelse med 2022" (lower is better).</summary>
public sealed class GapToReferenceNarrowsTests
{
    private static readonly CriterionRule Unemployment = new(RuleShape.GapToReferenceNarrows, Better.Lower, 2022);

    private static Assessment Assess(YearValue baseline, YearValue now) =>
        AssessmentEngine.Assess(Inputs.Total(Unemployment, Inputs.AgainstRiket, 2024, [baseline, now]));

    [Fact]
    public void Criterion1A_gap_narrowed_is_met_with_the_numbers()
    {
        var a = Assess(new(2022, 9.0, 7.2), new(2024, 8.4, 7.2));

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Equal("Uppfyllt", a.GradeLabel);
        Assert.Equal((2024, 2022, "T"), (a.Year, a.BaselineYear, a.Gender));
        Assert.Equal((8.4, 9.0, 7.2, 7.2), (a.Value, a.BaselineValue, a.ReferenceValue, a.BaselineReferenceValue));
        Assert.Equal(1.2, a.Gap!.Value, 9);
        Assert.Equal(1.8, a.BaselineGap!.Value, 9);
        Assert.Equal(-0.6, a.Change!.Value, 9);
        Assert.Null(a.ReferenceChange);
        Assert.Null(a.Reason);
        Assert.Empty(a.ByGender);
    }

    [Fact]
    public void Criterion1A_sentence_in_Swedish_and_English()
    {
        var a = Assess(new(2022, 9.0, 7.2), new(2024, 8.4, 7.2));

        Assert.Equal("Skillnaden mellan Norrköping och riket har minskat från 1,8 till 1,2 procentenheter jämfört med 2022.", a.ExplanationSv);
        Assert.Equal("The gap between Norrköping and the nation has narrowed from 1.8 to 1.2 percentage points compared with 2022.", a.ExplanationEn);
    }

    [Fact]
    public void Criterion1A_gap_widened_and_own_value_worse_is_not_met()
    {
        var a = Assess(new(2022, 9.0, 7.2), new(2024, 9.5, 7.0));

        Assert.Equal(Grade.NotMet, a.Grade);
        Assert.Equal("Ej uppfyllt", a.GradeLabel);
        Assert.Equal(2.5, a.Gap!.Value, 9);
        Assert.Equal("Skillnaden mellan Norrköping och riket har ökat från 1,8 till 2,5 procentenheter jämfört med 2022.", a.ExplanationSv);
        Assert.Equal("The gap between Norrköping and the nation has widened from 1.8 to 2.5 percentage points compared with 2022.", a.ExplanationEn);
    }

    [Fact]
    public void Criterion1A_own_value_improved_but_gap_widened_is_partly_met()
    {
        // Unemployment fell from 9.0 to 8.8, but the nation's fell faster (7.2 to 6.5): the gap grew from 1.8 to 2.3.
        var a = Assess(new(2022, 9.0, 7.2), new(2024, 8.8, 6.5));

        Assert.Equal(Grade.PartlyMet, a.Grade);
        Assert.Equal("Delvis uppfyllt", a.GradeLabel);
        Assert.Equal("Utvecklingen går åt rätt håll men skillnaden mot riket har inte minskat.", a.Reason);
        Assert.Equal(
            "Skillnaden mellan Norrköping och riket har ökat från 1,8 till 2,3 procentenheter jämfört med 2022. " +
            "Utvecklingen går åt rätt håll men skillnaden mot riket har inte minskat.", a.ExplanationSv);
        Assert.EndsWith("Moving in the right direction, but the gap to the nation has not narrowed.", a.ExplanationEn);
    }

    [Fact]
    public void Criterion1A_now_better_than_riket_is_met()
    {
        var a = Assess(new(2022, 9.0, 7.2), new(2024, 6.1, 7.2));

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Equal(-1.1, a.Gap!.Value, 9);
        Assert.Equal("Norrköping är nu bättre än riket (6,1 % mot 7,2 %).", a.ExplanationSv);
        Assert.Equal("Norrköping is now better than the nation (6.1% vs 7.2%).", a.ExplanationEn);
    }

    [Fact]
    public void Criterion1A_two_decimals_when_one_would_print_two_different_gaps_alike()
    {
        var a = Assess(new(2022, 9.04, 7.2), new(2024, 8.96, 7.2));

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Equal("Skillnaden mellan Norrköping och riket har minskat från 1,84 till 1,76 procentenheter jämfört med 2022.", a.ExplanationSv);
    }
}
