using System.Diagnostics;
using System.Text.Json;
using Jamforelse.Storage;

namespace Jamforelse.ServiceDefaults.Messaging;

/// <summary>An event waiting to be published, stored in the same batch as the write it describes.</summary>
public sealed class OutboxMessage : IDocument
{
    public string Id { get; set; } = "";
    public string MessageType { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>
    /// The W3C traceparent of the activity the write ran under, so that the relay publishes the event in the
    /// write's trace; null when there was none (and in messages stored before it was recorded).
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>The W3C tracestate that went with <see cref="TraceParent"/>, if any.</summary>
    public string? TraceState { get; set; }
}

/// <summary>
/// A service's outbox. A write adds its events with <see cref="Enqueue{T}"/> to the batch it commits
/// through <see cref="CommitAsync"/>; the <see cref="OutboxRelay"/> publishes them afterwards, with the
/// outbox id as MassTransit message id so that consumers can drop a redelivery.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its SemaphoreSlim is never disposed on purpose: see the field.")]
public sealed class Outbox(IDocumentStore store)
{
    public const string CollectionName = "outbox";
    // Never disposed: disposing a SemaphoreSlim drops its queued waiters, which then wait for ever (a consumer
    // still queued while the host stopped kept the test host from exiting).
    private readonly SemaphoreSlim _signal = new(0, 1);

    public IDocumentStore Store => store;

    public IDocumentCollection<OutboxMessage> Messages => store.Collection<OutboxMessage>(CollectionName);

    public static Guid Enqueue<T>(WriteBatch batch, T message, TimeProvider? clock = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(batch);
        var id = Guid.NewGuid();
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        // Published later from the relay's loop, where the write's activity is gone: keep its context.
        var activity = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current : null;
        batch.Upsert(CollectionName, new OutboxMessage
        {
            // Ordered ids keep the relay publishing in the order events were written.
            Id = $"{now.UtcTicks:D19}-{id:N}",
            MessageType = typeof(T).AssemblyQualifiedName!,
            Payload = JsonSerializer.Serialize(message),
            CreatedAt = now,
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString,
        });
        return id;
    }

    public async Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken = default)
    {
        await store.CommitAsync(batch, cancellationToken);
        Wake();
    }

    internal void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
        }
    }

    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public static Guid MessageIdOf(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Guid.ParseExact(message.Id[(message.Id.IndexOf('-', StringComparison.Ordinal) + 1)..], "N");
    }
}
