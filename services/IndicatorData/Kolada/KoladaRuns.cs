using System.Threading.Channels;
using Jamforelse.Contracts.IndicatorData;
using Jamforelse.IndicatorData.Imports;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jamforelse.IndicatorData.Kolada;

/// <summary>One fetch from Kolada, run in the background: what was asked, how far it came and what it changed.</summary>
public sealed class KoladaRun : IDocument
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>Also the id of the import it makes, so its progress is the import's <c>importProgress</c>.</summary>
    public string Id { get; set; } = "";
    public List<string> Kpis { get; set; } = [];
    public List<string> Municipalities { get; set; } = [];
    public List<int> Years { get; set; } = [];
    public string State { get; set; } = Queued;
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>How many times it was started (more than once when the service stopped while it ran).</summary>
    public int Attempts { get; set; }
    /// <summary>Pages downloaded and imported so far (each page is its own import, "&lt;run id&gt;-p0001" …).</summary>
    public int PagesDownloaded { get; set; }
    /// <summary>Checkpoint: how many of the request's ≤25-id chunks are done.</summary>
    public int ChunksDone { get; set; }
    /// <summary>Checkpoint: the next page of the chunk under way (its next_url), or null to start the chunk at its first page.</summary>
    public string? NextUrl { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public List<string> KeyFiguresChanged { get; set; } = [];
    /// <summary>Why it failed, for people (Kolada unreachable, a page Kolada answered wrongly, rows refused).</summary>
    public string? Error { get; set; }

    public KoladaFetchRequest Request => new(Kpis, Municipalities, Years);
}

/// <summary>
/// Runs Kolada fetches one after the other outside any request: <c>POST /imports/kolada-fetch</c> (and the
/// sync's schedule) queue a run and answer at once. A run walks the request's chunks (≤25 ids per path
/// segment) and their pages (next_url) one at a time, imports each page as it arrives, and checkpoints after
/// each page (chunks done, the next page), so that a run the service stopped in continues where it stopped
/// when the service starts again. A page imported twice (stopped between its import and its checkpoint)
/// changes nothing the second time: every value lands once. Progress goes out as the run's
/// <c>importProgress</c> (the run's id), one event per page.
/// </summary>
public sealed partial class KoladaRunner(
    IndicatorDataStore store, ObservationImporter importer, IServiceProvider services, TimeProvider clock, ILogger<KoladaRunner> logger) : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public const string Collection = "kolada_runs";

    private IDocumentCollection<KoladaRun> Runs => store.Store.Collection<KoladaRun>(Collection);

    /// <summary>Stores a queued run and hands it to the background loop.</summary>
    public async Task<KoladaRun> QueueAsync(string id, KoladaFetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = new KoladaRun
        {
            Id = id, Kpis = [.. request.KpiIds], Municipalities = [.. request.MunicipalityIds], Years = [.. request.Years], QueuedAt = clock.GetUtcNow(),
        };
        await Runs.UpsertAsync(run, cancellationToken);
        await _queue.Writer.WriteAsync(id, cancellationToken);
        return run;
    }

    public Task<KoladaRun?> GetAsync(string id, CancellationToken cancellationToken) => Runs.GetAsync(id, cancellationToken);

    public async Task<IReadOnlyList<KoladaRun>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        var runs = new List<KoladaRun>();
        await foreach (var run in Runs.ScanAsync(cancellationToken))
        {
            runs.Add(run);
        }
        return runs.OrderByDescending(r => r.QueuedAt).Take(count).ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunQueueAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped: a run under way stays "running" at its last checkpoint and is taken up at the next start.
        }
    }

    private async Task RunQueueAsync(CancellationToken stoppingToken)
    {
        // Runs left queued or running by a process that stopped are taken up again, oldest first.
        foreach (var run in (await RecentAsync(int.MaxValue, stoppingToken)).Where(r => r.State is KoladaRun.Queued or KoladaRun.Running).OrderBy(r => r.QueuedAt))
        {
            await _queue.Writer.WriteAsync(run.Id, stoppingToken);
        }
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (await Runs.GetAsync(id, stoppingToken) is not { State: KoladaRun.Queued or KoladaRun.Running } run)
            {
                continue;
            }
            try
            {
                await RunAsync(run, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // One run's fault (the store, a bug) fails that run; it must not stop the job or the host.
                run.State = KoladaRun.Failed;
                run.Error = "The run stopped on an error in the service: " + exception.Message;
                run.FinishedAt = clock.GetUtcNow();
                await Runs.UpsertAsync(run, CancellationToken.None);
                LogRunError(logger, run.Id, exception);
            }
        }
    }

    private async Task RunAsync(KoladaRun run, CancellationToken cancellationToken)
    {
        run.State = KoladaRun.Running;
        run.StartedAt ??= clock.GetUtcNow();
        run.Attempts++;
        await Runs.UpsertAsync(run, cancellationToken);
        var kolada = services.GetRequiredService<KoladaApiClient>();
        var folder = Directory.CreateTempSubdirectory("jamforelse-kolada-").FullName;
        var changed = new SortedSet<string>(run.KeyFiguresChanged, StringComparer.Ordinal);
        try
        {
            var firstPages = kolada.FirstPages(run.Request);
            while (run.ChunksDone < firstPages.Count && run.State == KoladaRun.Running)
            {
                var url = run.NextUrl is { } next ? new Uri(next) : firstPages[run.ChunksDone];
                var path = Path.Combine(folder, $"page-{run.PagesDownloaded + 1:D5}.json");
                var nextUrl = await kolada.DownloadPageAsync(url, path, cancellationToken);
                var outcome = await importer.ImportAsync($"{run.Id}-p{run.PagesDownloaded + 1:D4}", "kolada-fetch", "Kolada",
                    ct => ReadPagesAsync([path], run.PagesDownloaded + 1, ct), null, cancellationToken);
                File.Delete(path);
                if (!outcome.Succeeded)
                {
                    run.State = KoladaRun.Failed;
                    run.Error = $"Kolada's page {run.PagesDownloaded + 1} ({url}) was refused ({outcome.Rejected} rows; the pages before it were imported): "
                        + string.Join(" ", outcome.Problems.Take(3).Select(p => $"{p.Position}: {p.Message}"));
                    break;
                }
                run.Inserted += outcome.Inserted;
                run.Updated += outcome.Updated;
                run.Unchanged += outcome.Unchanged;
                changed.UnionWith(outcome.KeyFiguresChanged);
                run.KeyFiguresChanged = [.. changed];
                run.PagesDownloaded++;
                run.NextUrl = nextUrl?.AbsoluteUri;
                if (nextUrl is null)
                {
                    run.ChunksDone++;
                }
                await Runs.UpsertAsync(run, CancellationToken.None); // the checkpoint
                await importer.ReportAsync(run.Id, ImportProgressed.Merging, run.Inserted + run.Updated + run.Unchanged,
                    $"Kolada: {run.PagesDownloaded} sidor importerade ({run.ChunksDone} av {firstPages.Count} delar klara).");
            }
            if (run.State == KoladaRun.Running)
            {
                run.State = KoladaRun.Completed;
            }
        }
        catch (KoladaApiException exception)
        {
            run.State = KoladaRun.Failed;
            run.Error = $"Kolada could not be read ({(run.PagesDownloaded == 0 ? "nothing was imported" : $"the {run.PagesDownloaded} pages before were imported")}): {exception.Message}";
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return; // stopping: the run stays "running" at its checkpoint and is taken up at the next start
        }
        run.FinishedAt = clock.GetUtcNow();
        await Runs.UpsertAsync(run, CancellationToken.None);
        await importer.ReportAsync(run.Id, run.State == KoladaRun.Completed ? ImportProgressed.Completed : ImportProgressed.Failed, run.Inserted + run.Updated + run.Unchanged,
            run.State == KoladaRun.Completed
                ? $"Kolada-hämtningen är klar: {run.Inserted} nya, {run.Updated} ändrade och {run.Unchanged} oförändrade värden."
                : "Kolada-hämtningen misslyckades: " + run.Error);
        LogFinished(logger, run.Id, run.State, run.Inserted, run.Updated, run.Unchanged, run.Error);
    }

    private static async IAsyncEnumerable<ImportRow> ReadPagesAsync(IReadOnlyList<string> pages, int firstPage, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            await using var page = File.OpenRead(pages[i]);
            await foreach (var row in new KoladaDataReader().ReadRowsAsync(page, $"page {firstPage + i}: ", cancellationToken))
            {
                yield return row;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Kolada run {RunId} stopped on an error")]
    private static partial void LogRunError(ILogger logger, string runId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kolada run {RunId} {State}: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged {Error}")]
    private static partial void LogFinished(ILogger logger, string runId, string state, int inserted, int updated, int unchanged, string? error);
}
