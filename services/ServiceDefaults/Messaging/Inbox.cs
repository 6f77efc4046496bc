using Jamforelse.Storage;

namespace Jamforelse.ServiceDefaults.Messaging;

/// <summary>A message a consumer has already acted on.</summary>
public sealed class ConsumedMessage : IDocument
{
    public string Id { get; set; } = "";
    public DateTimeOffset ConsumedAt { get; set; }
}

/// <summary>
/// Makes a consumer idempotent: it checks <see cref="HasConsumedAsync"/> first, and commits its effect
/// together with <see cref="MarkConsumed"/> in one batch, so a redelivered message changes nothing.
/// </summary>
public static class Inbox
{
    public const string CollectionName = "inbox";

    private static string Key(Guid messageId, string consumer) => $"{consumer}:{messageId:N}";

    public static async Task<bool> HasConsumedAsync(IDocumentStore store, Guid? messageId, string consumer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return messageId is { } id && await store.Collection<ConsumedMessage>(CollectionName).GetAsync(Key(id, consumer), cancellationToken) is not null;
    }

    public static WriteBatch MarkConsumed(this WriteBatch batch, Guid? messageId, string consumer)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (messageId is { } id)
        {
            batch.Upsert(CollectionName, new ConsumedMessage { Id = Key(id, consumer), ConsumedAt = DateTimeOffset.UtcNow });
        }
        return batch;
    }
}
