using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Tests.WebSockets;

/// <summary>hello, echo(text), ticks(count) (emits 1..count, then completes) and messages (fed by <see cref="TestPublisher"/>).</summary>
public sealed class TestSchema : global::GraphQL.Types.Schema
{
    public TestSchema(IServiceProvider services) : base(services)
    {
        var query = new ObjectGraphType { Name = "Query" };
        query.Field<StringGraphType>("hello").Resolve(_ => "world");
        query.Field<StringGraphType>("echo")
            .Argument<NonNullGraphType<StringGraphType>>("text")
            .Resolve(context => context.GetArgument<string>("text"));
        Query = query;

        var subscription = new ObjectGraphType { Name = "Subscription" };
        subscription.Field<IntGraphType>("ticks")
            .Argument<NonNullGraphType<IntGraphType>>("count")
            .ResolveStream(context => new TickObservable(context.GetArgument<int>("count")))
            .Resolve(context => context.Source);
        subscription.Field<StringGraphType>("messages")
            .ResolveStream(context => context.RequestServices!.GetRequiredService<TestPublisher>())
            .Resolve(context => context.Source);
        Subscription = subscription;
    }
}

/// <summary>Emits 1..count on the thread pool, then completes; stops early when unsubscribed.</summary>
internal sealed class TickObservable(int count) : IObservable<object?>
{
    public IDisposable Subscribe(IObserver<object?> observer)
    {
        var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            for (var i = 1; i <= count && !stop.IsCancellationRequested; i++)
            {
                observer.OnNext(i);
                await Task.Delay(10);
            }
            if (!stop.IsCancellationRequested)
                observer.OnCompleted();
        });
        return new Unsubscriber(stop.Cancel);
    }
}

/// <summary>An in-memory event source the tests push into; tracks its subscribers.</summary>
public sealed class TestPublisher : IObservable<object?>
{
    private readonly Lock gate = new();
    private readonly List<IObserver<object?>> observers = [];

    public int SubscriberCount
    {
        get
        {
            lock (gate)
                return observers.Count;
        }
    }

    public IDisposable Subscribe(IObserver<object?> observer)
    {
        lock (gate)
            observers.Add(observer);
        return new Unsubscriber(() =>
        {
            lock (gate)
                observers.Remove(observer);
        });
    }

    public void Publish(string message)
    {
        IObserver<object?>[] current;
        lock (gate)
            current = [.. observers];
        foreach (var observer in current)
            observer.OnNext(message);
    }

    public void Complete()
    {
        IObserver<object?>[] current;
        lock (gate)
            current = [.. observers];
        foreach (var observer in current)
            observer.OnCompleted();
    }

    public async Task WaitForSubscribersAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (SubscriberCount != count)
            await Task.Delay(10, timeout.Token);
    }
}

internal sealed class Unsubscriber(Action unsubscribe) : IDisposable
{
    public void Dispose() => unsubscribe();
}
