using System.Net.WebSockets;
using System.Text.Json;

namespace Jamforelse.GraphQL.Tests.WebSockets;

/// <summary>graphql-transport-ws as PROTOCOL.md of the graphql-ws package states it, over a real socket.</summary>
public sealed class GraphQLTransportWsTests : IAsyncLifetime
{
    private WebSocketTestHost host = null!;

    public async Task InitializeAsync() => host = await WebSocketTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Without_the_subprotocol_the_socket_is_closed_with_4406()
    {
        using var socket = await TestSocket.ConnectAsync(host.WebSocketAddress);

        Assert.Equal(4406, await socket.ReceiveCloseAsync());
        Assert.Equal("Subprotocol not acceptable", socket.CloseDescription);
    }

    [Fact]
    public async Task Offering_only_another_subprotocol_is_closed_with_4406()
    {
        using var socket = await TestSocket.ConnectAsync(host.WebSocketAddress, "graphql-ws");

        Assert.Null(socket.SubProtocol);
        Assert.Equal(4406, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task The_subprotocol_is_selected_and_connection_init_is_acknowledged()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);

        Assert.Equal("graphql-transport-ws", socket.SubProtocol);
    }

    [Fact]
    public async Task A_plain_GET_on_the_same_path_reaches_the_HTTP_endpoint()
    {
        using var http = new HttpClient { BaseAddress = host.HttpAddress };

        Assert.Equal(WebSocketTestHost.HttpAnswer, await http.GetStringAsync(new Uri("/graphql", UriKind.Relative)));
    }

    [Fact]
    public async Task Without_connection_init_in_time_the_socket_is_closed_with_4408()
    {
        await using var quick = await WebSocketTestHost.StartAsync(connectionInitTimeout: TimeSpan.FromMilliseconds(200));
        using var socket = await TestSocket.ConnectAsync(quick.WebSocketAddress, "graphql-transport-ws");

        Assert.Equal(4408, await socket.ReceiveCloseAsync());
        Assert.Equal("Connection initialisation timeout", socket.CloseDescription);
    }

    [Fact]
    public async Task A_second_connection_init_closes_with_4429()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);

        await socket.SendAsync("""{"type":"connection_init"}""");

        Assert.Equal(4429, await socket.ReceiveCloseAsync());
        Assert.Equal("Too many initialisation requests", socket.CloseDescription);
    }

    [Fact]
    public async Task Subscribe_before_the_ack_closes_with_4401()
    {
        using var socket = await TestSocket.ConnectAsync(host.WebSocketAddress, "graphql-transport-ws");

        await socket.SubscribeAsync("1", "{ hello }");

        Assert.Equal(4401, await socket.ReceiveCloseAsync());
        Assert.Equal("Unauthorized", socket.CloseDescription);
    }

    [Fact]
    public async Task A_rejected_init_payload_closes_with_4403()
    {
        JsonElement? seen = null;
        await using var strict = await WebSocketTestHost.StartAsync(options => options.AcceptConnection = (_, payload) =>
        {
            seen = payload;
            return ValueTask.FromResult(payload?.GetProperty("token").GetString() == "valid");
        });
        using var socket = await TestSocket.ConnectAsync(strict.WebSocketAddress, "graphql-transport-ws");

        await socket.SendAsync("""{"type":"connection_init","payload":{"token":"stolen"}}""");

        Assert.Equal(4403, await socket.ReceiveCloseAsync());
        Assert.Equal("Forbidden", socket.CloseDescription);
        Assert.Equal("stolen", seen?.GetProperty("token").GetString());
    }

    [Fact]
    public async Task An_accepted_init_payload_is_acknowledged()
    {
        await using var strict = await WebSocketTestHost.StartAsync(options => options.AcceptConnection = (_, payload) =>
            ValueTask.FromResult(payload?.GetProperty("token").GetString() == "valid"));
        using var socket = await TestSocket.ConnectAsync(strict.WebSocketAddress, "graphql-transport-ws");

        await socket.SendAsync("""{"type":"connection_init","payload":{"token":"valid"}}""");

        Assert.Equal("connection_ack", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_duplicate_id_of_an_active_subscription_closes_with_4409()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);
        await socket.SubscribeAsync("same", "subscription { messages }");
        await host.Publisher.WaitForSubscribersAsync(1);

        await socket.SubscribeAsync("same", "subscription { messages }");

        Assert.Equal(4409, await socket.ReceiveCloseAsync());
        Assert.Equal("Subscriber for same already exists", socket.CloseDescription);
        await host.Publisher.WaitForSubscribersAsync(0);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""{"type":"unknown"}""")]
    [InlineData("""{"type":"next","id":"1","payload":{}}""")]
    [InlineData("""{"type":"subscribe","payload":{"query":"{ hello }"}}""")]
    [InlineData("""{"type":"subscribe","id":"1"}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":{"query":42}}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":{"query":"{ hello }","variables":[]}}""")]
    [InlineData("""{"type":"complete"}""")]
    [InlineData("""{"type":"ping","payload":"x"}""")]
    public async Task An_invalid_message_closes_with_4400(string message)
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);

        await socket.SendAsync(message);

        Assert.Equal(4400, await socket.ReceiveCloseAsync());
        Assert.StartsWith("Invalid message received", socket.CloseDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_before_and_after_init()
    {
        using var socket = await TestSocket.ConnectAsync(host.WebSocketAddress, "graphql-transport-ws");

        await socket.SendAsync("""{"type":"ping","payload":{"at":1}}""");
        var early = await socket.ReceiveAsync();
        await socket.SendAsync("""{"type":"pong"}""");
        await socket.SendAsync("""{"type":"connection_init"}""");
        await socket.ReceiveAsync();
        await socket.SendAsync("""{"type":"ping"}""");
        var late = await socket.ReceiveAsync();

        Assert.Equal("pong", early.GetProperty("type").GetString());
        Assert.Equal(1, early.GetProperty("payload").GetProperty("at").GetInt32());
        Assert.Equal("pong", late.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_query_gets_one_next_then_complete()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);

        await socket.SubscribeAsync("q", "{ hello }");
        var next = await socket.ReceiveAsync();
        var complete = await socket.ReceiveAsync();

        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("q", next.GetProperty("id").GetString());
        Assert.Equal("world", next.GetProperty("payload").GetProperty("data").GetProperty("hello").GetString());
        Assert.Equal("""{"id":"q","type":"complete"}""", Canonical(complete));
    }

    [Fact]
    public async Task A_query_with_variables_and_operation_name_is_executed()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);

        await socket.SendAsync("""
            {"id":"v","type":"subscribe","payload":{"query":"query A($text: String!) { echo(text: $text) } query B { hello }","operationName":"A","variables":{"text":"hi"},"extensions":{}}}
            """);
        var next = await socket.ReceiveAsync();

        Assert.Equal("""{"echo":"hi"}""", next.GetProperty("payload").GetProperty("data").GetRawText());
        Assert.Equal("complete", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_subscription_gets_a_next_per_event_then_complete()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);

        await socket.SubscribeAsync("t", "subscription { ticks(count: 3) }");
        var ticks = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var next = await socket.ReceiveAsync();
            Assert.Equal("next", next.GetProperty("type").GetString());
            Assert.Equal("t", next.GetProperty("id").GetString());
            ticks.Add(next.GetProperty("payload").GetProperty("data").GetProperty("ticks").GetInt32());
        }
        var complete = await socket.ReceiveAsync();

        Assert.Equal([1, 2, 3], ticks);
        Assert.Equal("""{"id":"t","type":"complete"}""", Canonical(complete));
    }

    [Fact]
    public async Task Published_events_are_forwarded_and_the_publisher_completing_completes_the_operation()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);
        await socket.SubscribeAsync("m", "subscription { messages }");
        await host.Publisher.WaitForSubscribersAsync(1);

        host.Publisher.Publish("first");
        host.Publisher.Publish("second");
        host.Publisher.Complete();

        Assert.Equal("first", (await socket.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("messages").GetString());
        Assert.Equal("second", (await socket.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("messages").GetString());
        Assert.Equal("complete", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Complete_from_the_client_stops_the_subscription_without_an_answer()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);
        await socket.SubscribeAsync("m", "subscription { messages }");
        await host.Publisher.WaitForSubscribersAsync(1);
        host.Publisher.Publish("before");
        Assert.Equal("next", (await socket.ReceiveAsync()).GetProperty("type").GetString());

        await socket.SendAsync("""{"id":"m","type":"complete"}""");
        await host.Publisher.WaitForSubscribersAsync(0);
        host.Publisher.Publish("after");
        await socket.SendAsync("""{"type":"ping"}""");

        // Nothing for "m" (neither "after" nor a complete) comes before the pong.
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        // The id is free again.
        await socket.SubscribeAsync("m", "{ hello }");
        Assert.Equal("next", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Closing_the_socket_disposes_its_subscriptions()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);
        await socket.SubscribeAsync("a", "subscription { messages }");
        await socket.SubscribeAsync("b", "subscription { messages }");
        await host.Publisher.WaitForSubscribersAsync(2);

        await socket.CloseAsync();

        await host.Publisher.WaitForSubscribersAsync(0);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Shutting_down_closes_sockets_with_1001_and_disposes_their_subscriptions()
    {
        await using var stopping = await WebSocketTestHost.StartAsync();
        using var socket = await TestSocket.ConnectAndInitAsync(stopping.WebSocketAddress);
        await socket.SubscribeAsync("m", "subscription { messages }");
        await stopping.Publisher.WaitForSubscribersAsync(1);

        var stop = stopping.StopAsync();

        Assert.Equal(1001, await socket.ReceiveCloseAsync());
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, stopping.Publisher.SubscriberCount);
    }

    [Fact]
    public async Task A_parse_error_is_an_error_message_with_codes_and_no_complete()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);

        await socket.SubscribeAsync("bad", "{ hello");
        var error = await socket.ReceiveAsync();
        await socket.SendAsync("""{"type":"ping"}""");
        var after = await socket.ReceiveAsync();

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("bad", error.GetProperty("id").GetString());
        var errors = error.GetProperty("payload");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.NotEmpty(errors.EnumerateArray());
        Assert.All(errors.EnumerateArray(), e =>
        {
            Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("extensions").GetProperty("code").GetString()));
        });
        Assert.Equal("pong", after.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_validation_error_is_an_error_message_with_codes()
    {
        using var socket = await TestSocket.ConnectAndInitAsync(host.WebSocketAddress);

        await socket.SubscribeAsync("invalid", "{ nope }");
        var error = await socket.ReceiveAsync();

        Assert.Equal("error", error.GetProperty("type").GetString());
        var first = error.GetProperty("payload")[0];
        Assert.Contains("nope", first.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("extensions").GetProperty("code").GetString()));
    }

    private static string Canonical(JsonElement message) =>
        JsonSerializer.Serialize(message.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToDictionary(p => p.Name, p => p.Value));
}
