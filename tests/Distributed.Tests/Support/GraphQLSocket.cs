using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Jamforelse.Distributed.Tests.Support;

/// <summary>
/// A real WebSocket client (ClientWebSocket) speaking graphql-transport-ws: connects through the gateway with
/// ?access_token= (as browsers must) or straight to a GraphQL instance with a signed identity header, then
/// collects every "next" per subscription id in the background.
/// </summary>
internal sealed class GraphQLSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> _next = new();
    private readonly ConcurrentQueue<string> _other = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task? _reader;
    private TaskCompletionSource? _pong;

    public static async Task<GraphQLSocket> ConnectAsync(Uri address, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new GraphQLSocket();
        client._socket.Options.AddSubProtocol("graphql-transport-ws");
        configure?.Invoke(client._socket.Options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client._socket.ConnectAsync(address, timeout.Token);
        await client.SendAsync(new { type = "connection_init" });
        var ack = await client.ReceiveAsync(timeout.Token);
        if (ack?.GetProperty("type").GetString() != "connection_ack")
        {
            throw new InvalidOperationException($"Expected connection_ack, got {ack?.ToString() ?? $"close {(int?)client._socket.CloseStatus}"}");
        }
        client._reader = Task.Run(client.ReadAsync);
        return client;
    }

    /// <summary>
    /// Subscribes. graphql-transport-ws does not acknowledge a subscription, and the server starts it (checking
    /// access with a service call) while it goes on reading the socket, so a ping's pong only proves the
    /// subscribe was read: a short settle time after it covers the start. (The fixture has warmed every
    /// GraphQL instance up, so the start takes milliseconds, not the first run's second.)
    /// </summary>
    public async Task SubscribeAsync(string id, string query)
    {
        _next[id] = new ConcurrentQueue<JsonElement>();
        await SendAsync(new { id, type = "subscribe", payload = new { query } });
        _pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync(new { type = "ping" });
        await _pong.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(SettleTime);
    }

    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(500);

    /// <summary>The "next" payloads received so far for a subscription.</summary>
    public IReadOnlyList<JsonElement> Received(string id) => _next.TryGetValue(id, out var queue) ? queue.ToList() : [];

    /// <summary>Waits until a "next" of the subscription matches; fails with what arrived instead.</summary>
    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> match, TimeSpan patience, Func<Task<string>>? diagnostics = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            if (Received(id).FirstOrDefault(match) is { ValueKind: not JsonValueKind.Undefined } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No matching next for '{id}' within {patience.TotalSeconds:F0} s; received: [{string.Join(", ", Received(id))}]; other messages: [{string.Join(", ", _other)}]; socket {_socket.State} {(int?)_socket.CloseStatus}\n{(diagnostics is null ? "" : await diagnostics())}");
    }

    private async Task ReadAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            JsonElement? message;
            try
            {
                message = await ReceiveAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
            {
                return;
            }
            if (message is not { } m)
            {
                return;
            }
            switch (m.GetProperty("type").GetString())
            {
                case "next":
                    _next.GetOrAdd(m.GetProperty("id").GetString()!, _ => new()).Enqueue(m.GetProperty("payload").Clone());
                    break;
                case "ping":
                    await SendAsync(new { type = "pong" });
                    break;
                case "pong":
                    _pong?.TrySetResult();
                    break;
                default:
                    _other.Enqueue(m.ToString());
                    break;
            }
        }
    }

    private async Task SendAsync(object message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _sending.WaitAsync(timeout.Token);
        try
        {
            await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, timeout.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task<JsonElement?> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult frame;
        do
        {
            frame = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, frame.Count);
        }
        while (!frame.EndOfMessage);
        return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reader is not null)
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }
}
