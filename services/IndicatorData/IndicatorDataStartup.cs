using System.Text.Json;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Imports;
using Jamforelse.IndicatorData.Kolada;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jamforelse.IndicatorData;

/// <summary>
/// Before the service takes requests: loads the Kolada catalogue and areas into an empty store, reads
/// them into memory, and (when configured) imports the shipped sample values into a store without any.
/// </summary>
internal sealed class IndicatorDataStartup(
    IndicatorDataStore store, ReferenceData reference, ObservationImporter importer, IOptions<IndicatorDataOptions> options, TimeProvider clock) : IHostedService
{
    private const int SeedBatchSize = 1000;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.SeriesCollection.EnsureIndexAsync(nameof(ObservationSeries.KpiId), cancellationToken);
        await store.ImportCollection.EnsureIndexAsync(nameof(ImportRecord.Owner), cancellationToken);
        await store.ImportCollection.EnsureIndexAsync(nameof(ImportRecord.ImportId), cancellationToken);
        await ImportJournal.RecoverAsync(store, clock, cancellationToken);
        await foreach (var keyFigure in store.KeyFigureCollection.ScanAsync(cancellationToken))
        {
            reference.Set(keyFigure);
        }
        await foreach (var area in store.AreaCollection.ScanAsync(cancellationToken))
        {
            reference.Set(area);
        }
        // Shipped reference data that the store lacks (first start, or a newer build) is added; what is
        // stored wins, so overrides such as a better direction survive a restart.
        var newKeyFigures = (await KoladaReferenceFiles.ReadKeyFiguresAsync(cancellationToken)).Where(k => !reference.IsKnownKeyFigure(k.Id)).ToList();
        await SeedAsync(IndicatorDataStore.KeyFigures, newKeyFigures, cancellationToken);
        newKeyFigures.ForEach(reference.Set);
        var newAreas = (await KoladaReferenceFiles.ReadAreasAsync(cancellationToken)).Where(a => !reference.IsKnownArea(a.Id)).ToList();
        await SeedAsync(IndicatorDataStore.Areas, newAreas, cancellationToken);
        newAreas.ForEach(reference.Set);
        if (options.Value.ImportSampleDataOnFirstStart)
        {
            // The demo tenants' own key figures, for the goal catalogs' criteria that Kolada has no figure for.
            var own = (await ReadDemoKeyFiguresAsync(cancellationToken)).Where(k => !reference.IsKnownKeyFigure(k.Id)).ToList();
            await SeedAsync(IndicatorDataStore.KeyFigures, own, cancellationToken);
            own.ForEach(reference.Set);
        }
        if (options.Value.ImportSampleDataOnFirstStart && await store.SeriesCollection.CountAsync(cancellationToken) == 0)
        {
            await ImportSampleAsync(KoladaReferenceFiles.LinkopingSample, json => json, cancellationToken);
            // The region file wraps its municipality-level response in "data" (beside "oudata", not imported).
            await ImportSampleAsync(KoladaReferenceFiles.RegionSample, json => json.GetProperty("data"), cancellationToken);
            if (options.Value.ImportNationalDataOnFirstStart)
            {
                await ImportNationalAsync(cancellationToken);
            }
        }
    }

    /// <summary>The shipped national data as Kolada served it, streamed file by file into one import each (values for all 290).</summary>
    private async Task ImportNationalAsync(CancellationToken cancellationToken)
    {
        await ImportFilesAsync("kolada-national-2019", KoladaReferenceFiles.NationalFiles, cancellationToken);
        await ImportFilesAsync("kolada-latest", [KoladaReferenceFiles.LatestNational], cancellationToken);
    }

    private async Task ImportFilesAsync(string kind, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var outcome = await importer.ImportAsync(kind, "Kolada",
            ct => KoladaDataReader.ReadAllAsync([.. files.Select(f => (f, (Func<Stream>)(() => KoladaReferenceFiles.Open(f))))], ct), cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(
                $"The shipped Kolada files ({kind}) did not import: " + string.Join(" ", outcome.Problems.Take(5).Select(p => $"{p.Position}: {p.Message}")));
        }
    }

    private async Task SeedAsync<T>(string collection, IReadOnlyList<T> documents, CancellationToken cancellationToken)
        where T : class, IDocument
    {
        foreach (var chunk in documents.Chunk(SeedBatchSize))
        {
            var batch = new WriteBatch();
            foreach (var document in chunk)
            {
                batch.Upsert(collection, document);
            }
            await store.Store.CommitAsync(batch, cancellationToken);
        }
    }

    private async Task ImportSampleAsync(string fileName, Func<JsonElement, JsonElement> response, CancellationToken cancellationToken)
    {
        byte[] bytes;
        await using (var file = KoladaReferenceFiles.Open(fileName))
        {
            using var document = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken);
            bytes = JsonSerializer.SerializeToUtf8Bytes(response(document.RootElement));
        }
        var outcome = await importer.ImportAsync("kolada-sample", "Kolada", ct => new KoladaDataReader().ReadRowsAsync(new MemoryStream(bytes), "", ct), cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(
                $"The shipped sample {fileName} did not import: " + string.Join(" ", outcome.Problems.Take(5).Select(p => $"{p.Position}: {p.Message}")));
        }
    }

    /// <summary>Not Kolada data: the demo tenants' own key figures, shipped under Data/demo.</summary>
    private static async Task<IReadOnlyList<KeyFigure>> ReadDemoKeyFiguresAsync(CancellationToken cancellationToken)
    {
        await using var json = typeof(IndicatorDataStartup).Assembly.GetManifestResourceStream("demo/norrkoping_own_key_figures.json")
            ?? throw new InvalidOperationException("The embedded demo key figures are missing from the build.");
        var file = await JsonSerializer.DeserializeAsync<DemoKeyFigureFile>(json, JsonSerializerOptions.Web, cancellationToken);
        return file!.KeyFigures.Select(k =>
            OwnKeyFigures.Validate(k.Id, k.Input, null) is { Count: 0 }
                ? OwnKeyFigures.ToKeyFigure(k.Id, k.Input)
                : throw new InvalidOperationException($"The shipped demo key figure {k.Id} is invalid.")).ToList();
    }

    private sealed record DemoKeyFigureFile(List<DemoKeyFigure> KeyFigures);

    private sealed record DemoKeyFigure(string Id, string Owner, string Title, string? Unit, string? BetterDirection, bool IsDividedByGender, string Source, string? Description)
    {
        public OwnKeyFigureInput Input => new()
        {
            Owner = Owner, Title = Title, Unit = Unit, BetterDirection = BetterDirection,
            IsDividedByGender = IsDividedByGender, Source = Source, Description = Description,
        };
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
