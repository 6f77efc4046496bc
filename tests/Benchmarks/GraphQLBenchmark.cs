using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jamforelse.Benchmarks;

/// <summary>
/// The GraphQL layer of the embedded platform, started in this process on a real Kestrel port with a fresh
/// data folder: (1) throughput and latency of a comparison of all 290 municipalities for one key figure and
/// year against <c>{ __typename }</c>, same server, same client concurrency, in alternating rounds after a
/// warm-up; (2) the time from an import's HTTP answer to a graphql-transport-ws subscriber's <c>next</c>
/// for the new comparison.
/// </summary>
internal static class GraphQLBenchmark
{
    private const double TargetRatio = 0.40;
    private const double TargetP95Milliseconds = 250;
    private const string Kpi = "N00945";
    private const string Period = "2023";

    private static readonly string ComparisonQuery =
        $$"""{ comparison(kpi: "{{Kpi}}", period: "{{Period}}") { kpi period version municipalitiesWithData references { key label value method count } rows { areaId title value rank quartile gaps { referenceKey difference worse } } } }""";

    private const string TypenameQuery = "{ __typename }";

    /// <summary>The platform administrator's key this run bootstraps (every request needs a key).</summary>
    private const string AdminKey = "benchmark-platform-admin-key-0000000000";

    private static readonly string[] Genders = ["T", "K", "M"];

    public static async Task<int> RunAsync(int concurrency, TimeSpan round, int rounds, int imports)
    {
        Report.Machine();
        var folder = Directory.CreateTempSubdirectory("jamforelse-graphql-bench-").FullName;
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        StartPlatform(port, folder);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        try
        {
            var watch = Stopwatch.StartNew();
            await WaitReadyAsync(http);
            Console.WriteLine($"platform:        embedded, in this process, {baseAddress} (ready after {watch.Elapsed.TotalSeconds:F1} s; data folder {folder})");

            // The shipped sample's inhabitants (N01951) are what the weighted average rests on: without them the
            // comparison lacks that reference and its gaps (a smaller answer), so the run waits for them.
            await WaitForPopulationAsync(http);

            // Values for every municipality for one key figure and year, Kolada-shaped, then the comparison they make.
            var municipalities = (await http.GetFromJsonAsync<JsonObject>("/api/indicator-data/areas?type=municipality&pageSize=500"))!["items"]!.AsArray()
                .Select(a => (string)a!["id"]!).ToList();
            var random = new Random(20251123);
            var kolada = new JsonObject
            {
                ["values"] = new JsonArray(municipalities.Select(m => (JsonNode)new JsonObject
                {
                    ["kpi"] = Kpi,
                    ["municipality"] = m,
                    ["period"] = int.Parse(Period, CultureInfo.InvariantCulture),
                    ["values"] = new JsonArray(Genders.Select(g => (JsonNode)new JsonObject
                    {
                        ["gender"] = g, ["value"] = Math.Round(50 + random.NextDouble() * 50, 1), ["count"] = null, ["status"] = "", ["isdeleted"] = false,
                    }).ToArray()),
                }).ToArray()),
                ["next_url"] = null,
            };
            using (var import = await http.PostAsync(new Uri("/api/indicator-data/imports/kolada", UriKind.Relative), new StringContent(kolada.ToJsonString(), Encoding.UTF8, "application/json")))
            {
                import.EnsureSuccessStatusCode();
                Console.WriteLine($"imported:        {municipalities.Count * 3} values ({Kpi} {Period}, {municipalities.Count} municipalities x T/K/M): {await import.Content.ReadAsStringAsync()}");
            }
            var rows = await WaitForComparisonAsync(http, municipalities.Count);
            Console.WriteLine($"comparison:      {rows} rows; one answer is {Encoding.UTF8.GetByteCount(await PostAsync(http, ComparisonQuery)):N0} bytes of JSON");

            // 1. Throughput and latency, alternating rounds after a warm-up.
            Console.WriteLine($"load:            {concurrency} concurrent clients over HTTP/1.1 keep-alive, {rounds} rounds of {round.TotalSeconds:F0} s per query, alternating, after a warm-up");
            await MeasureAsync(http, TypenameQuery, concurrency, TimeSpan.FromSeconds(2));
            await MeasureAsync(http, ComparisonQuery, concurrency, TimeSpan.FromSeconds(2));
            var typename = new List<Round>();
            var comparison = new List<Round>();
            for (var i = 0; i < rounds; i++)
            {
                typename.Add(await MeasureAsync(http, TypenameQuery, concurrency, round));
                comparison.Add(await MeasureAsync(http, ComparisonQuery, concurrency, round));
                Console.WriteLine($"  round {i + 1}:       __typename {typename[^1].RequestsPerSecond,7:N0} req/s, comparison {comparison[^1].RequestsPerSecond,7:N0} req/s");
            }
            var t = Round.Merge(typename);
            var c = Round.Merge(comparison);
            Console.WriteLine($"__typename:      {t.RequestsPerSecond:N0} req/s, p50 {t.P50:F2} ms, p99 {t.P99:F2} ms ({t.Requests:N0} requests, {t.Errors} errors)");
            Console.WriteLine($"comparison 290:  {c.RequestsPerSecond:N0} req/s, p50 {c.P50:F2} ms, p99 {c.P99:F2} ms ({c.Requests:N0} requests, {c.Errors} errors)");
            var ratio = c.RequestsPerSecond / t.RequestsPerSecond;
            var ratioMet = ratio >= TargetRatio;
            Console.WriteLine($"target:          comparison >= {TargetRatio:P0} of __typename throughput: {(ratioMet ? "MET" : "MISSED")} ({ratio:P0}; per round {string.Join(", ", comparison.Zip(typename, (a, b) => (a.RequestsPerSecond / b.RequestsPerSecond).ToString("P0", CultureInfo.InvariantCulture)))})");

            // 2. Import answered -> subscriber's next.
            var latencies = await SubscriptionLatencyAsync(http, baseAddress, imports);
            latencies.Sort();
            var p50 = Percentile(latencies, 0.50);
            var p95 = Percentile(latencies, 0.95);
            var latencyMet = p95 < TargetP95Milliseconds;
            Console.WriteLine($"import -> next:  {latencies.Count} imports: p50 {p50:F0} ms, p95 {p95:F0} ms, max {latencies[^1]:F0} ms (HTTP answer of the import to the graphql-transport-ws next of comparisonUpdated)");
            Console.WriteLine($"target:          p95 < {TargetP95Milliseconds:F0} ms: {(latencyMet ? "MET" : "MISSED")} ({p95:F0} ms)");
            return c.Errors + t.Errors == 0 ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // LiteDB still holds its files while the platform runs; the temp folder is the OS's to clean.
            }
        }
    }

    /// <summary>Runs deploy/Standalone's own Program (every module, LiteDB, in-memory bus) on a thread of this process.</summary>
    private static void StartPlatform(int port, string folder)
    {
        var entry = Assembly.Load("Jamforelse.Standalone").EntryPoint ?? throw new InvalidOperationException("Jamforelse.Standalone has no entry point.");
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{port}",
            "--contentRoot", AppContext.BaseDirectory,
            "--Storage:DataFolder", folder,
            "--Jamforelse:Bootstrap:AdminApiKey", AdminKey,
            // The output folder's appsettings.json may be the gateway's (both hosts are referenced): say what the run needs.
            "--IndicatorData:ImportSampleDataOnFirstStart", "true",
            "--IndicatorData:ImportNationalDataOnFirstStart", "false",
            "--GoalCatalog:LoadDemoCatalogs", "true",
            // a benchmark, not a tenant: the edge's rate limits would otherwise be what is measured
            "--Gateway:RateLimit:PermitLimit", "100000000",
            "--Gateway:RateLimit:TenantPermitLimit", "100000000",
            "--Gateway:RateLimit:AnonymousPermitLimit", "100000000",
            "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning",
        ];
        var thread = new Thread(() => entry.Invoke(null, [args])) { IsBackground = true, Name = "platform" };
        thread.Start();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        for (var i = 0; i < 1200; i++)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The platform was not ready within two minutes.");
    }

    private static async Task WaitForPopulationAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            using var population = await http.GetAsync(new Uri($"/api/benchmarking/comparisons?kpi=N01951&period={Period}", UriKind.Relative));
            if (population.IsSuccessStatusCode)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The sample's inhabitants (N01951) were not compared within a minute.");
    }

    private static async Task<int> WaitForComparisonAsync(HttpClient http, int municipalities)
    {
        for (var i = 0; i < 600; i++)
        {
            var answer = JsonNode.Parse(await PostAsync(http, ComparisonQuery))!;
            if (answer["data"]?["comparison"]?["municipalitiesWithData"]?.GetValue<int>() == municipalities)
            {
                return answer["data"]!["comparison"]!["rows"]!.AsArray().Count;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The comparison of the imported values did not appear within a minute.");
    }

    private static async Task<string> PostAsync(HttpClient http, string query, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode && !text.Contains("\"errors\"", StringComparison.Ordinal)
            ? text
            : throw new InvalidOperationException($"GraphQL answered {(int)response.StatusCode}: {text[..Math.Min(400, text.Length)]}");
    }

    private static async Task<Round> MeasureAsync(HttpClient http, string query, int concurrency, TimeSpan duration)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { query }));
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var own = latencies[worker] = new List<double>(4096);
            while (watch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content);
                await response.Content.LoadIntoBufferAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        watch.Stop();
        return new Round([.. latencies.SelectMany(l => l)], watch.Elapsed, errors);
    }

    private static async Task<List<double>> SubscriptionLatencyAsync(HttpClient http, Uri baseAddress, int imports)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await socket.ConnectAsync(new Uri($"ws://{baseAddress.Authority}/graphql?access_token={AdminKey}"), timeout.Token);
        await SendAsync(socket, new JsonObject { ["type"] = "connection_init" }, timeout.Token);
        if ((string?)(await ReceiveAsync(socket, timeout.Token))["type"] != "connection_ack")
        {
            throw new InvalidOperationException("No connection_ack.");
        }
        await SendAsync(socket, new JsonObject
        {
            ["id"] = "1",
            ["type"] = "subscribe",
            ["payload"] = new JsonObject { ["query"] = $$"""subscription { comparisonUpdated(kpi: "{{Kpi}}", areas: ["0580", "0581"]) { period version comparison { rows { areaId value rank } } } }""" },
        }, timeout.Token);
        await Task.Delay(500);

        var latencies = new List<double>(imports);
        for (var i = 0; i < imports + 3; i++)
        {
            // One changed value per import: a new comparison version each time.
            var csv = $"kpi,area,period,gender,value\n{Kpi},0580,{Period},T,{(40 + i * 0.1).ToString("F1", CultureInfo.InvariantCulture)}\n";
            using var import = await http.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Benchmark", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"), timeout.Token);
            import.EnsureSuccessStatusCode();
            var answered = Stopwatch.GetTimestamp();
            var message = await ReceiveAsync(socket, timeout.Token);
            var elapsed = Stopwatch.GetElapsedTime(answered).TotalMilliseconds;
            if ((string?)message["type"] != "next" || message["payload"]?["data"]?["comparisonUpdated"]?["comparison"] is null)
            {
                throw new InvalidOperationException($"Expected a next with the comparison, got {message.ToJsonString()}");
            }
            if (i >= 3)
            {
                latencies.Add(elapsed); // the first three warm the path
            }
        }
        await SendAsync(socket, new JsonObject { ["id"] = "1", ["type"] = "complete" }, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        return latencies;
    }

    private static Task SendAsync(WebSocket socket, JsonObject message, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task<JsonNode> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The server closed the socket: {result.CloseStatus} {result.CloseStatusDescription}");
            }
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(text.ToArray())!;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed record Round(List<double> Latencies, TimeSpan Elapsed, int Errors)
    {
        public int Requests => Latencies.Count;

        public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

        public double P50 => Percentile(Sorted, 0.50);

        public double P99 => Percentile(Sorted, 0.99);

        private List<double> Sorted => [.. Latencies.Order()];

        public static Round Merge(IReadOnlyList<Round> rounds) =>
            new([.. rounds.SelectMany(r => r.Latencies)], TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)), rounds.Sum(r => r.Errors));
    }
}
