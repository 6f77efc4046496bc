using Jamforelse.Benchmarking.Assessments;
using Jamforelse.Benchmarking.Engine;

namespace Jamforelse.Benchmarking.Tests.Assessments;

/// <summary>1B: "Andelen deltagare i kommunens arbetsmarknadsinsatser som arbetar eller studerar … ligger över kommungenomsnittet."</summary>
public sealed class BetterThanReferenceTests
{
    private static readonly CriterionRule AboveAverage = new(RuleShape.BetterThanReference, Better.Higher, null);

    private static Assessment Assess(IReadOnlyList<YearValue> series) =>
        AssessmentEngine.Assess(Inputs.Total(AboveAverage, Inputs.AgainstAverage, 2024, series));

    [Fact]
    public void Criterion1B_above_the_average_is_met()
    {
        var a = Assess([new(2024, 27.4, 25.1)]);

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Equal(-2.3, a.Gap!.Value, 9);
        Assert.Null(a.BaselineYear);
        Assert.Equal("Norrköping (27,4 %) ligger över kommungenomsnittet (25,1 %) 2024.", a.ExplanationSv);
        Assert.Equal("Norrköping (27.4%) is above the municipal average (25.1%) in 2024.", a.ExplanationEn);
    }

    [Fact]
    public void Criterion1B_below_the_average_and_falling_behind_is_not_met()
    {
        var a = Assess([new(2023, 23.0, 25.0), new(2024, 22.0, 25.1)]);

        Assert.Equal(Grade.NotMet, a.Grade);
        Assert.Equal(
            "Norrköping (22,0 %) ligger under kommungenomsnittet (25,1 %) 2024. " +
            "Skillnaden mellan Norrköping och kommungenomsnittet har ökat från 2,0 till 3,1 procentenheter jämfört med 2023.", a.ExplanationSv);
    }

    [Fact]
    public void Criterion1B_below_the_average_but_closer_than_the_year_before_is_partly_met()
    {
        var a = Assess([new(2023, 21.0, 25.0), new(2024, 23.0, 25.1)]);

        Assert.Equal(Grade.PartlyMet, a.Grade);
        Assert.Equal(2023, a.BaselineYear);
        Assert.Equal(4.0, a.BaselineGap!.Value, 9);
        Assert.Equal(2.1, a.Gap!.Value, 9);
        Assert.Equal("Utvecklingen går åt rätt håll men Norrköping är ännu inte bättre än kommungenomsnittet.", a.Reason);
    }

    [Fact]
    public void Criterion1B_progress_is_measured_against_the_latest_earlier_year_with_both_values()
    {
        var a = Assess([new(2022, 21.0, 25.0), new(2023, 22.0, null), new(2024, 23.0, 25.1), new(2025, 20.0, 25.0)]);

        Assert.Equal(Grade.PartlyMet, a.Grade);
        Assert.Equal((2022, 21.0, 25.0), (a.BaselineYear, a.BaselineValue, a.BaselineReferenceValue));
    }

    [Fact]
    public void Criterion1B_below_without_an_earlier_year_is_not_met()
    {
        var a = Assess([new(2024, 23.0, 25.1)]);

        Assert.Equal(Grade.NotMet, a.Grade);
        Assert.Equal("Norrköping (23,0 %) ligger under kommungenomsnittet (25,1 %) 2024.", a.ExplanationSv);
    }

    [Fact]
    public void Criterion1B_equal_to_the_average_is_not_met()
    {
        var a = Assess([new(2024, 25.1, 25.1)]);

        Assert.Equal(Grade.NotMet, a.Grade);
        Assert.Equal("Norrköping (25,1 %) ligger på samma nivå som kommungenomsnittet (25,1 %) 2024.", a.ExplanationSv);
    }

    [Fact]
    public void Lower_is_better_says_below_is_better()
    {
        var rule = new CriterionRule(RuleShape.BetterThanReference, Better.Lower, null);
        var a = AssessmentEngine.Assess(Inputs.Total(rule, Inputs.AgainstRiket with { Unit = null }, 2024, [new(2024, 4.2, 5.0)]));

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Equal("Norrköping (4,2) ligger under riket (5,0) 2024, vilket är bättre eftersom lägre är bättre.", a.ExplanationSv);
        Assert.Equal("Norrköping (4.2) is below the nation (5.0) in 2024, which is better since lower is better.", a.ExplanationEn);
    }
}
