using Jamforelse.Benchmarking.Assessments;
using Jamforelse.Benchmarking.Engine;

namespace Jamforelse.Benchmarking.Tests.Assessments;

/// <summary>1A split by gender: a rule on the total also weighs women (K) and men (M) when both are in the input.</summary>
public sealed class GenderTests
{
    private static readonly CriterionRule Unemployment = new(RuleShape.GapToReferenceNarrows, Better.Lower, 2022);

    private static readonly YearValue[] TotalNarrowed = [new(2022, 9.0, 7.2), new(2024, 8.4, 7.2)];
    private static readonly YearValue[] TotalWidened = [new(2022, 9.0, 7.2), new(2024, 9.5, 7.2)];
    private static readonly YearValue[] WomenNarrowed = [new(2022, 8.0, 7.0), new(2024, 7.5, 7.0)];
    private static readonly YearValue[] MenWidened = [new(2022, 10.0, 7.4), new(2024, 10.5, 7.4)];

    [Fact]
    public void Met_in_total_but_not_for_men_is_partly_met()
    {
        var a = AssessmentEngine.Assess(Inputs.ByGender(Unemployment, Inputs.AgainstRiket, 2024, TotalNarrowed, WomenNarrowed, MenWidened));

        Assert.Equal(Grade.PartlyMet, a.Grade);
        Assert.Equal("Uppfyllt totalt men inte för män.", a.Reason);
        Assert.Equal(
            "Skillnaden mellan Norrköping och riket har minskat från 1,8 till 1,2 procentenheter jämfört med 2022. Uppfyllt totalt men inte för män.",
            a.ExplanationSv);
        Assert.EndsWith("Met in total but not for men.", a.ExplanationEn);

        Assert.Equal(["K", "M"], a.ByGender.Select(g => g.Gender));
        var (women, men) = (a.ByGender[0], a.ByGender[1]);
        Assert.Equal(Grade.Met, women.Grade);
        Assert.Equal((7.5, 8.0, 7.0), (women.Value, women.BaselineValue, women.ReferenceValue));
        Assert.Equal(0.5, women.Gap!.Value, 9);
        Assert.Equal(Grade.NotMet, men.Grade);
        Assert.Equal(3.1, men.Gap!.Value, 9);
        Assert.Empty(women.ByGender);
        Assert.Empty(men.ByGender);
    }

    [Fact]
    public void Not_met_in_total_but_met_for_women_is_partly_met()
    {
        var a = AssessmentEngine.Assess(Inputs.ByGender(Unemployment, Inputs.AgainstRiket, 2024, TotalWidened, WomenNarrowed, MenWidened));

        Assert.Equal(Grade.PartlyMet, a.Grade);
        Assert.Equal("Uppfyllt för kvinnor men inte för män.", a.Reason);
        Assert.EndsWith("Met for women but not for men.", a.ExplanationEn);
        Assert.Equal([Grade.Met, Grade.NotMet], a.ByGender.Select(g => g.Grade));
    }

    [Fact]
    public void Met_in_total_stays_met_when_men_cannot_be_assessed()
    {
        YearValue[] menWithoutBaseline = [new(2024, 10.5, 7.4)];

        var a = AssessmentEngine.Assess(Inputs.ByGender(Unemployment, Inputs.AgainstRiket, 2024, TotalNarrowed, WomenNarrowed, menWithoutBaseline));

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Null(a.Reason);
        Assert.Equal(Grade.CannotBeAssessed, a.ByGender[1].Grade);
        Assert.Equal("Värde saknas för Norrköping 2022 och riket 2022.", a.ByGender[1].Reason);
    }

    [Fact]
    public void A_rule_on_women_is_assessed_on_women_alone()
    {
        var rule = Unemployment with { Gender = "K" };

        var a = AssessmentEngine.Assess(Inputs.ByGender(rule, Inputs.AgainstRiket, 2024, TotalWidened, WomenNarrowed, MenWidened));

        Assert.Equal((Grade.Met, "K"), (a.Grade, a.Gender));
        Assert.Empty(a.ByGender);
    }

    [Fact]
    public void Without_a_split_by_gender_there_are_no_gender_assessments()
    {
        var a = AssessmentEngine.Assess(Inputs.Total(Unemployment, Inputs.AgainstRiket, 2024, TotalNarrowed));

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Empty(a.ByGender);
    }
}
