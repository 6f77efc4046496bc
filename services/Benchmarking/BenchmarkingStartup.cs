using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jamforelse.Benchmarking;

/// <summary>
/// After the host has started (so that the other modules' start-up imports are in place), recomputes
/// everything once from the sources: whatever events were missed while the service was down, the read
/// models converge. Until it is done the service reports itself not ready.
/// </summary>
internal sealed partial class BenchmarkingStartup(
    Recomputer recomputer, BenchmarkingStore store, IHostApplicationLifetime lifetime, IOptions<BenchmarkingOptions> options, ILogger<BenchmarkingStartup> logger)
    : BackgroundService, IHealthCheck
{
    private volatile bool _done;

    // On the thread pool: started from a host whose caller has a synchronization context (a test
    // runner's), the work's continuations must not need that context while the caller waits for it to stop.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => RecomputeAsync(stoppingToken), stoppingToken);

    private async Task RecomputeAsync(CancellationToken stoppingToken)
    {
        await store.ComparisonCollection.EnsureIndexAsync(nameof(ComparisonDocument.KpiId), stoppingToken);
        await store.AssessmentCollection.EnsureIndexAsync(nameof(AssessmentDocument.PlanId), stoppingToken);
        if (options.Value.RecomputeOnStart)
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // Run as its own process, the sources are other services that may still be starting: try again.
            for (var pause = TimeSpan.FromSeconds(1); ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks)))
            {
                try
                {
                    await recomputer.RecomputeAllAsync(stoppingToken);
                    break;
                }
                catch (HttpRequestException exception)
                {
                    LogSourcesUnreachable(logger, exception.Message, pause);
                    await Task.Delay(pause, stoppingToken);
                }
            }
            LogRecomputed(logger, clock.ElapsedMilliseconds);
        }
        _done = true;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_done ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Recomputing comparisons and assessments after start."));

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(15);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Benchmarking could not reach its sources to recompute after start ({Reason}); trying again in {Pause}")]
    private static partial void LogSourcesUnreachable(ILogger logger, string reason, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Benchmarking recomputed every comparison and assessment in {Milliseconds} ms")]
    private static partial void LogRecomputed(ILogger logger, long milliseconds);
}
