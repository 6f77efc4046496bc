using Jamforelse.Benchmarking.Assessments;
using Jamforelse.Benchmarking.Engine;

namespace Jamforelse.Benchmarking.Tests.Assessments;

/// <summary>Missing data is reported as missing, naming what is missing; wrong rules are the caller's error.</summary>
public sealed class CannotBeAssessedTests
{
    private static readonly CriterionRule Unemployment = new(RuleShape.GapToReferenceNarrows, Better.Lower, 2022);

    private static Assessment Assess(CriterionRule rule, int year, IReadOnlyList<YearValue> series) =>
        AssessmentEngine.Assess(Inputs.Total(rule, Inputs.AgainstRiket, year, series));

    [Fact]
    public void Criterion1A_missing_baseline_value_cannot_be_assessed()
    {
        var a = Assess(Unemployment, 2024, [new(2022, null, 7.2), new(2024, 8.4, 7.2)]);

        Assert.Equal(Grade.CannotBeAssessed, a.Grade);
        Assert.Equal("Kan ej bedömas", a.GradeLabel);
        Assert.Equal("Värde saknas för Norrköping 2022.", a.Reason);
        Assert.Equal("Värde saknas för Norrköping 2022.", a.ExplanationSv);
        Assert.Equal("Cannot be assessed: no value for Norrköping in 2022.", a.ExplanationEn);
        Assert.Equal((8.4, 7.2, 7.2), (a.Value, a.ReferenceValue, a.BaselineReferenceValue));
        Assert.Null(a.BaselineGap);
    }

    [Fact]
    public void Criterion1A_missing_reference_in_the_assessed_year_names_riket()
    {
        var a = Assess(Unemployment, 2024, [new(2022, 9.0, 7.2), new(2024, 8.4, null)]);

        Assert.Equal("Värde saknas för riket 2024.", a.Reason);
        Assert.Equal("Cannot be assessed: no value for the nation in 2024.", a.ExplanationEn);
    }

    [Fact]
    public void Every_missing_value_is_named_earliest_first()
    {
        var a = Assess(Unemployment, 2024, [new(2024, 8.4, null)]);

        Assert.Equal("Värde saknas för Norrköping 2022, riket 2022 och riket 2024.", a.Reason);
        Assert.Equal("Cannot be assessed: no value for Norrköping in 2022, the nation in 2022 and the nation in 2024.", a.ExplanationEn);
    }

    [Fact]
    public void Criterion1B_needs_both_values_only_in_the_assessed_year()
    {
        var rule = new CriterionRule(RuleShape.BetterThanReference, Better.Higher, null);

        Assert.Equal(Grade.Met, Assess(rule, 2024, [new(2024, 27.4, 25.1)]).Grade);
        Assert.Equal("Värde saknas för Norrköping 2024.", Assess(rule, 2024, [new(2023, 27.4, 25.1), new(2024, null, 25.1)]).Reason);
    }

    [Fact]
    public void Criterion6A_missing_reference_baseline_cannot_be_assessed()
    {
        var rule = new CriterionRule(RuleShape.DevelopmentBetterThanReference, Better.Lower, 2022);

        var a = Assess(rule, 2024, [new(2022, 120.0, null), new(2024, 114.0, 98.0)]);

        Assert.Equal(Grade.CannotBeAssessed, a.Grade);
        Assert.Equal("Värde saknas för riket 2022.", a.Reason);
    }

    [Fact]
    public void A_year_not_after_the_baseline_cannot_be_assessed()
    {
        var a = Assess(Unemployment, 2022, [new(2022, 9.0, 7.2)]);

        Assert.Equal(Grade.CannotBeAssessed, a.Grade);
        Assert.Equal("Året 2022 ligger inte efter basåret 2022.", a.Reason);
    }

    [Fact]
    public void A_criterion_without_a_better_direction_is_an_error()
    {
        var rule = Unemployment with { Better = Better.None };

        Assert.Throws<ArgumentException>(() => Assess(rule, 2024, [new(2022, 9.0, 7.2), new(2024, 8.4, 7.2)]));
    }

    [Fact]
    public void A_series_missing_for_the_rules_gender_is_an_error()
    {
        var rule = Unemployment with { Gender = "K" };

        Assert.Throws<ArgumentException>(() => Assess(rule, 2024, [new(2022, 9.0, 7.2), new(2024, 8.4, 7.2)]));
    }
}
