namespace Jamforelse.Benchmarking.Engine;

/// <summary>The comparison maths: pure functions over plain data, no host, broker or store.</summary>
public static class ComparisonEngine
{
    /// <summary>Ranks, quartiles, references and gaps for one key figure × period × gender × provider.</summary>
    public static Comparison Compare(ComparisonInput input) => throw new NotImplementedException("helper: comparison engine");

    /// <summary>Each area's change of value and of gap against the baseline comparison (same figure, gender, provider; references matched by key).</summary>
    public static IReadOnlyList<AreaChange> Change(Comparison now, Comparison baseline) => throw new NotImplementedException("helper: comparison engine");
}
