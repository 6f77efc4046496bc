using Jamforelse.Benchmarking.Engine;

namespace Jamforelse.Benchmarking.Assessments;

/// <summary><i>Uppfyllt</i>, <i>delvis uppfyllt</i>, <i>ej uppfyllt</i>, <i>kan ej bedömas</i>.</summary>
public enum Grade { Met, PartlyMet, NotMet, CannotBeAssessed }

/// <summary>The four rule shapes of seed 004 (see DOMAIN.md and the README).</summary>
public enum RuleShape { GapToReferenceNarrows, BetterThanReference, ChangeAgainstBaseline, DevelopmentBetterThanReference }

/// <param name="Better">Higher or Lower (never None: a criterion always says which way is better).</param>
/// <param name="BaselineYear">Null only for <see cref="RuleShape.BetterThanReference"/>.</param>
/// <param name="Gender">"T" (total), "K" (women) or "M" (men).</param>
public sealed record CriterionRule(RuleShape Shape, Better Better, int? BaselineYear, string Gender = "T");

/// <summary>The words for the sentences: "Norrköping", "riket" / "the nation", the key figure's unit.</summary>
/// <param name="Unit">"%" gives "procentenheter" / "percentage points"; another unit is written after the numbers; null writes none.</param>
public sealed record AssessmentWording(string Subject, string ReferenceSv, string ReferenceEn, string? Unit);

/// <summary>One year's values: the subject's and the reference's (either may be missing).</summary>
public sealed record YearValue(int Year, double? Subject, double? Reference);

/// <summary>
/// Everything an assessment needs, as plain numbers: the rule, the year to assess and the series of the
/// subject and its reference for the rule's gender and, when the figure is split by gender, for K and M.
/// </summary>
public sealed record AssessmentInput
{
    public required CriterionRule Rule { get; init; }
    public required AssessmentWording Wording { get; init; }
    public required int Year { get; init; }
    /// <summary>Series by gender ("T", "K", "M"); the rule's gender must be present, K and M may be absent.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<YearValue>> Series { get; init; }
}

/// <summary>
/// A graded assessment with the numbers behind it. For the gap shapes a gap is "how much worse than the
/// reference" (positive = worse). For <see cref="RuleShape.DevelopmentBetterThanReference"/> the changes are
/// relative ((value − baseline) / |baseline|).
/// </summary>
public sealed record Assessment
{
    public required Grade Grade { get; init; }
    /// <summary>Uppfyllt, Delvis uppfyllt, Ej uppfyllt, Kan ej bedömas.</summary>
    public required string GradeLabel { get; init; }
    public required int Year { get; init; }
    /// <summary>
    /// The rule's baseline year; for <see cref="RuleShape.BetterThanReference"/>, which has none, the latest earlier
    /// year with both values, which progress is measured against (null when there is none). The baseline numbers
    /// below are of this year.
    /// </summary>
    public int? BaselineYear { get; init; }
    public required string Gender { get; init; }
    public double? Value { get; init; }
    public double? BaselineValue { get; init; }
    public double? ReferenceValue { get; init; }
    public double? BaselineReferenceValue { get; init; }
    public double? Gap { get; init; }
    public double? BaselineGap { get; init; }
    /// <summary>The subject's change since the baseline (relative for the development shape).</summary>
    public double? Change { get; init; }
    /// <summary>The reference's change since the baseline (relative, development shape only).</summary>
    public double? ReferenceChange { get; init; }
    /// <summary>One or two sentences in Swedish with the numbers, e.g. "Skillnaden mellan Norrköping och riket har minskat från 1,8 till 1,2 procentenheter jämfört med 2022."</summary>
    public required string ExplanationSv { get; init; }
    public required string ExplanationEn { get; init; }
    /// <summary>Why partly met or why it cannot be assessed (which value is missing), in Swedish; null otherwise.</summary>
    public string? Reason { get; init; }
    /// <summary>The same rule for women and for men when the rule is on the total and both are in the input.</summary>
    public IReadOnlyList<Assessment> ByGender { get; init; } = [];
}
