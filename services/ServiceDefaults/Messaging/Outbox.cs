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
}

/// <summary>
/// A service's outbox. A write adds its events with <see cref="Enqueue{T}"/> to the batch it commits
/// through <see cref="CommitAsync"/>; the <see cref="OutboxRelay"/> publishes them afterwards, with the
/// outbox id as MassTransit message id so that consumers can drop a redelivery.
/// </summary>
public sealed class Outbox(IDocumentStore store) : IDisposable
{
    public const string CollectionName = "outbox";
    private readonly SemaphoreSlim _signal = new(0, 1);

    public IDocumentStore Store => store;

    public IDocumentCollection<OutboxMessage> Messages => store.Collection<OutboxMessage>(CollectionName);

    public static Guid Enqueue<T>(WriteBatch batch, T message, TimeProvider? clock = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(batch);
        var id = Guid.NewGuid();
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        batch.Upsert(CollectionName, new OutboxMessage
        {
            // Ordered ids keep the relay publishing in the order events were written.
            Id = $"{now.UtcTicks:D19}-{id:N}",
            MessageType = typeof(T).AssemblyQualifiedName!,
            Payload = JsonSerializer.Serialize(message),
            CreatedAt = now,
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

    public void Dispose() => _signal.Dispose();

    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public static Guid MessageIdOf(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Guid.ParseExact(message.Id[(message.Id.IndexOf('-', StringComparison.Ordinal) + 1)..], "N");
    }
}
