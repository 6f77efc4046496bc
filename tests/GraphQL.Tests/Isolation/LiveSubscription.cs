using System.Collections.Concurrent;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Jamforelse.GraphQL.Clients;
using Jamforelse.GraphQL.Execution;
using Jamforelse.GraphQL.Tests.Platform;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Tests.Isolation;

/// <summary>A subscription run as the transports run it, as one caller: its events as they come, and its end.</summary>
internal sealed class LiveSubscription : IObserver<ExecutionResult>
{
    private readonly AsyncServiceScope _scope;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly ConcurrentQueue<JsonElement> _received = new();
    private readonly IDisposable _subscription;
    private volatile bool _completed;

    private LiveSubscription(AsyncServiceScope scope, IObservable<ExecutionResult> stream, IGraphQLTextSerializer serializer)
    {
        _scope = scope;
        _serializer = serializer;
        _subscription = stream.Subscribe(this);
    }

    /// <summary>Starts the subscription: its refusal (the result with errors), or the live subscription.</summary>
    public static async Task<(JsonElement? Refusal, LiveSubscription? Live)> StartAsync(PlatformFactory factory, string query, CallerIdentity caller)
    {
        var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<GraphQLCaller>().Identity = caller;
        var serializer = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>();
        var result = await scope.ServiceProvider.GetRequiredService<IRequestExecutor>().ExecuteAsync(new GraphQLRequest { Query = query }, scope.ServiceProvider, CancellationToken.None);
        if (result.Streams is not { Count: > 0 } streams)
        {
            await scope.DisposeAsync();
            return (JsonDocument.Parse(serializer.Serialize(result)).RootElement.Clone(), null);
        }
        return (null, new LiveSubscription(scope, streams.Values.Single(), serializer));
    }

    public async Task<JsonElement> NextAsync()
    {
        for (var waited = 0; ; waited += 50)
        {
            if (_received.TryDequeue(out var next))
            {
                return next;
            }
            Assert.True(waited < 15_000, "No subscription event within 15 s.");
            await Task.Delay(50);
        }
    }

    public async Task CompletedAsync()
    {
        for (var waited = 0; !_completed; waited += 50)
        {
            Assert.True(waited < 5_000, "The subscription did not end.");
            await Task.Delay(50);
        }
        _subscription.Dispose();
        await _scope.DisposeAsync();
    }

    /// <summary>The events received and not yet taken with <see cref="NextAsync"/>, as JSON text; and whether it ended.</summary>
    public (IReadOnlyList<string> Events, bool Completed) Pending => ([.. _received.Select(e => e.GetRawText())], _completed);

    /// <summary>Ends a subscription that is still running.</summary>
    public async Task StopAsync()
    {
        _subscription.Dispose();
        await _scope.DisposeAsync();
    }

    public void OnNext(ExecutionResult value) => _received.Enqueue(JsonDocument.Parse(_serializer.Serialize(value)).RootElement.Clone());

    public void OnCompleted() => _completed = true;

    public void OnError(Exception error) => _completed = true;
}
