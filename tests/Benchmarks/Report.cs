using System.Runtime;
using System.Runtime.InteropServices;

namespace Jamforelse.Benchmarks;

internal static class Report
{
    public static bool PeakResetWorks { get; private set; }

    public static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);

    public static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    public static void Machine()
    {
        Console.WriteLine($"machine:         {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"GC:              {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}; memory available to the process {Megabytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes):N0} MB");
#if DEBUG
        Console.WriteLine("WARNING:         Debug build; run with -c Release for figures that mean anything.");
#endif
    }

    /// <summary>
    /// Linux keeps the peak resident set (VmHWM, what PeakWorkingSet64 reads) for the life of the process;
    /// writing 5 to /proc/self/clear_refs resets it, so that each import reports its own peak.
    /// </summary>
    public static void ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            PeakResetWorks = true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            PeakResetWorks = false;
        }
    }
}

/// <summary>Samples the working set and the managed heap on a timer and keeps the highest of each.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peakWorkingSet;
    private long _peakManagedHeap;

    public MemorySampler(TimeSpan interval)
    {
        Sample();
        _timer = new Timer(_ => Sample(), null, interval, interval);
    }

    public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

    public long PeakManagedHeap => Interlocked.Read(ref _peakManagedHeap);

    public void Sample()
    {
        Raise(ref _peakWorkingSet, Environment.WorkingSet);
        Raise(ref _peakManagedHeap, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static void Raise(ref long peak, long value)
    {
        var current = Interlocked.Read(ref peak);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref peak, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    public void Dispose() => _timer.Dispose();
}
