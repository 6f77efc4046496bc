using System.Diagnostics;
using Jamforelse.Benchmarking.Engine;
using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Sources;
using Jamforelse.Benchmarking.Storage;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Kolada;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage.LiteDb;

namespace Jamforelse.Benchmarks;

/// <summary>
/// Benchmarking's speed: (1) recomputing one key-figure period (T, K and M over 290 municipalities with
/// riket, both averages, a region, a peer group and a municipality as references), timed one by one for
/// p50/p99, against a baseline measured in the same run (sorting the same 290 values); (2) a full
/// recompute of about a million stored observations into a fresh LiteDB read-model store, then again
/// with nothing changed.
/// </summary>
internal static class ComparisonBenchmark
{
    private const double TargetMilliseconds = 5;

    public static async Task<int> RunAsync(int targetValues)
    {
        Report.Machine();
        var keyFigures = await KoladaReferenceFiles.ReadKeyFiguresAsync();
        var areas = await KoladaReferenceFiles.ReadAreasAsync();
        var source = new GeneratedSource(keyFigures, areas, targetValues);
        Console.WriteLine($"observations:    {source.Count:N0} = {source.KeyFigureIds.Count} KPIs x {source.Municipalities.Count} municipalities (+ riket) x {KoladaFileGenerator.Years} years x 3 genders");

        // 1. One key-figure period.
        var kpi = source.KeyFigureIds[1]; // [0] is the population itself
        var period = (KoladaFileGenerator.FirstYear + KoladaFileGenerator.Years - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var keyFigure = (await source.KeyFigureAsync(kpi, CancellationToken.None))!;
        var variants = Inputs.ByPeriod(await source.ValuesAsync(kpi, null, CancellationToken.None))[period];
        var population = await source.ValuesAsync(Inputs.Population, null, CancellationToken.None);
        var municipalities = source.Municipalities;
        var group = areas.First(a => a.Id == "G37449");
        var references = new List<ReferenceSpec>
        {
            new(ReferenceKind.Region, "0005", "Region Östergötland", Inputs.MunicipalitiesOfRegion("0005", municipalities)),
            new(ReferenceKind.PeerGroup, group.Id, group.Title, group.Members),
            new(ReferenceKind.Municipality, "0581", "Norrköping"),
        };
        var weights = Inputs.PopulationOf(population, period);
        Comparison One() => ComparisonEngine.Compare(new ComparisonInput
        {
            KpiId = kpi, Period = period, Gender = "T", Better = Better.Higher, Values = variants[("T", "total")].Values,
            Municipalities = municipalities, Population = weights, References = references,
        });
        var values = variants[("T", "total")].Values.Values.OfType<double>().ToArray();
        var baseline = Time(() => { var copy = (double[])values.Clone(); Array.Sort(copy); return copy.Length; });
        var single = Time(() => One().Areas.Count);
        var wholePeriod = Time(() => Recomputer.Compute(keyFigure, period, variants, population, municipalities).Variants.Count);
        Console.WriteLine($"baseline:        sort {values.Length} values: p50 {baseline.P50:F3} ms, p99 {baseline.P99:F3} ms");
        Console.WriteLine($"one comparison:  {kpi} {period} T, 290 municipalities, 6 references: p50 {single.P50:F3} ms, p99 {single.P99:F3} ms ({single.P50 / baseline.P50:F0}x the sort)");
        Console.WriteLine($"one period:      T+K+M with default references, as the service stores it: p50 {wholePeriod.P50:F3} ms, p99 {wholePeriod.P99:F3} ms");
        var met = wholePeriod.P99 <= TargetMilliseconds && single.P99 <= TargetMilliseconds;
        Console.WriteLine($"target:          one key-figure period <= {TargetMilliseconds} ms: {(met ? "MET" : "MISSED")} (p99 {Math.Max(single.P99, wholePeriod.P99):F3} ms)");

        // 2. A full recompute into a fresh store, then again with nothing changed.
        var folder = Directory.CreateTempSubdirectory("jamforelse-bench-").FullName;
        try
        {
            using var store = LiteDbDocumentStore.OpenFile("benchmarking", Path.Combine(folder, "benchmarking.db"));
            var outbox = new Outbox(store);
            var benchmarking = new BenchmarkingStore(outbox);
            await benchmarking.ComparisonCollection.EnsureIndexAsync(nameof(ComparisonDocument.KpiId));
            var recomputer = new Recomputer(benchmarking, source, new NoPlans(), new AreaDirectory(source, benchmarking), TimeProvider.System);
            foreach (var label in new[] { "full recompute", "again, unchanged" })
            {
                GC.Collect();
                Report.ResetPeakWorkingSet();
                var watch = Stopwatch.StartNew();
                await recomputer.RecomputeAllAsync(CancellationToken.None);
                watch.Stop();
                var documents = await benchmarking.ComparisonCollection.CountAsync();
                var events = await outbox.Messages.CountAsync();
                Console.WriteLine($"{label + ":",-17}{watch.Elapsed.TotalSeconds:F2} s = {source.Count / watch.Elapsed.TotalSeconds:N0} observations/s, {documents:N0} key-figure periods stored, {events:N0} events in the outbox (no relay runs here), peak working set {Report.Megabytes(Process.GetCurrentProcess().PeakWorkingSet64):F0} MB");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    private static (double P50, double P99) Time(Func<int> work)
    {
        for (var i = 0; i < 200; i++)
        {
            work();
        }
        var samples = new double[2000];
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            work();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return (samples[samples.Length / 2], samples[(int)(samples.Length * 0.99)]);
    }

    private sealed class NoPlans : IPlanSource
    {
        public Task<PlanInfo?> PlanAsync(string planId, CancellationToken cancellationToken) => Task.FromResult<PlanInfo?>(null);

        public Task<IReadOnlyList<string>> PlanIdsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
    }

    /// <summary>Generated values held in memory, shaped as the indicator-data service answers: no store in between, so only benchmarking is timed.</summary>
    private sealed class GeneratedSource : IIndicatorSource
    {
        private readonly Dictionary<string, KeyFigure> _keyFigures;
        private readonly List<AreaInfo> _areas;
        private readonly Dictionary<string, List<ObservedValue>> _values = new(StringComparer.Ordinal);

        public GeneratedSource(IReadOnlyList<KeyFigure> keyFigures, IReadOnlyList<Area> areas, int targetValues)
        {
            _keyFigures = keyFigures.ToDictionary(k => k.Id, StringComparer.Ordinal);
            _areas = areas.Select(a => new AreaInfo(a.Id, a.Title, a.Type.ToString().ToLowerInvariant(), a.Members)).ToList();
            Municipalities = areas.Where(a => a.Type == AreaType.Municipality).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            var perKeyFigure = (Municipalities.Count + 1) * KoladaFileGenerator.Years * 3;
            KeyFigureIds = keyFigures.Where(k => k.IsDividedByGender && k.Id != Inputs.Population).Select(k => k.Id).Order(StringComparer.Ordinal)
                .Take((int)Math.Ceiling(targetValues / (double)perKeyFigure)).Prepend(Inputs.Population).ToList();
            var random = new Random(20240611);
            foreach (var kpi in KeyFigureIds)
            {
                var list = new List<ObservedValue>(perKeyFigure);
                foreach (var area in Municipalities.Append("0000"))
                {
                    for (var year = KoladaFileGenerator.FirstYear; year < KoladaFileGenerator.FirstYear + KoladaFileGenerator.Years; year++)
                    {
                        foreach (var gender in new[] { "T", "K", "M" })
                        {
                            // One value in fifty is missing, as real data has gaps.
                            double? value = random.Next(50) == 0 ? null : kpi == Inputs.Population ? random.Next(2_500, 990_000) : Math.Round(random.NextDouble() * 100, 1);
                            list.Add(new ObservedValue(area, year.ToString(System.Globalization.CultureInfo.InvariantCulture), gender, "total", value));
                        }
                    }
                }
                _values[kpi] = list;
                Count += list.Count;
            }
        }

        public HashSet<string> Municipalities { get; }

        public List<string> KeyFigureIds { get; }

        public int Count { get; }

        public Task<KeyFigureInfo?> KeyFigureAsync(string kpiId, CancellationToken cancellationToken) =>
            Task.FromResult(_keyFigures.GetValueOrDefault(kpiId) is { } k
                ? new KeyFigureInfo(k.Id, k.Title, k.Unit, k.BetterDirection == BetterDirection.None ? "higher" : k.BetterDirection.ToString().ToLowerInvariant(), k.IsDividedByGender, null, "Kolada")
                : null);

        public Task<IReadOnlyList<ObservedValue>> ValuesAsync(string kpiId, DateTimeOffset? asOf, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ObservedValue>>(_values.GetValueOrDefault(kpiId) ?? []);

        public Task<IReadOnlyList<AreaInfo>> AreasAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AreaInfo>>(_areas);

        public Task<IReadOnlyList<string>> KeyFiguresWithDataAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>(KeyFigureIds);
    }
}
