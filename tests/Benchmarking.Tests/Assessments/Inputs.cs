using Jamforelse.Benchmarking.Assessments;

namespace Jamforelse.Benchmarking.Tests.Assessments;

/// <summary>Small inputs for Norrköping's criteria (seed 004), each test with its own numbers.</summary>
internal static class Inputs
{
    public static readonly AssessmentWording AgainstRiket = new("Norrköping", "riket", "the nation", "%");
    public static readonly AssessmentWording AgainstAverage = new("Norrköping", "kommungenomsnittet", "the municipal average", "%");

    public static AssessmentInput Total(CriterionRule rule, AssessmentWording wording, int year, IReadOnlyList<YearValue> total) => new()
    {
        Rule = rule,
        Wording = wording,
        Year = year,
        Series = new Dictionary<string, IReadOnlyList<YearValue>> { ["T"] = total },
    };

    public static AssessmentInput ByGender(
        CriterionRule rule, AssessmentWording wording, int year,
        IReadOnlyList<YearValue> total, IReadOnlyList<YearValue> women, IReadOnlyList<YearValue> men) => new()
    {
        Rule = rule,
        Wording = wording,
        Year = year,
        Series = new Dictionary<string, IReadOnlyList<YearValue>> { ["T"] = total, ["K"] = women, ["M"] = men },
    };
}
