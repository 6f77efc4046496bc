namespace Jamforelse.GraphQL.Subscriptions;

/// <summary>
/// Fans the events this instance consumes from the bus out to its open subscriptions. Each observer gets
/// every event published after it subscribed; a slow or failing observer does not stop the others.
/// </summary>
public sealed class EventHub<T>
{
    private readonly Lock _lock = new();
    private readonly List<IObserver<T>> _observers = [];

    public int ObserverCount
    {
        get
        {
            lock (_lock)
            {
                return _observers.Count;
            }
        }
    }

    public IObservable<T> Events => new Observable(this);

    public void Publish(T value)
    {
        IObserver<T>[] observers;
        lock (_lock)
        {
            observers = [.. _observers];
        }
        foreach (var observer in observers)
        {
            observer.OnNext(value);
        }
    }

    private sealed class Observable(EventHub<T> hub) : IObservable<T>
    {
        public IDisposable Subscribe(IObserver<T> observer)
        {
            ArgumentNullException.ThrowIfNull(observer);
            lock (hub._lock)
            {
                hub._observers.Add(observer);
            }
            return new Unsubscriber(hub, observer);
        }
    }

    private sealed class Unsubscriber(EventHub<T> hub, IObserver<T> observer) : IDisposable
    {
        public void Dispose()
        {
            lock (hub._lock)
            {
                hub._observers.Remove(observer);
            }
        }
    }
}

/// <summary>An observable narrowed by a predicate and mapped, without System.Reactive (not a dependency here).</summary>
public static class Observables
{
    public static IObservable<TResult> Select<T, TResult>(this IObservable<T> source, Func<T, bool> where, Func<T, TResult> map) =>
        new Mapped<T, TResult>(source, where, map, static _ => false);

    /// <summary>As <see cref="Select{T, TResult}"/>, and completes after the first value that <paramref name="last"/> accepts.</summary>
    public static IObservable<TResult> Select<T, TResult>(this IObservable<T> source, Func<T, bool> where, Func<T, TResult> map, Func<T, bool> last) =>
        new Mapped<T, TResult>(source, where, map, last);

    private sealed class Mapped<T, TResult>(IObservable<T> source, Func<T, bool> where, Func<T, TResult> map, Func<T, bool> last) : IObservable<TResult>
    {
        public IDisposable Subscribe(IObserver<TResult> observer)
        {
            var filter = new Filter(observer, where, map, last);
            filter.Subscription = source.Subscribe(filter);
            return filter;
        }

        private sealed class Filter(IObserver<TResult> inner, Func<T, bool> where, Func<T, TResult> map, Func<T, bool> last) : IObserver<T>, IDisposable
        {
            private int _done;

            public IDisposable? Subscription { get; set; }

            public void OnCompleted()
            {
                if (Interlocked.Exchange(ref _done, 1) == 0)
                {
                    inner.OnCompleted();
                }
            }

            public void OnError(Exception error)
            {
                if (Interlocked.Exchange(ref _done, 1) == 0)
                {
                    inner.OnError(error);
                }
            }

            public void OnNext(T value)
            {
                if (Volatile.Read(ref _done) == 1 || !where(value))
                {
                    return;
                }
                inner.OnNext(map(value));
                if (last(value))
                {
                    OnCompleted();
                    Dispose();
                }
            }

            public void Dispose() => Subscription?.Dispose();
        }
    }
}
