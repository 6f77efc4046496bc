using Jamforelse.Contracts.Tenants;
using Jamforelse.GraphQL.Caching;
using MassTransit;

namespace Jamforelse.GraphQL.Subscriptions;

/// <summary>The value a guarded stream ends with when its subscriber may no longer read what it follows.</summary>
public sealed record Revoked(string Message);

/// <summary>
/// Subscriptions follow what the subscriber may read at each moment: when the owner stops sharing what a
/// subscription follows, the subscription gets one error (FORBIDDEN) and ends, at once.
/// </summary>
public static class Guards
{
    public static IObservable<object?> WhileReadable(
        this IObservable<object?> events, IObservable<SharingChanged> sharing, Func<SharingChanged, bool> concerns,
        Func<CancellationToken, Task<bool>> readable, string message) =>
        new Guarded(events, sharing, concerns, readable, message);

    private sealed record Guarded(
        IObservable<object?> Events, IObservable<SharingChanged> Sharing, Func<SharingChanged, bool> Concerns,
        Func<CancellationToken, Task<bool>> Readable, string Message) : IObservable<object?>
    {
        public IDisposable Subscribe(IObserver<object?> observer) => new Subscription(this, observer);

        private sealed class Subscription : IDisposable, IObserver<object?>, IObserver<SharingChanged>
        {
            private readonly Guarded _guarded;
            private readonly IObserver<object?> _observer;
            private readonly CancellationTokenSource _stop = new();
            private readonly Lock _lock = new();
            private readonly IDisposable _events;
            private readonly IDisposable _sharing;
            private bool _ended;

            public Subscription(Guarded guarded, IObserver<object?> observer)
            {
                _guarded = guarded;
                _observer = observer;
                _sharing = guarded.Sharing.Subscribe(this);
                _events = guarded.Events.Subscribe((IObserver<object?>)this);
            }

            public void OnNext(object? value)
            {
                lock (_lock)
                {
                    if (!_ended)
                    {
                        _observer.OnNext(value);
                    }
                }
            }

            public void OnNext(SharingChanged value)
            {
                if (_guarded.Concerns(value))
                {
                    _ = CheckAsync();
                }
            }

            private async Task CheckAsync()
            {
                bool stillReadable;
                try
                {
                    stillReadable = await _guarded.Readable(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
#pragma warning disable CA1031 // a failed check ends the subscription rather than keep serving what may no longer be readable
                catch (Exception)
#pragma warning restore CA1031
                {
                    stillReadable = false;
                }
                if (stillReadable)
                {
                    return;
                }
                lock (_lock)
                {
                    if (_ended)
                    {
                        return;
                    }
                    _ended = true;
                    _observer.OnNext(new Revoked(_guarded.Message));
                    _observer.OnCompleted();
                }
                Dispose();
            }

            public void OnCompleted()
            {
                lock (_lock)
                {
                    if (!_ended)
                    {
                        _ended = true;
                        _observer.OnCompleted();
                    }
                }
            }

            public void OnError(Exception error)
            {
                lock (_lock)
                {
                    if (!_ended)
                    {
                        _ended = true;
                        _observer.OnError(error);
                    }
                }
            }

            public void Dispose()
            {
                _stop.Cancel();
                _events.Dispose();
                _sharing.Dispose();
            }
        }
    }
}

/// <summary>Takes SharingChanged (from any service) off this instance's own queue to the guarded subscriptions, emptying the comparison cache first.</summary>
public sealed class SharingChangedRelay(EventHub<SharingChanged> hub, ComparisonCache cache) : IConsumer<SharingChanged>
{
    public Task Consume(ConsumeContext<SharingChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        cache.Clear();
        hub.Publish(context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>Takes ApiKeyRevoked off this instance's own queue: WebSocket connections opened with that key close.</summary>
public sealed class ApiKeyRevokedRelay(EventHub<ApiKeyRevoked> hub) : IConsumer<ApiKeyRevoked>
{
    public Task Consume(ConsumeContext<ApiKeyRevoked> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        hub.Publish(context.Message);
        return Task.CompletedTask;
    }
}
