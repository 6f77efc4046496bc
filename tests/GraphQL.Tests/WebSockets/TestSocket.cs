using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Jamforelse.GraphQL.Tests.WebSockets;

/// <summary>A ClientWebSocket speaking raw graphql-transport-ws JSON, every wait bounded.</summary>
internal sealed class TestSocket : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket socket = new();

    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public string? CloseDescription => socket.CloseStatusDescription;

    public static async Task<TestSocket> ConnectAsync(Uri address, params string[] subProtocols)
    {
        var client = new TestSocket();
        foreach (var subProtocol in subProtocols)
            client.socket.Options.AddSubProtocol(subProtocol);
        using var timeout = new CancellationTokenSource(Patience);
        await client.socket.ConnectAsync(address, timeout.Token);
        return client;
    }

    /// <summary>Connects with graphql-transport-ws and completes connection_init / connection_ack.</summary>
    public static async Task<TestSocket> ConnectAndInitAsync(Uri address)
    {
        var client = await ConnectAsync(address, "graphql-transport-ws");
        await client.SendAsync("""{"type":"connection_init"}""");
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", ack.GetProperty("type").GetString());
        return client;
    }

    public string? SubProtocol => socket.SubProtocol;

    public async Task SendAsync(string json)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, timeout.Token);
    }

    public Task SubscribeAsync(string id, string query) =>
        SendAsync(JsonSerializer.Serialize(new { id, type = "subscribe", payload = new { query } }));

    /// <summary>The next message, parsed; fails when the server closes instead.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var text = await ReceiveTextAsync();
        Assert.True(text is not null, $"Expected a message, the socket closed with {(int?)CloseStatus} {CloseDescription}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Reads until the server closes; returns the close code, failing on any message before it.</summary>
    public async Task<int> ReceiveCloseAsync()
    {
        var text = await ReceiveTextAsync();
        Assert.True(text is null, $"Expected the socket to close, got {text}");
        return (int)CloseStatus!.Value;
    }

    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }

    public void Dispose() => socket.Dispose();

    private async Task<string?> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var message = new MemoryStream();
        var buffer = new byte[4096];
        WebSocketReceiveResult frame;
        do
        {
            frame = await socket.ReceiveAsync(buffer, timeout.Token);
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                return null;
            }
            message.Write(buffer, 0, frame.Count);
        }
        while (!frame.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
