using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using Jamforelse.GraphQL.Execution;
using Microsoft.AspNetCore.Http;
using Jamforelse.GraphQL.Clients;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Jamforelse.GraphQL.WebSockets.GraphQLTransportWs;

namespace Jamforelse.GraphQL.WebSockets;

/// <summary>
/// One graphql-transport-ws socket: reads messages in order, runs each operation on its own task in its own
/// DI scope, and writes through a single lock so frames never interleave. Closing the socket (either side)
/// cancels and awaits every operation, which disposes their subscriptions and scopes.
/// </summary>
internal sealed class GraphQLWebSocketConnection : IDisposable
{
    // How long a close handshake may take before the socket is dropped.
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private const int MaxCloseReasonBytes = 123;

    private readonly WebSocket socket;
    private readonly HttpContext context;
    private readonly IGraphQLTextSerializer serializer;
    private readonly IRequestExecutor executor;
    private readonly IServiceScopeFactory scopeFactory;
    private readonly GraphQLLayerOptions limits;
    private readonly GraphQLWebSocketOptions hooks;
    private readonly ILogger logger;
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly CancellationTokenSource lifetime;
    private readonly ConcurrentDictionary<string, Operation> operations = new(StringComparer.Ordinal);
    private int initReceived;
    private volatile bool acknowledged;
    private volatile bool closing; // written under sendLock

    public GraphQLWebSocketConnection(
        WebSocket socket,
        HttpContext context,
        IGraphQLTextSerializer serializer,
        IRequestExecutor executor,
        IServiceScopeFactory scopeFactory,
        GraphQLLayerOptions limits,
        GraphQLWebSocketOptions hooks,
        ILogger logger)
    {
        this.socket = socket;
        this.context = context;
        this.serializer = serializer;
        this.executor = executor;
        this.scopeFactory = scopeFactory;
        this.limits = limits;
        this.hooks = hooks;
        this.logger = logger;
        lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
    }

    /// <param name="stopping">The application's shutdown: sockets are then closed with 1001 Going Away.</param>
    public async Task RunAsync(CancellationToken stopping)
    {
        var initTimeout = CloseUnlessInitialisedAsync();
        var shutdown = Task.CompletedTask;
        var stoppingRegistration = stopping.Register(() => shutdown = CloseOnShutdownAsync());
        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            logger.LogDebug(ex, "GraphQL WebSocket ended without a close handshake");
        }
        finally
        {
            await stoppingRegistration.DisposeAsync(); // waits for a running callback, so shutdown is set
            await lifetime.CancelAsync();
            await Task.WhenAll(operations.Values.Select(operation => operation.Execution).Append(initTimeout).Append(shutdown));
            await CompleteCloseHandshakeAsync();
        }
    }

    /// <summary>Closes a socket that never got as far as the protocol (e.g. without the subprotocol).</summary>
    public static async Task CloseWithoutProtocolAsync(WebSocket socket, int code, string reason)
    {
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
            var buffer = new byte[1024];
            while (socket.State == WebSocketState.CloseSent)
                await socket.ReceiveAsync(buffer, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away without answering the close; nothing left to tell it.
        }
    }

    public void Dispose()
    {
        lifetime.Dispose();
        sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var message = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            message.ResetWrittenCount();
            ValueWebSocketReceiveResult frame;
            do
            {
                frame = await socket.ReceiveAsync(message.GetMemory(4096), lifetime.Token);
                if (frame.MessageType == WebSocketMessageType.Close)
                    return;
                message.Advance(frame.Count);
                if (message.WrittenCount > limits.MaxRequestBytes)
                {
                    message.ResetWrittenCount();
                    await CloseAsync((int)WebSocketCloseStatus.MessageTooBig, "Message too big");
                }
            }
            while (!frame.EndOfMessage);

            if (closing)
                continue; // waiting for the client's close frame
            if (frame.MessageType != WebSocketMessageType.Text)
            {
                await CloseAsync(CloseCodes.BadRequest, "Invalid message received: binary messages are not supported");
                continue;
            }
            await HandleMessageAsync(message.WrittenMemory);
        }
    }

    private async Task HandleMessageAsync(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException)
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: not JSON");
            return;
        }

        using (document)
        {
            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                await CloseAsync(CloseCodes.BadRequest, "Invalid message received: an object with a string 'type' is required");
                return;
            }

            var type = typeElement.GetString();
            switch (type)
            {
                case MessageTypes.ConnectionInit:
                    await OnConnectionInitAsync(message);
                    break;
                case MessageTypes.Ping:
                    await OnPingAsync(message);
                    break;
                case MessageTypes.Pong:
                    if (!TryGetOptionalObject(message, "payload", out _))
                        await CloseAsync(CloseCodes.BadRequest, "Invalid message received: 'payload' must be an object");
                    break;
                case MessageTypes.Subscribe:
                    await OnSubscribeAsync(message);
                    break;
                case MessageTypes.Complete:
                    await OnCompleteAsync(message);
                    break;
                default:
                    await CloseAsync(CloseCodes.BadRequest, $"Invalid message received: unexpected type '{type}'");
                    break;
            }
        }
    }

    private async Task OnConnectionInitAsync(JsonElement message)
    {
        if (Interlocked.Exchange(ref initReceived, 1) == 1)
        {
            await CloseAsync(CloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }
        if (!TryGetOptionalObject(message, "payload", out var payload))
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: 'payload' must be an object");
            return;
        }

        bool accepted;
        try
        {
            accepted = await hooks.AcceptConnection(context, payload?.Clone());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The connection_init hook failed");
            await CloseAsync(CloseCodes.InternalServerError, "Internal server error");
            return;
        }
        if (!accepted)
        {
            await CloseAsync(CloseCodes.Forbidden, "Forbidden");
            return;
        }

        acknowledged = true;
        await SendAsync(new OperationMessage { Type = MessageTypes.ConnectionAck }, operation: null);
    }

    private async Task OnPingAsync(JsonElement message)
    {
        if (!TryGetOptionalObject(message, "payload", out var payload))
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: 'payload' must be an object");
            return;
        }
        await SendAsync(new OperationMessage { Type = MessageTypes.Pong, Payload = payload?.Clone() }, operation: null);
    }

    private async Task OnSubscribeAsync(JsonElement message)
    {
        if (!TryGetId(message, out var id))
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: 'id' must be a non-empty string");
            return;
        }
        if (ReadSubscribePayload(message) is { } invalid)
        {
            await CloseAsync(CloseCodes.BadRequest, $"Invalid message received: {invalid}");
            return;
        }
        if (!acknowledged)
        {
            await CloseAsync(CloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = serializer.Deserialize<GraphQLRequest>(message.GetProperty("payload").GetRawText());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: the subscribe payload cannot be read");
            return;
        }
        if (request is null)
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: the subscribe payload cannot be read");
            return;
        }

        // Ids are reserved for single-result operations too, until their complete is sent.
        var operation = new Operation(id, lifetime.Token);
        if (!operations.TryAdd(id, operation))
        {
            operation.Dispose();
            await CloseAsync(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }
        operation.Execution = Task.Run(() => RunOperationAsync(operation, request));
    }

    private async Task OnCompleteAsync(JsonElement message)
    {
        if (!TryGetId(message, out var id))
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: 'id' must be a non-empty string");
            return;
        }
        if (!operations.TryGetValue(id, out var operation))
            return; // already finished: complete messages may cross

        // Under the send lock, so nothing for this operation is written once its complete has been read.
        await sendLock.WaitAsync(lifetime.Token);
        try
        {
            operation.Cancel();
        }
        finally
        {
            sendLock.Release();
        }
    }

    private async Task RunOperationAsync(Operation operation, GraphQLRequest request)
    {
        var token = operation.Token;
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            // The connection's caller, for the operation's whole life (its events arrive outside any request).
            if (scope.ServiceProvider.GetService<GraphQLCaller>() is { } caller)
            {
                caller.Identity = context.Features.Get<CallerIdentity>();
            }
            var result = await executor.ExecuteAsync(request, scope.ServiceProvider, token);
            if (!result.Executed)
            {
                // Parse or validation errors: error replaces next and complete.
                await SendAsync(new OperationMessage { Id = operation.Id, Type = MessageTypes.Error, Payload = result.Errors ?? [] }, operation);
                return;
            }

            if (result.Streams is { Count: > 0 } streams)
            {
                // A subscription has exactly one root field (validation enforces it).
                await ForwardStreamAsync(operation, streams.Values.First());
            }
            else
            {
                await SendAsync(new OperationMessage { Id = operation.Id, Type = MessageTypes.Next, Payload = result }, operation);
            }
            await SendAsync(new OperationMessage { Id = operation.Id, Type = MessageTypes.Complete }, operation);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Completed by the client, or the socket closed.
        }
        catch (WebSocketException ex)
        {
            logger.LogDebug(ex, "A GraphQL WebSocket operation could not be answered");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "GraphQL WebSocket operation {Id} failed", operation.Id);
        }
        finally
        {
            operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation));
            operation.Dispose();
        }
    }

    private async Task ForwardStreamAsync(Operation operation, IObservable<ExecutionResult> stream)
    {
        // Events arrive on the publisher's thread; the channel hands them to this task in order.
        var events = Channel.CreateUnbounded<ExecutionResult>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = stream.Subscribe(new ChannelObserver(events.Writer, logger, operation.Id));
        await foreach (var result in events.Reader.ReadAllAsync(operation.Token))
            await SendAsync(new OperationMessage { Id = operation.Id, Type = MessageTypes.Next, Payload = result }, operation);
    }

    private async Task SendAsync(OperationMessage message, Operation? operation)
    {
        var utf8 = Encoding.UTF8.GetBytes(serializer.Serialize(message));
        await sendLock.WaitAsync(lifetime.Token);
        try
        {
            if (closing || (operation is not null && operation.Token.IsCancellationRequested))
                return;
            await socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, lifetime.Token);
        }
        finally
        {
            sendLock.Release();
        }
    }

    internal async Task CloseAsync(int code, string reason)
    {
        await sendLock.WaitAsync(lifetime.Token);
        try
        {
            if (closing)
                return;
            closing = true;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, Truncate(reason), lifetime.Token);
        }
        finally
        {
            sendLock.Release();
        }

        foreach (var operation in operations.Values)
            operation.Cancel();
        // The receive loop now only waits for the client's close frame, and not forever.
        lifetime.CancelAfter(CloseHandshakeTimeout);
    }

    private async Task CloseUnlessInitialisedAsync()
    {
        try
        {
            await Task.Delay(limits.ConnectionInitTimeout, lifetime.Token);
            if (Volatile.Read(ref initReceived) == 0)
                await CloseAsync(CloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The socket ended first.
        }
    }

    private async Task CloseOnShutdownAsync()
    {
        try
        {
            await CloseAsync((int)WebSocketCloseStatus.EndpointUnavailable, "Server shutting down");
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket ended first.
        }
    }

    private async Task CompleteCloseHandshakeAsync()
    {
        if (socket.State != WebSocketState.CloseReceived)
            return;
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            logger.LogDebug(ex, "GraphQL WebSocket close handshake not completed");
        }
    }

    private static bool TryGetId(JsonElement message, out string id)
    {
        id = message.TryGetProperty("id", out var element) && element.ValueKind == JsonValueKind.String
            ? element.GetString() ?? ""
            : "";
        return id.Length > 0;
    }

    /// <returns>Why the subscribe payload is invalid, or null.</returns>
    private static string? ReadSubscribePayload(JsonElement message)
    {
        if (!message.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            return "subscribe needs a 'payload' object";
        if (!payload.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
            return "'payload.query' must be a string";
        if (payload.TryGetProperty("operationName", out var name) && name.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            return "'payload.operationName' must be a string or null";
        if (!TryGetOptionalObject(payload, "variables", out _))
            return "'payload.variables' must be an object or null";
        if (!TryGetOptionalObject(payload, "extensions", out _))
            return "'payload.extensions' must be an object or null";
        return null;
    }

    private static bool TryGetOptionalObject(JsonElement parent, string name, out JsonElement? value)
    {
        value = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return true;
        if (element.ValueKind != JsonValueKind.Object)
            return false;
        value = element;
        return true;
    }

    // A close frame's reason is at most 123 UTF-8 bytes.
    private static string Truncate(string reason)
    {
        while (Encoding.UTF8.GetByteCount(reason) > MaxCloseReasonBytes)
            reason = reason[..^1];
        return reason;
    }

    private sealed class Operation : IDisposable
    {
        private readonly CancellationTokenSource cancellation;

        public Operation(string id, CancellationToken connection)
        {
            Id = id;
            cancellation = CancellationTokenSource.CreateLinkedTokenSource(connection);
            Token = cancellation.Token;
        }

        public string Id { get; }

        public CancellationToken Token { get; }

        public Task Execution { get; set; } = Task.CompletedTask;

        public void Cancel()
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }
        }

        public void Dispose() => cancellation.Dispose();
    }

    private sealed class ChannelObserver(ChannelWriter<ExecutionResult> writer, ILogger logger, string id) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => writer.TryWrite(value);

        public void OnCompleted() => writer.TryComplete();

        public void OnError(Exception error)
        {
            // GraphQL.NET turns resolver errors into results; this is a failure of the stream itself.
            logger.LogError(error, "GraphQL subscription {Id} stream failed", id);
            writer.TryWrite(new ExecutionResult { Executed = true, Errors = [new ExecutionError("Internal server error") { Code = "INTERNAL_SERVER_ERROR" }] });
            writer.TryComplete();
        }
    }
}
