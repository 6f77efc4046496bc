using Jamforelse.Benchmarking.Assessments;
using Jamforelse.ServiceDefaults.Numbers;

namespace Jamforelse.Benchmarking.Recomputing;

/// <summary>An assessment as stored and answered: which criterion, what it was compared with, the numbers and the sentences.</summary>
/// <param name="Series">The yearly values of the subject and the reference the grade rests on, by gender.</param>
public sealed record AssessmentView(
    string PlanId, string Owner, string PlanTitle, string NodeId, string? Code, string Criterion, IReadOnlyList<string> KeyFigures,
    string Shape, string Reference, string Subject, int Year, string Grade, Assessment Assessment,
    IReadOnlyDictionary<string, IReadOnlyList<YearValue>> Series, string Source)
{
    /// <summary>
    /// The view with every number outside <see cref="ValueRange"/> read as missing: one stored before the platform
    /// refused such (an infinity, which no answer can carry) never makes a read fail. Numbers within it are kept.
    /// </summary>
    public AssessmentView WithinRange() => this with
    {
        Assessment = Within(Assessment),
        Series = Series.ToDictionary(s => s.Key, s => (IReadOnlyList<YearValue>)[.. s.Value.Select(v => v with { Subject = ValueRange.OrNull(v.Subject), Reference = ValueRange.OrNull(v.Reference) })], StringComparer.Ordinal),
    };

    // Changes are relative for the development shape and may exceed the range while finite: only non-finite ones go.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static Assessment Within(Assessment a) => a with
    {
        Value = ValueRange.OrNull(a.Value), BaselineValue = ValueRange.OrNull(a.BaselineValue),
        ReferenceValue = ValueRange.OrNull(a.ReferenceValue), BaselineReferenceValue = ValueRange.OrNull(a.BaselineReferenceValue),
        Gap = Finite(a.Gap), BaselineGap = Finite(a.BaselineGap), Change = Finite(a.Change), ReferenceChange = Finite(a.ReferenceChange),
        ByGender = [.. a.ByGender.Select(Within)],
    };
}
