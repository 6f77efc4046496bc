using Jamforelse.Benchmarking.Engine;
using Jamforelse.ServiceDefaults.Numbers;

namespace Jamforelse.Benchmarking.Assessments;

/// <summary>Grades a quantitative criterion: a pure function over plain numbers.</summary>
public static class AssessmentEngine
{
    private const string Total = "T";
    private const string Women = "K";
    private const string Men = "M";

    public static Assessment Assess(AssessmentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rule = input.Rule;
        if (rule.Better == Better.None)
            throw new ArgumentException("A criterion must say which way is better (Higher or Lower), not None.", nameof(input));
        if (rule.BaselineYear is null && rule.Shape != RuleShape.BetterThanReference)
            throw new ArgumentException($"{rule.Shape} needs a baseline year.", nameof(input));
        if (!input.Series.ContainsKey(rule.Gender))
            throw new ArgumentException($"The series for the rule's gender \"{rule.Gender}\" is missing.", nameof(input));

        var own = Measure(input, rule.Gender);
        if (rule.Gender != Total)
            return ToAssessment(input, rule.Gender, own, OwnVerdict(own, rule.Shape, input.Wording));

        // The split by gender is optional: a figure without it has only "T".
        var women = input.Series.ContainsKey(Women) ? Measure(input, Women) : null;
        var men = input.Series.ContainsKey(Men) ? Measure(input, Men) : null;
        List<Assessment> byGender = [];
        foreach (var (gender, m) in new[] { (Women, women), (Men, men) })
        {
            if (m is not null) byGender.Add(ToAssessment(input, gender, m, OwnVerdict(m, rule.Shape, input.Wording)));
        }
        return ToAssessment(input, Total, own, TotalVerdict(own, women, men, rule.Shape, input.Wording)) with { ByGender = byGender };
    }

    /// <summary>The grade of one gender on its own numbers: holds → met, moving the right way → partly met.</summary>
    private static Verdict OwnVerdict(Measurement m, RuleShape shape, AssessmentWording wording)
    {
        if (m.CannotAssess is { } why) return new Verdict(Grade.CannotBeAssessed, why);
        if (m.Holds) return new Verdict(Grade.Met, null);
        if (m.Progress) return new Verdict(Grade.PartlyMet, AssessmentSentences.ProgressReason(shape, wording));
        return new Verdict(Grade.NotMet, null);
    }

    /// <summary>
    /// The total's grade also weighs women and men, when both are split out and can be assessed: met in total but
    /// not for one of them is only partly met, and not met in total but met for one of them is partly met.
    /// </summary>
    private static Verdict TotalVerdict(Measurement total, Measurement? women, Measurement? men, RuleShape shape, AssessmentWording wording)
    {
        var own = OwnVerdict(total, shape, wording);
        bool? womenHold = women is { CannotAssess: null } ? women.Holds : null;
        bool? menHold = men is { CannotAssess: null } ? men.Holds : null;

        if (own.Grade == Grade.Met && womenHold is not null && menHold is not null && !(womenHold.Value && menHold.Value))
            return new Verdict(Grade.PartlyMet, AssessmentSentences.MetInTotalOnly(womenHold.Value, menHold.Value));
        if (own.Grade == Grade.NotMet && (womenHold == true || menHold == true))
            return new Verdict(Grade.PartlyMet, AssessmentSentences.MetByGenderOnly(womenHold, menHold));
        return own;
    }

    private static Measurement Measure(AssessmentInput input, string gender)
    {
        var rule = input.Rule;
        // A number outside the range (stored before the platform refused such) is read as missing.
        var series = input.Series[gender].Select(v => v with { Subject = ValueRange.OrNull(v.Subject), Reference = ValueRange.OrNull(v.Reference) }).ToList();
        var now = At(series, input.Year);
        if (rule.Shape == RuleShape.BetterThanReference)
            return BetterThanReference(rule.Better, now, LatestEarlierWithBoth(series, input.Year), input.Wording);

        var baselineYear = rule.BaselineYear!.Value;
        if (input.Year <= baselineYear)
            return new Measurement { ComparedYear = baselineYear, CannotAssess = AssessmentSentences.YearNotAfterBaseline(input.Year, baselineYear) };
        var baseline = At(series, baselineYear);
        return rule.Shape switch
        {
            RuleShape.GapToReferenceNarrows => GapToReferenceNarrows(rule.Better, now, baseline, input.Wording),
            RuleShape.ChangeAgainstBaseline => ChangeAgainstBaseline(rule.Better, now, baseline, input.Wording),
            RuleShape.DevelopmentBetterThanReference => DevelopmentBetterThanReference(rule.Better, now, baseline, input.Wording),
            _ => throw new ArgumentException($"Unknown rule shape {rule.Shape}.", nameof(input)),
        };
    }

    /// <summary>Met when the gap in the worse direction has shrunk, or the subject is at least as good as the reference.</summary>
    private static Measurement GapToReferenceNarrows(Better better, YearValue now, YearValue baseline, AssessmentWording wording)
    {
        var gap = Worse(better, now.Subject, now.Reference);
        var baselineGap = Worse(better, baseline.Subject, baseline.Reference);
        return new Measurement
        {
            ComparedYear = baseline.Year,
            Value = now.Subject,
            BaselineValue = baseline.Subject,
            ReferenceValue = now.Reference,
            BaselineReferenceValue = baseline.Reference,
            Gap = gap,
            BaselineGap = baselineGap,
            Change = now.Subject - baseline.Subject,
            Holds = gap < baselineGap || gap <= 0,
            Progress = Improved(better, baseline.Subject, now.Subject),
            CannotAssess = MissingReason([baseline, now], needsReference: true, wording),
        };
    }

    /// <summary>
    /// Met when strictly better than the reference. The criterion has no baseline, so "moving the right way" is
    /// measured against the latest earlier year with both values; that year fills the baseline numbers.
    /// </summary>
    private static Measurement BetterThanReference(Better better, YearValue now, YearValue? previous, AssessmentWording wording)
    {
        var gap = Worse(better, now.Subject, now.Reference);
        var previousGap = previous is null ? null : Worse(better, previous.Subject, previous.Reference);
        return new Measurement
        {
            ComparedYear = previous?.Year,
            Value = now.Subject,
            BaselineValue = previous?.Subject,
            ReferenceValue = now.Reference,
            BaselineReferenceValue = previous?.Reference,
            Gap = gap,
            BaselineGap = previousGap,
            Change = now.Subject - previous?.Subject,
            Holds = gap < 0,
            Progress = gap < previousGap,
            CannotAssess = MissingReason([now], needsReference: true, wording),
        };
    }

    /// <summary>Met when the subject's own value moved in the better direction; there is no partial progress.</summary>
    private static Measurement ChangeAgainstBaseline(Better better, YearValue now, YearValue baseline, AssessmentWording wording) => new()
    {
        ComparedYear = baseline.Year,
        Value = now.Subject,
        BaselineValue = baseline.Subject,
        Change = now.Subject - baseline.Subject,
        Holds = Improved(better, baseline.Subject, now.Subject),
        Progress = false,
        CannotAssess = MissingReason([baseline, now], needsReference: false, wording),
    };

    /// <summary>
    /// Relative change, because the subject and the reference are on different scales (jobs in a municipality
    /// against jobs in the nation). Met when the subject's change is better than the reference's.
    /// </summary>
    private static Measurement DevelopmentBetterThanReference(Better better, YearValue now, YearValue baseline, AssessmentWording wording)
    {
        var change = RelativeChange(baseline.Subject, now.Subject);
        var referenceChange = RelativeChange(baseline.Reference, now.Reference);
        return new Measurement
        {
            ComparedYear = baseline.Year,
            Value = now.Subject,
            BaselineValue = baseline.Subject,
            ReferenceValue = now.Reference,
            BaselineReferenceValue = baseline.Reference,
            Change = change,
            ReferenceChange = referenceChange,
            Holds = IsBetter(better, change, referenceChange),
            Progress = Improved(better, 0, change),
            CannotAssess = MissingReason([baseline, now], needsReference: true, wording) ?? ZeroBaselineReason(baseline, wording),
        };
    }

    /// <summary>How much worse the subject is than the reference: positive = worse, negative = better.</summary>
    private static double? Worse(Better better, double? value, double? reference) =>
        better == Better.Higher ? reference - value : value - reference;

    private static bool IsBetter(Better better, double? value, double? than) =>
        better == Better.Higher ? value > than : value < than;

    private static bool Improved(Better better, double? from, double? to) => IsBetter(better, to, from);

    /// <summary>
    /// (v − v0) / |v0|; null when either is missing or the baseline is zero, or so near zero that the change (as a
    /// percent, as the sentences write it) would not be a finite number.
    /// </summary>
    private static double? RelativeChange(double? from, double? to) =>
        from is { } v0 && to is { } v && CanDivideBy(v0) ? (v - v0) / Math.Abs(v0) : null;

    /// <summary>Within <see cref="ValueRange"/> a difference is at most 2·10^15; divided by this, and made a percent, it stays finite.</summary>
    private static bool CanDivideBy(double baseline) => Math.Abs(baseline) >= MinDivisor;

    private const double MinDivisor = 2 * ValueRange.MaxMagnitude * 100 / double.MaxValue * 4;

    private static YearValue At(IReadOnlyList<YearValue> series, int year) =>
        series.FirstOrDefault(v => v.Year == year) ?? new YearValue(year, null, null);

    private static YearValue? LatestEarlierWithBoth(IReadOnlyList<YearValue> series, int year) =>
        series.Where(v => v.Year < year && v.Subject is not null && v.Reference is not null).MaxBy(v => v.Year);

    /// <summary>Every value the shape needs and lacks, earliest year first; null when nothing is missing.</summary>
    private static Words? MissingReason(IReadOnlyList<YearValue> years, bool needsReference, AssessmentWording wording)
    {
        var missing = new List<NeededValue>();
        foreach (var year in years)
        {
            if (year.Subject is null) missing.Add(new NeededValue(IsReference: false, year.Year));
            if (needsReference && year.Reference is null) missing.Add(new NeededValue(IsReference: true, year.Year));
        }
        return missing.Count == 0 ? null : AssessmentSentences.Missing(missing, wording);
    }

    private static Words? ZeroBaselineReason(YearValue baseline, AssessmentWording wording)
    {
        var zero = new List<NeededValue>();
        if (baseline.Subject is { } subject && !CanDivideBy(subject)) zero.Add(new NeededValue(IsReference: false, baseline.Year));
        if (baseline.Reference is { } reference && !CanDivideBy(reference)) zero.Add(new NeededValue(IsReference: true, baseline.Year));
        return zero.Count == 0 ? null : AssessmentSentences.ZeroBaseline(zero, wording);
    }

    private static Assessment ToAssessment(AssessmentInput input, string gender, Measurement m, Verdict verdict)
    {
        var explanation = verdict.Grade == Grade.CannotBeAssessed
            ? verdict.Reason!
            : AssessmentSentences.Explain(input.Rule.Shape, input.Rule.Better, input.Year, m, input.Wording).Then(verdict.Reason);
        return new Assessment
        {
            Grade = verdict.Grade,
            GradeLabel = AssessmentSentences.Label(verdict.Grade),
            Year = input.Year,
            BaselineYear = m.ComparedYear,
            Gender = gender,
            Value = m.Value,
            BaselineValue = m.BaselineValue,
            ReferenceValue = m.ReferenceValue,
            BaselineReferenceValue = m.BaselineReferenceValue,
            Gap = m.Gap,
            BaselineGap = m.BaselineGap,
            Change = m.Change,
            ReferenceChange = m.ReferenceChange,
            ExplanationSv = explanation.Sv,
            ExplanationEn = explanation.En,
            Reason = verdict.Reason?.Sv,
        };
    }

    private sealed record Verdict(Grade Grade, Words? Reason);
}

/// <summary>One gender's numbers under a rule, and whether the rule holds, before the grade is set.</summary>
internal sealed record Measurement
{
    /// <summary>The baseline year, or for "better than reference" the earlier year that progress is measured against.</summary>
    public int? ComparedYear { get; init; }
    public double? Value { get; init; }
    public double? BaselineValue { get; init; }
    public double? ReferenceValue { get; init; }
    public double? BaselineReferenceValue { get; init; }
    public double? Gap { get; init; }
    public double? BaselineGap { get; init; }
    public double? Change { get; init; }
    public double? ReferenceChange { get; init; }
    public bool Holds { get; init; }
    public bool Progress { get; init; }
    /// <summary>Why the numbers do not allow an assessment; null when they do.</summary>
    public Words? CannotAssess { get; init; }
}

/// <summary>A value the rule needs (and lacks, or cannot divide by): the subject's or the reference's, in a year.</summary>
internal sealed record NeededValue(bool IsReference, int Year);

/// <summary>The same text in Swedish and English.</summary>
internal sealed record Words(string Sv, string En)
{
    /// <summary>Appends another sentence, when there is one.</summary>
    public Words Then(Words? next) => next is null ? this : new Words($"{Sv} {next.Sv}", $"{En} {next.En}");
}
