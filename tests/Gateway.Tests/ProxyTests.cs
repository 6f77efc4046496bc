using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Jamforelse.Gateway.Tests.Hosts;
using Yarp.ReverseProxy.Model;

namespace Jamforelse.Gateway.Tests;

/// <summary>Forwarding: WebSockets through, health checks on the destinations, failures as problem+json without addresses.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProxyTests(GatewayPlatform platform)
{
    [Fact]
    public async Task A_graphql_transport_ws_connection_through_the_gateway_with_an_access_token_is_acknowledged()
    {
        var key = platform.NewKey();
        var address = new UriBuilder(platform.Gateway.Address) { Scheme = "ws", Path = "/graphql", Query = "access_token=" + Uri.EscapeDataString(key) }.Uri;
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(address, timeout.Token);
        Assert.Equal("graphql-transport-ws", socket.SubProtocol);

        await SendAsync(socket, """{"type":"connection_init"}""", timeout.Token);
        Assert.Equal("connection_ack", (string?)(await ReceiveAsync(socket, timeout.Token))["type"]);
        await SendAsync(socket, """{"type":"ping"}""", timeout.Token);
        Assert.Equal("pong", (string?)(await ReceiveAsync(socket, timeout.Token))["type"]);
        await SendAsync(socket, """{"id":"1","type":"subscribe","payload":{"query":"{ area(id: \"0581\") { title } }"}}""", timeout.Token);
        var next = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal("next", (string?)next["type"]);
        Assert.Contains("Norrköping", next.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    [Fact]
    public async Task A_quiet_websocket_is_closed_after_the_activity_timeout_and_pings_keep_one_open()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pinging = await ConnectAsync(GatewayPlatform.IdlePath, timeout.Token);
        var until = DateTime.UtcNow + (GatewayPlatform.ActivityTimeout * 2);
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(GatewayPlatform.ActivityTimeout / 3, timeout.Token);
            await SendAsync(pinging, """{"type":"ping"}""", timeout.Token);
            Assert.Equal("pong", (string?)(await ReceiveAsync(pinging, timeout.Token))["type"]);
        }

        using var quiet = await ConnectAsync(GatewayPlatform.IdlePath, timeout.Token);
        var started = DateTime.UtcNow;
        var closed = false;
        try
        {
            var result = await quiet.ReceiveAsync(new byte[1024], timeout.Token);
            closed = result.MessageType == WebSocketMessageType.Close;
        }
        catch (WebSocketException)
        {
            closed = true;
        }
        Assert.True(closed, "the quiet socket was not closed");
        Assert.InRange(DateTime.UtcNow - started, GatewayPlatform.ActivityTimeout * 0.8, GatewayPlatform.ActivityTimeout * 4);
        Assert.Equal(WebSocketState.Open, pinging.State);
    }

    [Fact]
    public async Task A_websocket_without_a_key_is_refused_before_the_upgrade()
    {
        var address = new UriBuilder(platform.Gateway.Address) { Scheme = "ws", Path = "/graphql" }.Uri;
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(address, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Active_health_checks_mark_a_stopped_destination_unhealthy()
    {
        await WaitForAsync(() => platform.Gateway.Health("canary") == DestinationHealth.Healthy, "canary healthy");
        await platform.Canary.StopAsync();
        await WaitForAsync(() => platform.Gateway.Health("canary") == DestinationHealth.Unhealthy, "canary unhealthy after it stopped");
        Assert.All(GatewayFactory.ServiceClusters, cluster => Assert.Equal(DestinationHealth.Healthy, platform.Gateway.Health(cluster)));
    }

    [Fact]
    public async Task A_dead_destination_answers_502_problem_json_without_its_address()
    {
        using var client = platform.GatewayClient(platform.NewKey());
        using var response = await client.GetAsync(new Uri("/api/dead/anything", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("dead could not be reached", body, StringComparison.Ordinal);
        Assert.DoesNotContain(platform.DeadPort.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.Equal("nosniff", ProtectionTests.Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task A_services_error_page_is_replaced_by_problem_json_and_its_own_problem_passes()
    {
        using var client = platform.GatewayClient(platform.NewKey());
        using var page = await client.GetAsync(new Uri("/api/leaky/page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("application/problem+json", page.Content.Headers.ContentType?.MediaType);
        var body = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Internal.Secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.7", body, StringComparison.Ordinal);
        Assert.Contains("leaky could not answer", body, StringComparison.Ordinal);

        using var problem = await client.GetAsync(new Uri("/api/leaky/problem", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Try again shortly.", await problem.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(condition(), "timed out waiting for " + what);
    }

    /// <summary>A graphql-transport-ws connection through the gateway, acknowledged.</summary>
    private async Task<ClientWebSocket> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var address = new UriBuilder(platform.Gateway.Address) { Scheme = "ws", Path = path, Query = "access_token=" + Uri.EscapeDataString(platform.NewKey()) }.Uri;
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // only what the test sends
        await socket.ConnectAsync(address, cancellationToken);
        await SendAsync(socket, """{"type":"connection_init"}""", cancellationToken);
        Assert.Equal("connection_ack", (string?)(await ReceiveAsync(socket, cancellationToken))["type"]);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string message, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task<JsonNode> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(message.ToArray())!;
    }
}
