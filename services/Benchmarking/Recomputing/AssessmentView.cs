using Jamforelse.Benchmarking.Assessments;

namespace Jamforelse.Benchmarking.Recomputing;

/// <summary>An assessment as stored and answered: which criterion, what it was compared with, the numbers and the sentences.</summary>
/// <param name="Series">The yearly values of the subject and the reference the grade rests on, by gender.</param>
public sealed record AssessmentView(
    string PlanId, string Owner, string PlanTitle, string NodeId, string? Code, string Criterion, IReadOnlyList<string> KeyFigures,
    string Shape, string Reference, string Subject, int Year, string Grade, Assessment Assessment,
    IReadOnlyDictionary<string, IReadOnlyList<YearValue>> Series, string Source);
