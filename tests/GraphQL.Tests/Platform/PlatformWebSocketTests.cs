using Jamforelse.Tests;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Jamforelse.GraphQL.Tests.Platform;

/// <summary>The platform's /graphql over graphql-transport-ws: an import reaches a subscriber as a new comparison.</summary>
public sealed class PlatformWebSocketTests(PlatformFactory factory, ITestOutputHelper output) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task An_import_reaches_a_websocket_subscriber_as_a_new_comparison()
    {
        await factory.WaitUntilReadyAsync();
        var client = factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + TestKeys.PlatformAdmin;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), timeout.Token);
        Assert.Equal("graphql-transport-ws", socket.SubProtocol);
        await SendAsync(socket, new JsonObject { ["type"] = "connection_init" }, timeout.Token);
        Assert.Equal("connection_ack", (await ReceiveAsync(socket, timeout.Token))["type"]!.GetValue<string>());
        await SendAsync(socket, new JsonObject
        {
            ["id"] = "1",
            ["type"] = "subscribe",
            ["payload"] = new JsonObject { ["query"] = """subscription { comparisonUpdated(kpi: "N03920", areas: ["0580", "0581"]) { period version comparison { rows { areaId value rank } } } }""" },
        }, timeout.Token);
        await Task.Delay(200); // the subscription is registered once the server has read the message

        // graphql-transport-ws acknowledges no subscription: on a loaded machine the first import can come before the
        // subscription is in place, so a new value is imported every 2 s until the subscriber hears of one.
        using var http = factory.CreateClient();
        var received = ReceiveAsync(socket, timeout.Token);
        var answered = Stopwatch.StartNew();
        for (var attempt = 0; !received.IsCompleted; attempt++)
        {
            using var import = await http.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Test", UriKind.Relative),
                new StringContent(FormattableString.Invariant($"kpi,area,period,gender,value\nN03920,0581,2020,T,{8.8 + (attempt / 10.0):0.0}\nN03920,0580,2020,T,5.9\n"), Encoding.UTF8, "text/csv"), timeout.Token);
            Assert.True(import.IsSuccessStatusCode);
            answered.Restart();
            await Task.WhenAny(received, Task.Delay(2000, timeout.Token));
        }
        var message = await received;
        answered.Stop();
        output.WriteLine($"import answered -> subscriber's message: {answered.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal("next", message["type"]!.GetValue<string>());
        var update = message["payload"]!["data"]!["comparisonUpdated"]!;
        Assert.Equal("2020", update["period"]!.GetValue<string>());
        var rows = update["comparison"]!["rows"]!.AsArray();
        Assert.Equal([("0580", 1), ("0581", 2)], rows.Select(r => (r!["areaId"]!.GetValue<string>(), r["rank"]!.GetValue<int>())));
        Assert.Equal(5.9, rows[0]!["value"]!.GetValue<double>());
        Assert.InRange(rows[1]!["value"]!.GetValue<double>(), 8.8, 10.3); // the first import's value, or a later one's

        await SendAsync(socket, new JsonObject { ["id"] = "1", ["type"] = "complete" }, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    [Fact]
    public async Task An_import_started_after_subscribing_reports_validating_merging_and_completed_then_completes()
    {
        await factory.WaitUntilReadyAsync();
        var client = factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + TestKeys.PlatformAdmin;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), timeout.Token);
        await SendAsync(socket, new JsonObject { ["type"] = "connection_init" }, timeout.Token);
        Assert.Equal("connection_ack", (await ReceiveAsync(socket, timeout.Token))["type"]!.GetValue<string>());
        var importId = "ws-progress-" + Guid.NewGuid().ToString("N");
        await SendAsync(socket, new JsonObject
        {
            ["id"] = "p",
            ["type"] = "subscribe",
            ["payload"] = new JsonObject { ["query"] = $$"""subscription { importProgress(import: "{{importId}}") { importId phase rowsRead rowsValidated valuesMerged totalRows problems message } }""" },
        }, timeout.Token);
        await Task.Delay(200); // the subscription is registered once the server has read the message

        using var http = factory.CreateClient();
        using var import = await http.PostAsync(new Uri($"/api/indicator-data/imports/csv?source=Test&importId={importId}", UriKind.Relative),
            new StringContent("kpi,area,period,gender,value\nN03920,0581,2017,T,8.1\nN03920,0580,2017,T,6.0\nN03920,0582,2017,T,7.0\n", Encoding.UTF8, "text/csv"), timeout.Token);
        Assert.True(import.IsSuccessStatusCode);
        Assert.Equal(importId, JsonNode.Parse(await import.Content.ReadAsStringAsync(timeout.Token))!["importId"]!.GetValue<string>());

        var events = new List<JsonNode>();
        while (true)
        {
            var message = await ReceiveAsync(socket, timeout.Token);
            if (message["type"]!.GetValue<string>() == "complete")
            {
                Assert.Equal("p", message["id"]!.GetValue<string>());
                break;
            }
            Assert.Equal("next", message["type"]!.GetValue<string>());
            events.Add(message["payload"]!["data"]!["importProgress"]!);
        }
        var phases = events.Select(e => e["phase"]!.GetValue<string>()).Distinct().ToList();
        Assert.Equal(["VALIDATING", "MERGING", "COMPLETED"], phases);
        var completed = events[^1];
        Assert.Equal(importId, completed["importId"]!.GetValue<string>());
        Assert.Equal(3, completed["totalRows"]!.GetValue<int>());
        Assert.Equal(3, completed["rowsRead"]!.GetValue<int>());
        Assert.Equal(3, completed["rowsValidated"]!.GetValue<int>());
        Assert.Equal(3, completed["valuesMerged"]!.GetValue<int>());
        Assert.Equal(0, completed["problems"]!.GetValue<int>());
        Assert.Contains("3 nya", completed["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var merging = events.First(e => e["phase"]!.GetValue<string>() == "MERGING");
        Assert.Equal(3, merging["totalRows"]!.GetValue<int>());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
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
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(text.ToArray())!;
    }
}
