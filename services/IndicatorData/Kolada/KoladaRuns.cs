using System.Threading.Channels;
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
    public int PagesDownloaded { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public List<string> KeyFiguresChanged { get; set; } = [];
    /// <summary>Why it failed, for people (Kolada unreachable, a page Kolada answered wrongly, rows refused).</summary>
    public string? Error { get; set; }

    public KoladaFetchRequest Request => new(Kpis, Municipalities, Years);
}

/// <summary>
/// Runs Kolada fetches one after the other outside any request: <c>POST /imports/kolada-fetch</c> queues a run
/// and answers 202 at once. A run downloads every page first (a broken page imports nothing), then imports them
/// as one import under the run's id. A run the service was stopped in the middle of is started again when the
/// service starts: the import changes nothing that is already stored, so a run that is repeated lands every
/// value once.
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
        // Runs left queued or running by a process that stopped are taken up again, oldest first.
        foreach (var run in (await RecentAsync(int.MaxValue, stoppingToken)).Where(r => r.State is KoladaRun.Queued or KoladaRun.Running).OrderBy(r => r.QueuedAt))
        {
            await _queue.Writer.WriteAsync(run.Id, stoppingToken);
        }
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (await Runs.GetAsync(id, stoppingToken) is { State: KoladaRun.Queued or KoladaRun.Running } run)
            {
                await RunAsync(run, stoppingToken);
            }
        }
    }

    private async Task RunAsync(KoladaRun run, CancellationToken cancellationToken)
    {
        run.State = KoladaRun.Running;
        run.StartedAt = clock.GetUtcNow();
        run.Attempts++;
        await Runs.UpsertAsync(run, cancellationToken);
        var folder = Directory.CreateTempSubdirectory("jamforelse-kolada-").FullName;
        try
        {
            var pages = await services.GetRequiredService<KoladaApiClient>().DownloadPagesAsync(run.Request, folder, cancellationToken);
            run.PagesDownloaded = pages.Count;
            var outcome = await importer.ImportAsync(run.Id, "kolada-fetch", "Kolada", ct => ReadPagesAsync(pages, ct), null, cancellationToken);
            run.Inserted = outcome.Inserted;
            run.Updated = outcome.Updated;
            run.Unchanged = outcome.Unchanged;
            run.KeyFiguresChanged = [.. outcome.KeyFiguresChanged];
            run.State = outcome.Succeeded ? KoladaRun.Completed : KoladaRun.Failed;
            run.Error = outcome.Succeeded ? null
                : $"Kolada's answer was refused ({outcome.Rejected} rows): " + string.Join(" ", outcome.Problems.Take(3).Select(p => $"{p.Position}: {p.Message}"));
        }
        catch (KoladaApiException exception)
        {
            run.State = KoladaRun.Failed;
            run.Error = "Kolada could not be read; nothing was imported: " + exception.Message;
            await importer.FailAsync(run.Id, "Kolada kunde inte läsas; inget importerades.");
        }
        catch (HttpRequestException exception)
        {
            run.State = KoladaRun.Failed;
            run.Error = "Kolada could not be reached; nothing was imported: " + exception.Message;
            await importer.FailAsync(run.Id, "Kolada kunde inte nås; inget importerades.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        run.FinishedAt = clock.GetUtcNow();
        // Saved even when the service is stopping: a finished run must not be taken up again.
        await Runs.UpsertAsync(run, CancellationToken.None);
        LogFinished(logger, run.Id, run.State, run.Inserted, run.Updated, run.Unchanged, run.Error);
    }

    private static async IAsyncEnumerable<ImportRow> ReadPagesAsync(IReadOnlyList<string> pages, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            await using var page = File.OpenRead(pages[i]);
            await foreach (var row in new KoladaDataReader().ReadRowsAsync(page, $"page {i + 1}: ", cancellationToken))
            {
                yield return row;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kolada run {RunId} {State}: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged {Error}")]
    private static partial void LogFinished(ILogger logger, string runId, string state, int inserted, int updated, int unchanged, string? error);
}
