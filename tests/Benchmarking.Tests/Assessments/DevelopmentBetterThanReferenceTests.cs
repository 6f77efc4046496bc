using Jamforelse.Benchmarking.Assessments;
using Jamforelse.Benchmarking.Engine;

namespace Jamforelse.Benchmarking.Tests.Assessments;

/// <summary>
/// 6A: "Utvecklingen av anmälda brott per 1 000 invånare i Norrköpings kommun är bättre än i riket" (lower is better);
/// 2A: "Utvecklingen av antalet arbetstillfällen i Norrköpings kommun är bättre än i riket" (higher is better).
/// </summary>
public sealed class DevelopmentBetterThanReferenceTests
{
    private static readonly CriterionRule CrimeDevelopment = new(RuleShape.DevelopmentBetterThanReference, Better.Lower, 2022);
    private static readonly CriterionRule JobsDevelopment = new(RuleShape.DevelopmentBetterThanReference, Better.Higher, 2022);
    private static readonly AssessmentWording NoUnit = Inputs.AgainstRiket with { Unit = null };

    private static Assessment Crime(double norrkoping2022, double norrkoping2024) =>
        AssessmentEngine.Assess(Inputs.Total(CrimeDevelopment, NoUnit, 2024, [new(2022, norrkoping2022, 100.0), new(2024, norrkoping2024, 98.0)]));

    [Fact]
    public void Criterion6A_crime_falling_faster_than_in_riket_is_met()
    {
        // Norrköping (114 − 120) / 120 = −5 %; riket (98 − 100) / 100 = −2 %.
        var a = Crime(120.0, 114.0);

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Equal(-0.05, a.Change!.Value, 9);
        Assert.Equal(-0.02, a.ReferenceChange!.Value, 9);
        Assert.Null(a.Gap);
        Assert.Equal("Norrköping har utvecklats med -5,0 % sedan 2022, riket med -2,0 %.", a.ExplanationSv);
        Assert.Equal("Norrköping has changed by -5.0% since 2022, the nation by -2.0%.", a.ExplanationEn);
    }

    [Fact]
    public void Criterion6A_crime_falling_slower_than_in_riket_is_partly_met()
    {
        // Norrköping (118.8 − 120) / 120 = −1 %: the right way, but riket fell 2 %.
        var a = Crime(120.0, 118.8);

        Assert.Equal(Grade.PartlyMet, a.Grade);
        Assert.Equal(-0.01, a.Change!.Value, 9);
        Assert.Equal("Utvecklingen går åt rätt håll men är inte bättre än för riket.", a.Reason);
    }

    [Fact]
    public void Criterion6A_crime_rising_is_not_met()
    {
        // Norrköping (122.4 − 120) / 120 = +2 %.
        var a = Crime(120.0, 122.4);

        Assert.Equal(Grade.NotMet, a.Grade);
        Assert.Equal("Norrköping har utvecklats med +2,0 % sedan 2022, riket med -2,0 %.", a.ExplanationSv);
    }

    [Fact]
    public void Criterion2A_jobs_growing_faster_than_in_riket_is_met()
    {
        // Norrköping (72 240 − 70 000) / 70 000 = +3.2 %; riket (5 055 000 − 5 000 000) / 5 000 000 = +1.1 %.
        var input = Inputs.Total(JobsDevelopment, NoUnit, 2024, [new(2022, 70_000, 5_000_000), new(2024, 72_240, 5_055_000)]);

        var a = AssessmentEngine.Assess(input);

        Assert.Equal(Grade.Met, a.Grade);
        Assert.Equal(0.032, a.Change!.Value, 9);
        Assert.Equal(0.011, a.ReferenceChange!.Value, 9);
        Assert.Equal("Norrköping har utvecklats med +3,2 % sedan 2022, riket med +1,1 %.", a.ExplanationSv);
        Assert.Equal("Norrköping has changed by +3.2% since 2022, the nation by +1.1%.", a.ExplanationEn);
    }

    [Fact]
    public void Zero_baseline_cannot_be_assessed()
    {
        var input = Inputs.Total(JobsDevelopment, NoUnit, 2024, [new(2022, 0, 5_000_000), new(2024, 100, 5_055_000)]);

        var a = AssessmentEngine.Assess(input);

        Assert.Equal(Grade.CannotBeAssessed, a.Grade);
        Assert.Equal("Kan ej bedömas", a.GradeLabel);
        Assert.Equal("Basvärdet 2022 är noll för Norrköping, så den relativa utvecklingen kan inte beräknas.", a.Reason);
        Assert.Equal(a.Reason, a.ExplanationSv);
        Assert.Equal("Cannot be assessed: the baseline value in 2022 is zero for Norrköping, so the relative change cannot be computed.", a.ExplanationEn);
    }
}
