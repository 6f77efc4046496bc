using System.Diagnostics;
using System.Globalization;
using Jamforelse.Benchmarks;
using Jamforelse.IndicatorData;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Imports;
using Jamforelse.IndicatorData.Kolada;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage.LiteDb;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Kolada import benchmark: generate a Kolada-shaped /data file, time parse-only, then import it twice
// into a fresh embedded LiteDB store through the real ObservationImporter. See README.md.
const double TargetValuesPerSecond = 100_000;
const double TargetPeakMegabytes = 400;

var targetValues = 1_000_000;
var keep = false;
var comparisons = false;
var gateway = false;
var graphql = false;
var concurrency = 8;
var roundSeconds = 5;
int? rounds = null;
var imports = 50;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--comparisons":
            comparisons = true;
            break;
        case "--gateway":
            gateway = true;
            break;
        case "--graphql":
            graphql = true;
            break;
        case "--concurrency" when i + 1 < args.Length:
            concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--rounds" when i + 1 < args.Length:
            rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--round-seconds" when i + 1 < args.Length:
            roundSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--imports" when i + 1 < args.Length:
            imports = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--values" when i + 1 < args.Length:
            targetValues = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--keep":
            keep = true;
            break;
        default:
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks [-- [--comparisons] [--values N] [--keep] | --gateway [--concurrency N] [--rounds N] [--round-seconds N] | --graphql [--concurrency N] [--rounds N] [--round-seconds N] [--imports N]]");
            return 2;
    }
}
if (gateway)
{
    return await GatewayBenchmark.RunAsync(concurrency, TimeSpan.FromSeconds(roundSeconds), rounds ?? 6);
}
if (graphql)
{
    return await GraphQLBenchmark.RunAsync(concurrency, TimeSpan.FromSeconds(roundSeconds), rounds ?? 3, imports);
}
if (comparisons)
{
    return await ComparisonBenchmark.RunAsync(targetValues);
}

var folder = Path.Combine(Path.GetTempPath(), "jamforelse-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
var dataFile = Path.Combine(folder, "kolada-data.json");
var databaseFile = Path.Combine(folder, "indicator-data.db");
try
{
    Report.Machine();

    // Reference data as the service has it after start-up.
    var reference = new ReferenceData();
    var keyFigures = await KoladaReferenceFiles.ReadKeyFiguresAsync();
    var areas = await KoladaReferenceFiles.ReadAreasAsync();
    foreach (var keyFigure in keyFigures)
    {
        reference.Set(keyFigure);
    }
    foreach (var area in areas)
    {
        reference.Set(area);
    }

    // 1. Generate.
    var watch = Stopwatch.StartNew();
    var generated = await KoladaFileGenerator.WriteAsync(dataFile, keyFigures, areas, targetValues);
    watch.Stop();
    var fileBytes = new FileInfo(dataFile).Length;
    Console.WriteLine($"file:            {dataFile}");
    Console.WriteLine($"generated:       {generated.Values:N0} values = {generated.KeyFigures} KPIs x {generated.Municipalities} municipalities x {generated.Years} years x 3 genders ({generated.Missing:N0} null/missing) in {watch.Elapsed.TotalSeconds:F2} s");
    Console.WriteLine($"file size:       {Report.Megabytes(fileBytes):F1} MB");

    // 2. Baseline: parse only.
    watch.Restart();
    var parsed = 0;
    await foreach (var row in ReadFile(dataFile, CancellationToken.None))
    {
        if (row.Error is not null)
        {
            Console.Error.WriteLine($"generated file has a bad row at {row.Position}: {row.Error}");
            return 1;
        }
        parsed++;
    }
    watch.Stop();
    var parseRate = parsed / watch.Elapsed.TotalSeconds;
    Console.WriteLine($"parse only:      {parsed:N0} rows in {watch.Elapsed.TotalSeconds:F2} s = {parseRate:N0} values/s");
    if (parsed != generated.Values)
    {
        Console.Error.WriteLine($"FAIL: the reader returned {parsed:N0} rows, the file holds {generated.Values:N0}.");
        return 1;
    }

    // 3. Import twice into a fresh store.
    using var store = new TimedStore(LiteDbDocumentStore.OpenFile("indicator-data", databaseFile));
    var outbox = new Outbox(store);
    var indicatorStore = new IndicatorDataStore(outbox);
    await indicatorStore.SeriesCollection.EnsureIndexAsync(nameof(ObservationSeries.KpiId)); // as IndicatorDataStartup does
    var importer = new ObservationImporter(
        indicatorStore, reference, TimeProvider.System, Options.Create(new IndicatorDataOptions()), NullLogger<ObservationImporter>.Instance);

    var ok = true;
    var first = await Import("import 1", generated.Values);
    ok &= Check("import 1", first.Outcome, inserted: generated.Values, updated: 0, unchanged: 0);
    Console.WriteLine($"import/parse:    {first.Rate / parseRate:P0} of parse-only speed");
    Console.WriteLine($"LiteDB files:    {Report.Megabytes(Report.FileSize(databaseFile)):F1} MB data + {Report.Megabytes(Report.FileSize(LogFileOf(databaseFile))):F1} MB log");
    Console.WriteLine($"series stored:   {await indicatorStore.SeriesCollection.CountAsync():N0}");
    var rateMet = first.Rate >= TargetValuesPerSecond;
    var memoryMet = first.PeakMegabytes <= TargetPeakMegabytes;
    Console.WriteLine($"target speed:    >= {TargetValuesPerSecond:N0} values/s stored: {(rateMet ? "MET" : "MISSED")} ({first.Rate:N0})");
    Console.WriteLine($"target memory:   peak working set <= {TargetPeakMegabytes:N0} MB: {(memoryMet ? "MET" : "MISSED")} ({first.PeakMegabytes:F0} MB)");

    var second = await Import("import 2 (same file)", generated.Values);
    ok &= Check("import 2", second.Outcome, inserted: 0, updated: 0, unchanged: generated.Values);
    Console.WriteLine($"idempotent:      {(second.Outcome.Inserted == 0 && second.Outcome.Updated == 0 ? "yes" : "NO")} (0 inserted / 0 updated expected)");

    store.Dispose(); // checkpoints the log into the data file
    Console.WriteLine($"LiteDB closed:   {Report.Megabytes(Report.FileSize(databaseFile)):F1} MB data + {Report.Megabytes(Report.FileSize(LogFileOf(databaseFile))):F1} MB log");
    Console.WriteLine($"process peak:    {Report.Megabytes(Process.GetCurrentProcess().PeakWorkingSet64):F0} MB working set over the whole run (Process.PeakWorkingSet64)");
    Console.WriteLine(ok ? "counts:          correct" : "counts:          WRONG");
    return ok ? 0 : 1;

    async Task<(ImportOutcome Outcome, double Rate, double PeakMegabytes)> Import(string label, int values)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Report.ResetPeakWorkingSet();
        store.Reset();
        using var sampler = new MemorySampler(TimeSpan.FromMilliseconds(25));
        var importWatch = Stopwatch.StartNew();
        var outcome = await importer.ImportAsync("benchmark", "Kolada", ct => ReadFile(dataFile, ct));
        importWatch.Stop();
        sampler.Sample();
        var peakKernel = Report.Megabytes(Process.GetCurrentProcess().PeakWorkingSet64);
        var rate = values / importWatch.Elapsed.TotalSeconds;
        Console.WriteLine($"{label}:");
        Console.WriteLine($"  time:          {importWatch.Elapsed.TotalSeconds:F2} s = {rate:N0} values/s");
        var storeTime = store.ReadTime + store.CommitTime;
        Console.WriteLine($"  where:         store reads {store.ReadTime.TotalSeconds:F2} s, store commits {store.CommitTime.TotalSeconds:F2} s ({store.Commits} commits), the rest (parse twice, validate, merge) {(importWatch.Elapsed - storeTime).TotalSeconds:F2} s");
        Console.WriteLine($"  counts:        {outcome.Inserted:N0} inserted, {outcome.Updated:N0} updated, {outcome.Unchanged:N0} unchanged, {outcome.Rejected:N0} rejected");
        Console.WriteLine($"  peak memory:   {peakKernel:F0} MB peak working set (kernel high-water mark{(Report.PeakResetWorks ? ", reset before this import" : ", whole process so far")}); sampled every 25 ms: {Report.Megabytes(sampler.PeakWorkingSet):F0} MB working set, {Report.Megabytes(sampler.PeakManagedHeap):F0} MB managed heap");
        Console.WriteLine($"  GCs:           gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)} (process totals)");
        foreach (var problem in outcome.Problems.Take(5))
        {
            Console.WriteLine($"  problem:       {problem.Position}: {problem.Message}");
        }
        return (outcome, rate, Math.Max(peakKernel, Report.Megabytes(sampler.PeakWorkingSet)));
    }
}
finally
{
    if (keep)
    {
        Console.WriteLine($"kept:            {folder}");
    }
    else
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"could not delete {folder}: {exception.Message}");
        }
    }
}

static bool Check(string label, ImportOutcome outcome, int inserted, int updated, int unchanged)
{
    if (outcome.Inserted == inserted && outcome.Updated == updated && outcome.Unchanged == unchanged && outcome.Rejected == 0)
    {
        return true;
    }
    Console.Error.WriteLine($"FAIL {label}: expected {inserted:N0} inserted / {updated:N0} updated / {unchanged:N0} unchanged / 0 rejected, got {outcome.Inserted:N0} / {outcome.Updated:N0} / {outcome.Unchanged:N0} / {outcome.Rejected:N0}.");
    return false;
}

static string LogFileOf(string databaseFile) =>
    Path.Combine(Path.GetDirectoryName(databaseFile)!, Path.GetFileNameWithoutExtension(databaseFile) + "-log" + Path.GetExtension(databaseFile));

// The importer's RowSource: the file is opened again for each pass, and closed when the pass ends.
static async IAsyncEnumerable<ImportRow> ReadFile(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
{
    await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    await foreach (var row in new KoladaDataReader().ReadRowsAsync(stream, "", cancellationToken))
    {
        yield return row;
    }
}
