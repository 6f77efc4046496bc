namespace Jamforelse.Benchmarking.Assessments;

/// <summary>Grades a quantitative criterion: a pure function over plain numbers.</summary>
public static class AssessmentEngine
{
    public static Assessment Assess(AssessmentInput input) => throw new NotImplementedException("helper: assessment engine");
}
