using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jamforelse.Gateway.Tests.Hosts;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Kolada;
using Jamforelse.Tests;

namespace Jamforelse.Benchmarks;

/// <summary>
/// What the gateway costs: the same GraphQL comparison query (one key figure, one year, all 290
/// municipalities) sent directly to the GraphQL layer (the embedded platform, authenticating the key itself)
/// and through the gateway (which authenticates the key, signs the identity and forwards), in the same run,
/// rounds alternating, the same number of concurrent clients. Both hosts run in this process on loopback
/// with the same signing key; rate limits stay on, set high enough not to refuse.
/// </summary>
internal static class GatewayBenchmark
{
    private const double TargetThroughputRatio = 0.5;
    private const double TargetAddedP99Milliseconds = 5;
    private const int FirstYear = 2015;
    private const int LastYear = 2024;

    public static async Task<int> RunAsync(int concurrency, TimeSpan round, int rounds)
    {
        Report.Machine();
        // WebApplicationFactory finds each host's content root through MvcTestingAppManifest.json in the current folder.
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var quiet = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Gateway:RateLimit:PermitLimit"] = "100000000",
            ["Gateway:RateLimit:TenantPermitLimit"] = "100000000",
            ["Gateway:RateLimit:AnonymousPermitLimit"] = "100000000",
            ["IndicatorData:ImportSampleDataOnFirstStart"] = "false",
            ["GoalCatalog:LoadDemoCatalogs"] = "false",
        };
        using var backend = new BackendFactory(signingKey, quiet);
        var direct = backend.Start();
        await backend.WaitUntilReadyAsync();
        using var gateway = new GatewayFactory(signingKey, direct, quiet);
        var through = gateway.Start();
        await gateway.WaitUntilServicesHealthyAsync(TimeSpan.FromSeconds(60));
        Console.WriteLine($"hosts:           GraphQL layer (embedded platform) {direct}, gateway {through} -> the same platform");

        using var directClient = Client(direct);
        using var gatewayClient = Client(through);
        var (kpi, values) = await ImportAsync(gatewayClient);
        var period = LastYear.ToString(CultureInfo.InvariantCulture);
        var query = JsonSerializer.Serialize(new
        {
            query = $$"""
                { comparison(kpi: "{{kpi}}", period: "{{period}}") {
                    kpi period version municipalitiesWithData municipalitiesTotal
                    references { key label value method count }
                    rows { areaId title value rank quartile gaps { referenceKey difference worse } } } }
                """,
        });
        var rows = await WaitForComparisonAsync(directClient, query);
        var size = (await SendAsync(gatewayClient, query)).Length;
        Console.WriteLine($"data:            {kpi}, {values:N0} generated Kolada values imported through the gateway (290 municipalities x {FirstYear}-{LastYear} x T/K/M)");
        Console.WriteLine($"query:           comparison({kpi}, {period}): {rows} rows, {size:N0} bytes per answer; {concurrency} concurrent clients, {rounds} rounds of {round.TotalSeconds:F0} s each way after two to warm up, alternating which goes first");

        var comparison = new Probe(HttpMethod.Post, "/graphql", Encoding.UTF8.GetBytes(query), 1000);
        var (ratio, added) = await CompareAsync(directClient, gatewayClient, comparison, concurrency, round, rounds, print: true);
        Console.WriteLine($"target:          throughput through the gateway >= {TargetThroughputRatio:P0} of direct: {(ratio >= TargetThroughputRatio ? "MET" : "MISSED")} ({ratio:P0})");
        Console.WriteLine($"target:          p99 added by the gateway <= {TargetAddedP99Milliseconds} ms: {(added <= TargetAddedP99Milliseconds ? "MET" : "MISSED")} ({added:F2} ms)");

        // Context, not a target: where the service does almost nothing, the hop itself is what is measured.
        Console.WriteLine("context:         a small REST answer (GET /api/indicator-data/areas/0580, about 100 bytes), same clients, 3 rounds:");
        await CompareAsync(directClient, gatewayClient, new Probe(HttpMethod.Get, "/api/indicator-data/areas/0580", null, 50), concurrency, round, 3, print: false);
        return 0;
    }

    private sealed record Probe(HttpMethod Method, string Path, byte[]? Body, int MinBytes);

    /// <summary>
    /// Two rounds each way to warm up (JIT and tiered compilation, connection pools, caches), then
    /// <paramref name="rounds"/> rounds alternating which path goes first, so that neither always runs on a
    /// warmer (or busier) machine. Answers the throughput ratio and the p99 the gateway adds.
    /// </summary>
    private static async Task<(double Ratio, double AddedP99)> CompareAsync(HttpClient direct, HttpClient gateway, Probe probe, int concurrency, TimeSpan round, int rounds, bool print)
    {
        for (var i = 0; i < 2; i++)
        {
            await RunRoundAsync(direct, probe, concurrency, round);
            await RunRoundAsync(gateway, probe, concurrency, round);
        }
        var directSamples = new List<double>();
        var gatewaySamples = new List<double>();
        var directTime = TimeSpan.Zero;
        var gatewayTime = TimeSpan.Zero;
        for (var i = 0; i < rounds; i++)
        {
            (List<double> Samples, TimeSpan Elapsed) d, g;
            if (i % 2 == 0)
            {
                d = await RunRoundAsync(direct, probe, concurrency, round);
                g = await RunRoundAsync(gateway, probe, concurrency, round);
            }
            else
            {
                g = await RunRoundAsync(gateway, probe, concurrency, round);
                d = await RunRoundAsync(direct, probe, concurrency, round);
            }
            directSamples.AddRange(d.Samples);
            gatewaySamples.AddRange(g.Samples);
            directTime += d.Elapsed;
            gatewayTime += g.Elapsed;
            if (print)
            {
                Console.WriteLine($"round {i + 1}:         direct {d.Samples.Count / d.Elapsed.TotalSeconds,7:N0} req/s   gateway {g.Samples.Count / g.Elapsed.TotalSeconds,7:N0} req/s");
            }
        }
        var directRate = directSamples.Count / directTime.TotalSeconds;
        var gatewayRate = gatewaySamples.Count / gatewayTime.TotalSeconds;
        var (directP50, directP99) = Percentiles(directSamples);
        var (gatewayP50, gatewayP99) = Percentiles(gatewaySamples);
        var ratio = gatewayRate / directRate;
        var added = gatewayP99 - directP99;
        Console.WriteLine($"direct:          {directRate,7:N0} req/s, p50 {directP50:F2} ms, p99 {directP99:F2} ms ({directSamples.Count:N0} requests)");
        Console.WriteLine($"through gateway: {gatewayRate,7:N0} req/s, p50 {gatewayP50:F2} ms, p99 {gatewayP99:F2} ms ({gatewaySamples.Count:N0} requests)");
        Console.WriteLine($"ratio:           {ratio:P0} of direct throughput; the gateway adds p50 {gatewayP50 - directP50:F2} ms, p99 {added:F2} ms");
        return (ratio, added);
    }

    private static HttpClient Client(Uri address)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestKeys.PlatformAdmin);
        return client;
    }

    /// <summary>Kolada-shaped values for one key figure (the first municipal one split by gender), every municipality, ten years.</summary>
    private static async Task<(string Kpi, int Values)> ImportAsync(HttpClient client)
    {
        var keyFigures = await KoladaReferenceFiles.ReadKeyFiguresAsync();
        var areas = await KoladaReferenceFiles.ReadAreasAsync();
        var kpi = keyFigures.Where(k => k.MunicipalityType is "K" && k.IsDividedByGender).OrderBy(k => k.Id, StringComparer.Ordinal).First().Id;
        var municipalities = areas.Where(a => a.Type == AreaType.Municipality).Select(a => a.Id).ToList();
        var random = new Random(20240611);
        var records = new JsonArray();
        foreach (var municipality in municipalities)
        {
            for (var year = FirstYear; year <= LastYear; year++)
            {
                var genders = new JsonArray();
                foreach (var gender in new[] { "T", "K", "M" })
                {
                    genders.Add(new JsonObject
                    {
                        ["gender"] = gender, ["value"] = Math.Round(random.NextDouble() * 100, 1), ["count"] = null, ["status"] = "", ["isdeleted"] = false,
                    });
                }
                records.Add(new JsonObject { ["kpi"] = kpi, ["municipality"] = municipality, ["period"] = year, ["values"] = genders });
            }
        }
        var body = new JsonObject { ["values"] = records, ["next_url"] = null };
        using var response = await client.PostAsync(new Uri("/api/indicator-data/imports/kolada", UriKind.Relative),
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var answer = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The import was refused ({(int)response.StatusCode}): {answer}");
        }
        return (kpi, (int)JsonNode.Parse(answer)!["inserted"]!);
    }

    /// <summary>Benchmarking recomputes after the import's event: waits until the comparison has every municipality.</summary>
    private static async Task<int> WaitForComparisonAsync(HttpClient client, string query)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var answer = JsonNode.Parse(await SendAsync(client, query));
            if (answer?["data"]?["comparison"]?["rows"] is JsonArray rows && rows.Count >= 290)
            {
                return rows.Count;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The comparison did not appear within 60 s of the import.");
    }

    private static async Task<string> SendAsync(HttpClient client, string query)
    {
        using var content = new StringContent(query, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || text.Contains("\"errors\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The query failed ({(int)response.StatusCode}): {text[..Math.Min(text.Length, 500)]}");
        }
        return text;
    }

    private static async Task<(List<double> Samples, TimeSpan Elapsed)> RunRoundAsync(HttpClient client, Probe probe, int concurrency, TimeSpan duration)
    {
        var path = new Uri(probe.Path, UriKind.Relative);
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var samples = new List<double>();
            while (watch.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(probe.Method, path);
                if (probe.Body is not null)
                {
                    request.Content = new ByteArrayContent(probe.Body);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }
                using var response = await client.SendAsync(request);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK || bytes.Length < probe.MinBytes)
                {
                    throw new InvalidOperationException($"A request failed ({(int)response.StatusCode}): {Encoding.UTF8.GetString(bytes)}");
                }
            }
            return samples;
        })).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(s => s).ToList();
        watch.Stop();
        return (all, watch.Elapsed);
    }

    private static (double P50, double P99) Percentiles(List<double> samples)
    {
        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.99)]);
    }
}
