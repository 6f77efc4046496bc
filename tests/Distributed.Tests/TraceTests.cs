using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jamforelse.Distributed.Tests.Support;
using Xunit.Abstractions;

namespace Jamforelse.Distributed.Tests;

/// <summary>
/// One trace across the hops, as the parts export it over OTLP: the gateway, the GraphQL layer, indicator data's
/// HTTP API, its outbox and the bus, and benchmarking's consumer.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class TraceTests(DistributedPlatform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string ImportPath = "/api/indicator-data/imports/kolada";

    [DistributedFact]
    public async Task An_import_through_the_gateway_and_GraphQL_is_one_trace_down_to_the_benchmarking_consumer()
    {
        // A value no other test writes (N03920 for Norrköping in 2018), so the import changes it and announces it.
        var value = Math.Round(10 + (Random.Shared.NextDouble() * 80), 3);
        var (traceId, callerSpanId) = (ActivityTraceId.CreateRandom().ToHexString(), ActivitySpanId.CreateRandom().ToHexString());
        using var gateway = platform.GatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                query = "mutation ($json: String!) { importKolada(json: $json) { inserted updated unchanged } }",
                variables = new { json = Kolada.Page(("N03920", "0581", 2018, value)) },
            }), Encoding.UTF8, "application/json"),
        };
        // As a caller that traces its own work: the platform's spans continue the caller's trace.
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{callerSpanId}-01");

        using var response = await gateway.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode && !body.TryGetProperty("errors", out _), $"{(int)response.StatusCode}: {body}");
        var result = body.GetProperty("data").GetProperty("importKolada");
        Assert.Equal(1, result.GetProperty("inserted").GetInt32() + result.GetProperty("updated").GetInt32());

        var trace = await WaitForTraceAsync(traceId, callerSpanId);
        var tree = Tree(trace, callerSpanId);
        output.WriteLine(tree);

        var gatewayServer = Single(trace, tree, s => s.Service == "jamforelse-gateway" && s.Kind == SpanKind.Server && s.Attribute("url.path") == "/graphql");
        Assert.Equal(callerSpanId, gatewayServer.ParentSpanId);
        Single(trace, tree, s => s.Service == "jamforelse-gateway" && s.Kind == SpanKind.Client);
        Single(trace, tree, s => s.Service == "jamforelse-graphql" && s.Kind == SpanKind.Server);
        Single(trace, tree, s => s.Service == "jamforelse-graphql" && s.Kind == SpanKind.Client && (s.Attribute("url.full") ?? "").Contains(ImportPath, StringComparison.Ordinal));
        Single(trace, tree, s => s.Service == "jamforelse-indicator-data" && s.Kind == SpanKind.Server && s.Attribute("url.path") == ImportPath);
        var outbox = Single(trace, tree, s => s.Service == "jamforelse-indicator-data" && s.Scope == "Jamforelse.Outbox" && s.Name == "outbox publish IndicatorValuesChanged");
        Assert.True(outbox.Kind == SpanKind.Producer, tree);
        var send = Single(trace, tree, s => s.Service == "jamforelse-indicator-data" && s.Scope == "MassTransit" && s.Kind == SpanKind.Producer && s.ParentSpanId == outbox.SpanId);
        var consume = trace.Where(s => s.Service == "jamforelse-benchmarking" && s.Scope == "MassTransit" && s.Kind == SpanKind.Consumer
            && (s.Attribute("messaging.masstransit.consumer_type") ?? "").Contains("IndicatorValuesChangedConsumer", StringComparison.Ordinal)).ToList();
        Assert.True(consume.Count == 1, $"Expected one consume span of IndicatorValuesChanged in benchmarking:\n{tree}");
        Assert.True(Ancestors(consume[0], trace).Contains(send.SpanId), $"The consume span should descend from indicator data's send span:\n{tree}");
    }

    /// <summary>
    /// Waits until the trace holds every span the test looks for and forms one tree: each span's parent is in the
    /// trace, except the gateway's server span, whose parent is the caller's. Spans arrive as their parts export them
    /// (every 200 ms), children often before their parents, so an incomplete tree is waited out, not failed at once.
    /// </summary>
    private async Task<IReadOnlyList<ReceivedSpan>> WaitForTraceAsync(string traceId, string callerSpanId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var trace = platform.Traces.Trace(traceId);
            var ids = trace.Select(s => s.SpanId).ToHashSet();
            var complete = trace.All(s => s.ParentSpanId == callerSpanId || ids.Contains(s.ParentSpanId))
                && trace.Count(s => s.ParentSpanId == callerSpanId) == 1
                && trace.Any(s => s.Service == "jamforelse-benchmarking" && s.Scope == "MassTransit" && s.Kind == SpanKind.Consumer)
                && trace.Any(s => s.Service == "jamforelse-gateway" && s.Kind == SpanKind.Server);
            if (complete)
            {
                return trace;
            }
            if (clock.Elapsed > Patience)
            {
                Assert.Fail($"Within {Patience.TotalSeconds:F0} s the trace {traceId} did not become one tree under the caller's span {callerSpanId} " +
                    $"reaching benchmarking's consumer ({platform.Traces.Spans.Count} spans received in all, {platform.Traces.Rejected} requests undecodable):\n" +
                    Tree(trace, callerSpanId) + "\n" + platform.Logs(8));
            }
            await Task.Delay(250);
        }
    }

    private static ReceivedSpan Single(IReadOnlyList<ReceivedSpan> trace, string tree, Func<ReceivedSpan, bool> match)
    {
        var found = trace.Where(match).ToList();
        Assert.True(found.Count == 1, $"Expected one such span, found {found.Count}, in:\n{tree}");
        return found[0];
    }

    private static List<string> Ancestors(ReceivedSpan span, IReadOnlyList<ReceivedSpan> trace)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        var ancestors = new List<string>();
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            ancestors.Add(parent.SpanId);
        }
        return ancestors;
    }

    /// <summary>The trace as an indented tree from the caller's span, then any span whose parent is not in it.</summary>
    private static string Tree(IReadOnlyList<ReceivedSpan> trace, string callerSpanId)
    {
        var children = trace.ToLookup(s => s.ParentSpanId);
        var text = new StringBuilder("caller " + callerSpanId + "\n");
        var shown = new HashSet<string>();
        void Add(string parent, int depth)
        {
            foreach (var span in children[parent].OrderBy(s => s.StartTimeUnixNano))
            {
                if (shown.Add(span.SpanId))
                {
                    text.Append(' ', depth * 2).Append(CultureInfo.InvariantCulture, $"{span.Service} | {span.Scope} | {span.Kind} | {span.Name} [{span.SpanId}]\n");
                    Add(span.SpanId, depth + 1);
                }
            }
        }
        Add(callerSpanId, 1);
        foreach (var orphan in trace.Where(s => !shown.Contains(s.SpanId)).OrderBy(s => s.StartTimeUnixNano))
        {
            text.Append(CultureInfo.InvariantCulture, $"  (parent {orphan.ParentSpanId} not received) {orphan.Service} | {orphan.Scope} | {orphan.Kind} | {orphan.Name} [{orphan.SpanId}]\n");
        }
        return text.ToString();
    }
}
