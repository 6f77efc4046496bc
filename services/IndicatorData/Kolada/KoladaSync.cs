using Cronos;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Imports;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jamforelse.IndicatorData.Kolada;

/// <summary>The "IndicatorData:KoladaSync" settings: which Kolada key figures to keep current, and when.</summary>
public sealed class KoladaSyncSettings
{
    public bool Enabled { get; set; }

    /// <summary>A cron expression (five fields, UTC): nightly at 03:00 by default.</summary>
    public string Schedule { get; set; } = "0 3 * * *";

    /// <summary>Key figures always kept current, besides the list the platform administrator sets at run time.</summary>
    public List<string> Kpis { get; set; } = [];

    /// <summary>The years to keep current: from this year back this many years (this year included).</summary>
    public int Years { get; set; } = 10;
}

/// <summary>The key figures the platform administrator keeps current (<c>PUT /api/indicator-data/kolada-sync</c>).</summary>
public sealed class KoladaSyncList : IDocument
{
    public const string DocumentId = "list";

    public string Id { get; set; } = DocumentId;
    public List<string> Kpis { get; set; } = [];
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
}

/// <summary>A scheduled sync taken by one instance (insert-only: a second instance sharing the store gets a conflict and skips it).</summary>
public sealed class KoladaSyncClaim : IDocument
{
    public string Id { get; set; } = "";
}

/// <summary>
/// Keeps Kolada key figures current by itself: at start and on <see cref="KoladaSyncSettings.Schedule"/>, it queues a
/// Kolada run (<see cref="KoladaRunner"/>) for the configured and the administrator's key figures, every
/// municipality, region and Riket, for the last <see cref="KoladaSyncSettings.Years"/> years. A run that finds
/// nothing new changes nothing. When several instances share a store, one takes each occurrence.
/// </summary>
public sealed partial class KoladaSync(
    IndicatorDataStore store, KoladaRunner runner, ObservationImporter importer, IPlanNeeds plans, IOptions<IndicatorDataOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<KoladaSync> logger)
    : BackgroundService
{
    public const string Collection = "kolada_sync";
    public const string Claims = "kolada_sync_claims";

    private KoladaSyncSettings Settings => options.Value.KoladaSync;

    public CronExpression Schedule => CronExpression.Parse(Settings.Schedule);

    public async Task<KoladaSyncList> ListAsync(CancellationToken cancellationToken) =>
        await store.Store.Collection<KoladaSyncList>(Collection).GetAsync(KoladaSyncList.DocumentId, cancellationToken) ?? new KoladaSyncList();

    public async Task<KoladaSyncList> SetListAsync(IReadOnlyList<string> kpis, string changedBy, CancellationToken cancellationToken)
    {
        var list = new KoladaSyncList { Kpis = [.. kpis.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], ChangedAt = clock.GetUtcNow(), ChangedBy = changedBy };
        await store.Store.Collection<KoladaSyncList>(Collection).UpsertAsync(list, cancellationToken);
        return list;
    }

    /// <summary>
    /// What a sync asks Kolada for now: the key figures the adopted plans use, the configured ones and the
    /// administrator's, for all areas, the last <see cref="KoladaSyncSettings.Years"/> years and every year a plan
    /// needs (from its baseline to its end); null when there is nothing to keep current.
    /// </summary>
    public async Task<KoladaFetchRequest?> RequestAsync(CancellationToken cancellationToken)
    {
        var needs = await plans.AdoptedPlansAsync(cancellationToken);
        var kpis = Settings.Kpis.Concat((await ListAsync(cancellationToken)).Kpis).Concat(needs.SelectMany(n => n.KpiIds))
            .Where(KoladaKeyFigures.IsKoladaId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var thisYear = clock.GetUtcNow().Year;
        var years = Enumerable.Range(thisYear - Settings.Years + 1, Settings.Years)
            .Concat(needs.SelectMany(n => Enumerable.Range(n.FromYear, Math.Max(0, n.ToYear - n.FromYear + 1))))
            .Where(y => y is >= 1990 and <= 2100).Distinct().Order().ToList();
        return kpis.Count == 0 ? null : new KoladaFetchRequest(kpis, [], years);
    }

    public Task<IReadOnlyList<PlanNeed>> PlanNeedsAsync(CancellationToken cancellationToken) => plans.AdoptedPlansAsync(cancellationToken);

    /// <summary>Queues a sync run now; null when there is nothing to keep current.</summary>
    public async Task<KoladaRun?> RunNowAsync(CancellationToken cancellationToken)
    {
        if (await RequestAsync(cancellationToken) is not { } request)
        {
            return null;
        }
        var claim = await importer.ClaimIdAsync(null, cancellationToken);
        return await runner.QueueAsync(claim.Id, request, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Settings.Enabled)
        {
            return;
        }
        var schedule = Schedule;
        try
        {
            // Once every part has started (in the embedded host the goal catalog loads its plans after this service starts).
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            await OccurrenceAsync("start-" + clock.GetUtcNow().ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture), stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                var next = schedule.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc);
                if (next is not { } at)
                {
                    return;
                }
                await Task.Delay(at - now.UtcDateTime, clock, stoppingToken);
                await OccurrenceAsync(at.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task OccurrenceAsync(string occurrence, CancellationToken cancellationToken)
    {
        try
        {
            await store.Store.CommitAsync(new WriteBatch().Insert(Claims, new KoladaSyncClaim { Id = occurrence }), cancellationToken);
        }
        catch (WriteConflictException)
        {
            return; // another instance sharing the store took this one
        }
        if (await RunNowAsync(cancellationToken) is { } run)
        {
            LogQueued(logger, run.Id, run.Kpis.Count, run.Years[0], run.Years[^1]);
        }
        else
        {
            LogNothingToKeep(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kolada sync: run {RunId} queued for {Count} key figures, all areas, {From}–{To}")]
    private static partial void LogQueued(ILogger logger, string runId, int count, int from, int to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kolada sync: no key figures to keep current; set IndicatorData:KoladaSync:Kpis or PUT /api/indicator-data/kolada-sync")]
    private static partial void LogNothingToKeep(ILogger logger);
}
