using Jamforelse.Storage;

namespace Jamforelse.ServiceDefaults.Messaging;

/// <summary>A message a consumer has already acted on.</summary>
public sealed class ConsumedMessage : IDocument
{
    public string Id { get; set; } = "";
    public DateTimeOffset ConsumedAt { get; set; }
}

/// <summary>
/// Makes a consumer's effect happen once per message: <see cref="CommitOnceAsync"/> commits the effect together
/// with an insert-only record of the message, so when two deliveries of one message run at the same time (a
/// redelivery racing the first, competing instances) the store lets only one batch through and the other changes
/// nothing. <see cref="HasConsumedAsync"/> is only a shortcut that spares the work for a message seen long ago; it
/// cannot decide alone, since both deliveries may pass it before either commits.
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

    /// <summary>
    /// Commits <paramref name="effect"/> with the message's record; false (and nothing written) when the message had
    /// already been consumed. A message without an id cannot be recognised again and is always applied.
    /// </summary>
    public static async Task<bool> CommitOnceAsync(IDocumentStore store, WriteBatch effect, Guid? messageId, string consumer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(effect);
        if (messageId is not { } id)
        {
            await store.CommitAsync(effect, cancellationToken);
            return true;
        }
        var key = Key(id, consumer);
        effect.Insert(CollectionName, new ConsumedMessage { Id = key, ConsumedAt = DateTimeOffset.UtcNow });
        try
        {
            await store.CommitAsync(effect, cancellationToken);
            return true;
        }
        catch (WriteConflictException conflict) when (conflict.Collection == CollectionName && conflict.Id == key)
        {
            return false;
        }
    }
}
