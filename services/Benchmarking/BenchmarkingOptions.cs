namespace Jamforelse.Benchmarking;

/// <summary>The "Benchmarking" configuration section.</summary>
public sealed class BenchmarkingOptions
{
    public const string Section = "Benchmarking";

    /// <summary>Recompute every comparison and assessment from the sources when the service starts (converges after missed events).</summary>
    public bool RecomputeOnStart { get; set; } = true;
}
