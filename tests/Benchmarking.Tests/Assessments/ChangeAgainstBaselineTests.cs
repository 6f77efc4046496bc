using Jamforelse.Benchmarking.Assessments;
using Jamforelse.Benchmarking.Engine;

namespace Jamforelse.Benchmarking.Tests.Assessments;

/// <summary>
/// 4B: "Andel personer inom särskilt boende för äldre som är ganska eller mycket nöjd med sitt boende ökar i jämförelse med 2022";
/// 5A: "Utsläpp av koldioxidekvivalenter per invånare … minskar i jämförelse med 2020" (lower is better).
/// </summary>
public sealed class ChangeAgainstBaselineTests
{
    private static readonly CriterionRule SatisfactionIncreases = new(RuleShape.ChangeAgainstBaseline, Better.Higher, 2022);
    private static readonly CriterionRule EmissionsDecrease = new(RuleShape.ChangeAgainstBaseline, Better.Lower, 2020);
    private static readonly AssessmentWording NoUnit = Inputs.AgainstRiket with { Unit = null };

    private static Assessment Satisfaction(double baseline, double now) =>
        AssessmentEngine.Assess(Inputs.Total(SatisfactionIncreases, Inputs.AgainstRiket, 2024, [new(2022, baseline, null), new(2024, now, null)]));

    private static Assessment Emissions(double baseline, double now) =>
        AssessmentEngine.Assess(Inputs.Total(EmissionsDecrease, NoUnit, 2024, [new(2020, baseline, 6.0), new(2024, now, 5.0)]));

    [Fact]
    public void Criterion4B_satisfaction_increased_is_met()
    {
        var a = Satisfaction(80.0, 83.0);

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Equal(3.0, a.Change!.Value, 9);
        Assert.Equal("Värdet har ökat från 80,0 till 83,0 % jämfört med 2022.", a.ExplanationSv);
        Assert.Equal("The value has increased from 80.0 to 83.0% compared with 2022.", a.ExplanationEn);
    }

    [Fact]
    public void Criterion4B_satisfaction_decreased_is_not_met()
    {
        var a = Satisfaction(80.0, 78.0);

        Assert.Equal(Grade.NotMet, a.Grade);
        Assert.Equal("Värdet har minskat från 80,0 till 78,0 % jämfört med 2022.", a.ExplanationSv);
    }

    [Fact]
    public void Criterion4B_satisfaction_unchanged_is_not_met()
    {
        var a = Satisfaction(80.0, 80.0);

        Assert.Equal(Grade.NotMet, a.Grade);
        Assert.Equal("Värdet är oförändrat, 80,0 %, jämfört med 2022.", a.ExplanationSv);
        Assert.Equal("The value is unchanged at 80.0% compared with 2022.", a.ExplanationEn);
    }

    [Fact]
    public void Criterion5A_emissions_decreased_is_met_and_ignores_the_reference()
    {
        var a = Emissions(5.1, 4.6);

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Equal(-0.5, a.Change!.Value, 9);
        Assert.Null(a.ReferenceValue);
        Assert.Null(a.Gap);
        Assert.Equal("Värdet har minskat från 5,1 till 4,6 jämfört med 2020.", a.ExplanationSv);
        Assert.Equal("The value has decreased from 5.1 to 4.6 compared with 2020.", a.ExplanationEn);
    }

    [Fact]
    public void Criterion5A_emissions_increased_is_not_met_never_partly()
    {
        var a = Emissions(5.1, 5.3);

        Assert.Equal(Grade.NotMet, a.Grade);
        Assert.Null(a.Reason);
    }

    [Fact]
    public void Criterion5A_needs_no_reference_values()
    {
        var a = AssessmentEngine.Assess(Inputs.Total(EmissionsDecrease, NoUnit, 2024, [new(2020, 5.1, null), new(2024, 4.6, null)]));

        Assert.Equal(Grade.Met, a.Grade);
    }
}
