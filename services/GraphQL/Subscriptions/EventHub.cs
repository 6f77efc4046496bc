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
        new Mapped<T, TResult>(source, where, map);

    private sealed class Mapped<T, TResult>(IObservable<T> source, Func<T, bool> where, Func<T, TResult> map) : IObservable<TResult>
    {
        public IDisposable Subscribe(IObserver<TResult> observer) => source.Subscribe(new Filter(observer, where, map));

        private sealed class Filter(IObserver<TResult> inner, Func<T, bool> where, Func<T, TResult> map) : IObserver<T>
        {
            public void OnCompleted() => inner.OnCompleted();

            public void OnError(Exception error) => inner.OnError(error);

            public void OnNext(T value)
            {
                if (where(value))
                {
                    inner.OnNext(map(value));
                }
            }
        }
    }
}
