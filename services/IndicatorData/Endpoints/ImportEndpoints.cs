using System.Text;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Imports;
using Jamforelse.IndicatorData.Kolada;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Jamforelse.IndicatorData.Endpoints;

public static class ImportEndpoints
{
    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder api)
    {
        // Bodies are spooled to a temporary file: the import reads them twice (validate, write) with bounded memory.
        // Kolada's values are public data: the platform administrator imports them for everyone.
        // importId (optional): the caller's own id for the import, so that it can subscribe to its progress first.
        api.MapPost("/imports/kolada", async (HttpRequest request, CallerIdentity caller, ObservationImporter importer, string? importId, CancellationToken cancellationToken) =>
        {
            if (!caller.IsPlatformAdmin)
            {
                return Problems.Forbidden("Kolada's values are public data, imported by the platform administrator. Import your own key figures' values as CSV or through POST /observations.");
            }
            var claim = await importer.ClaimIdAsync(importId, caller.Tenant, cancellationToken);
            if (claim.Error is not null)
            {
                return Refuse(claim);
            }
            await using var spool = await Spool.FromAsync(request, cancellationToken);
            var outcome = await importer.ImportAsync(claim, "kolada-json", "Kolada",
                ct => new KoladaDataReader().ReadRowsAsync(spool.Open(), "", ct), null, cancellationToken);
            return Answer(outcome);
        }).Accepts<object>("application/json");

        api.MapPost("/imports/csv", async (HttpRequest request, CallerIdentity caller, ObservationImporter importer, string? source, string? importId, CancellationToken cancellationToken) =>
        {
            var claim = await importer.ClaimIdAsync(importId, caller.Tenant, cancellationToken);
            if (claim.Error is not null)
            {
                return Refuse(claim);
            }
            await using var spool = await Spool.FromAsync(request, cancellationToken);
            var outcome = await importer.ImportAsync(claim, "csv", source ?? "",
                ct => CsvImportReader.ReadRowsAsync(new StreamReader(spool.Open(), Encoding.UTF8), ct), new KeyFigureAccess(caller), cancellationToken);
            return Answer(outcome);
        }).Accepts<string>("text/csv");

        // The fetch job: queued and answered at once (202, Location: the run); the run downloads every page first
        // (so a failed download imports nothing), then imports them as one import under the run's id.
        api.MapPost("/imports/kolada-fetch", async (KoladaFetchBody? body, CallerIdentity caller, KoladaRunner runner, ObservationImporter importer, string? importId, CancellationToken cancellationToken) =>
        {
            if (!caller.IsPlatformAdmin)
            {
                return Problems.Forbidden("Kolada's values are public data, fetched by the platform administrator.");
            }
            KoladaFetchRequest request;
            try
            {
                request = new KoladaFetchRequest(body?.Kpis ?? [], body?.Municipalities ?? [], body?.Years ?? []);
                KoladaApiClient.Validate(request);
            }
            catch (ArgumentException exception)
            {
                return Problems.BadRequest(exception.Message);
            }
            var claim = await importer.ClaimIdAsync(importId, caller.Tenant, cancellationToken);
            if (claim.Error is not null)
            {
                return Refuse(claim);
            }
            var run = await runner.QueueAsync(claim.Id, request, cancellationToken);
            return Results.Accepted($"/api/indicator-data/imports/kolada-runs/{Uri.EscapeDataString(run.Id)}", run);
        });

        // A run's state: queued, running, completed (with its counts) or failed (with the reason).
        api.MapGet("/imports/kolada-runs/{id}", async (KoladaRunner runner, CallerIdentity caller, string id, CancellationToken cancellationToken) =>
            caller.IsPlatformAdmin && await runner.GetAsync(id, cancellationToken) is { } run
                ? Results.Ok(run)
                : Problems.NotFound($"No Kolada run \"{id}\"."));

        // The Kolada sync: what it keeps current, when it runs next, its last runs; the administrator's list; a run now.
        api.MapGet("/kolada-sync", async (KoladaSync sync, KoladaRunner runner, CallerIdentity caller, IOptions<IndicatorDataOptions> options, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (!caller.IsPlatformAdmin)
            {
                return Problems.Forbidden("The Kolada sync is the platform administrator's.");
            }
            var settings = options.Value.KoladaSync;
            var request = await sync.RequestAsync(cancellationToken);
            return Results.Ok(new
            {
                settings.Enabled,
                settings.Schedule,
                nextRunAt = settings.Enabled ? sync.Schedule.GetNextOccurrence(clock.GetUtcNow().UtcDateTime, TimeZoneInfo.Utc) : null,
                configuredKpis = settings.Kpis,
                plans = await sync.PlanNeedsAsync(cancellationToken),
                list = await sync.ListAsync(cancellationToken),
                kpis = request?.KpiIds ?? [],
                years = request?.Years ?? [],
                lastRuns = await runner.RecentAsync(5, cancellationToken),
            });
        });

        api.MapPut("/kolada-sync", async (KoladaSyncBody? body, KoladaSync sync, CallerIdentity caller, CancellationToken cancellationToken) =>
        {
            if (!caller.IsPlatformAdmin)
            {
                return Problems.Forbidden("The Kolada sync is the platform administrator's.");
            }
            var kpis = body?.Kpis;
            if (kpis is null || kpis.Count > MaxSyncKpis || kpis.Any(k => k is null || !KoladaKeyFigures.IsKoladaId(k)))
            {
                return Problems.BadRequest($"Send {{\"kpis\": [\"N15428\", …]}}: at most {MaxSyncKpis} Kolada key figure ids (a capital letter and five digits); [] keeps none.");
            }
            return Results.Ok(await sync.SetListAsync(kpis.OfType<string>().ToList(), caller.KeyId, cancellationToken));
        });

        api.MapPost("/kolada-sync/run", async (KoladaSync sync, CallerIdentity caller, CancellationToken cancellationToken) =>
        {
            if (!caller.IsPlatformAdmin)
            {
                return Problems.Forbidden("The Kolada sync is the platform administrator's.");
            }
            return await sync.RunNowAsync(cancellationToken) is { } run
                ? Results.Accepted($"/api/indicator-data/imports/kolada-runs/{Uri.EscapeDataString(run.Id)}", run)
                : Problems.BadRequest("The sync keeps no key figures current: set them with PUT /api/indicator-data/kolada-sync or IndicatorData:KoladaSync:Kpis.");
        });

        api.MapGet("/imports/kolada-runs", async (KoladaRunner runner, CallerIdentity caller, CancellationToken cancellationToken) =>
            Results.Ok(caller.IsPlatformAdmin ? await runner.RecentAsync(100, cancellationToken) : []));

        // A tenant sees its own imports only; another tenant's import is answered exactly as one that does not exist.
        api.MapGet("/imports", async (IndicatorDataStore store, CallerIdentity caller, CancellationToken cancellationToken) =>
        {
            var imports = new List<ImportRecord>();
            if (caller.IsPlatformAdmin)
            {
                await foreach (var record in store.ImportCollection.ScanAsync(cancellationToken))
                {
                    imports.Add(record);
                }
            }
            else
            {
                imports.AddRange(await store.ImportCollection.FindAsync(nameof(ImportRecord.Owner), caller.Tenant, int.MaxValue, cancellationToken));
            }
            return Results.Ok(imports.OrderByDescending(i => i.StartedAt).Take(100).Select(ImportView.Of));
        });

        api.MapGet("/imports/{id}", async (IndicatorDataStore store, CallerIdentity caller, string id, CancellationToken cancellationToken) =>
            await FindImportAsync(store, caller, id, cancellationToken) is { } record
                ? Results.Ok(ImportView.Of(record))
                : Problems.NotFound($"No import \"{id}\"."));
        return api;
    }

    public const int MaxSyncKpis = 500;

    public sealed record KoladaSyncBody(List<string?>? Kpis);

    /// <summary>
    /// The caller's import with that id; the platform administrator's own first, else any tenant's (and records kept
    /// before imports had owners, under their bare id).
    /// </summary>
    private static async Task<ImportRecord?> FindImportAsync(IndicatorDataStore store, CallerIdentity caller, string id, CancellationToken cancellationToken)
    {
        if (!ImportIds.IsWellFormed(id))
        {
            return null;
        }
        if (await store.ImportCollection.GetAsync(ImportIds.StoreKey(caller.Tenant, id), cancellationToken) is { } own)
        {
            return own;
        }
        if (!caller.IsPlatformAdmin)
        {
            return null;
        }
        var anyTenants = await store.ImportCollection.FindAsync(nameof(ImportRecord.ImportId), id, 1, cancellationToken);
        if (anyTenants.Count > 0)
        {
            return anyTenants[0];
        }
        return await store.ImportCollection.GetAsync(id, cancellationToken) is { Owner: null } keptBeforeOwners ? keptBeforeOwners : null;
    }

    /// <summary>An import's log entry as the API shows it: its id as its owner knows it.</summary>
    public sealed record ImportView(
        string Id, string? Owner, string Kind, string Source, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
        int Inserted, int Updated, int Unchanged, int Rejected, IReadOnlyList<string> KeyFiguresChanged, bool Interrupted)
    {
        public static ImportView Of(ImportRecord record) => new(
            record.ImportId is "" ? record.Id : record.ImportId, record.Owner, record.Kind, record.Source, record.StartedAt, record.FinishedAt,
            record.Inserted, record.Updated, record.Unchanged, record.Rejected, record.KeyFiguresChanged, record.Interrupted);
    }

    /// <summary>What to fetch from Kolada: key figures, and municipalities and/or years (empty = all).</summary>
    public sealed record KoladaFetchBody(List<string>? Kpis, List<string>? Municipalities, List<int>? Years);

    /// <summary>400 for an import id of the wrong form, 409 for one that has been used.</summary>
    internal static IResult Refuse(ImportIdClaim claim) => claim.InUse
        ? Results.Problem(title: "Conflict", detail: claim.Error, statusCode: StatusCodes.Status409Conflict)
        : Problems.BadRequest(claim.Error!);

    /// <summary>
    /// 200 with the counts, or problem+json listing every problem (nothing was written): 400 when the input is not
    /// a document of its format (malformed JSON, content after it), 422 when it is but rows are invalid.
    /// </summary>
    internal static IResult Answer(ImportOutcome outcome) => outcome.Succeeded
        ? Results.Ok(outcome)
        : Results.Problem(
            title: "The import was rejected; nothing was written",
            detail: outcome.Malformed
                ? "The body is not one well-formed JSON document. Send the Kolada response as it was served."
                : $"{outcome.Rejected} row(s) are invalid. Fix them and send the whole import again.",
            statusCode: outcome.Malformed ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
            type: "https://jamforelse.se/problems/import-rejected",
            extensions: new Dictionary<string, object?>
            {
                ["importId"] = outcome.ImportId,
                ["inserted"] = 0,
                ["updated"] = 0,
                ["unchanged"] = 0,
                ["rejected"] = outcome.Rejected,
                ["problems"] = outcome.Problems,
            });

    /// <summary>A request body copied to a temporary file that is deleted when disposed.</summary>
    internal sealed class Spool : IAsyncDisposable
    {
        private readonly string _path;

        private Spool(string path) => _path = path;

        /// <summary>Imports may be far larger than Kestrel's default 30 MB body limit; they go to disk, not memory.</summary>
        public const long MaxImportBytes = 2L * 1024 * 1024 * 1024;

        public static async Task<Spool> FromAsync(HttpRequest request, CancellationToken cancellationToken)
        {
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxImportBytes;
            }
            var body = request.Body;
            var spool = new Spool(Path.Combine(Path.GetTempPath(), $"jamforelse-import-{Guid.NewGuid():N}.tmp"));
            await using var file = File.Create(spool._path);
            await body.CopyToAsync(file, cancellationToken);
            return spool;
        }

        public Stream Open() => new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

        public ValueTask DisposeAsync()
        {
            File.Delete(_path);
            return ValueTask.CompletedTask;
        }
    }
}
