namespace Jamforelse.Storage;

/// <summary>A stored document: a class with a non-empty string id.</summary>
public interface IDocument
{
    string Id { get; }
}

/// <summary>
/// The storage port every service writes through: named collections of documents, plus an atomic
/// <see cref="WriteBatch"/> so that a write and the outbox messages describing it land together.
/// Adapters: <see cref="LiteDb.LiteDbDocumentStore"/> (embedded) and <see cref="MongoDb.MongoDocumentStore"/>.
/// </summary>
public interface IDocumentStore : IDisposable
{
    /// <summary>The owning service's store name, e.g. "indicator-data".</summary>
    string Name { get; }

    IDocumentCollection<T> Collection<T>(string name) where T : class, IDocument;

    /// <summary>Applies every operation of the batch, or none of them.</summary>
    Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Throws when the store cannot be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}

public interface IDocumentCollection<T> where T : class, IDocument
{
    string Name { get; }

    Task<T?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The documents that exist among <paramref name="ids"/>, in no particular order.</summary>
    Task<IReadOnlyList<T>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Documents whose top-level <paramref name="field"/> equals <paramref name="value"/>, in id order.</summary>
    Task<IReadOnlyList<T>> FindAsync(string field, object? value, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every document in id order, read page by page so memory stays bounded.</summary>
    IAsyncEnumerable<T> ScanAsync(CancellationToken cancellationToken = default);

    Task<long> CountAsync(CancellationToken cancellationToken = default);

    Task UpsertAsync(T document, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    Task EnsureIndexAsync(string field, CancellationToken cancellationToken = default);
}

/// <summary>Writes to several collections that must succeed or fail together.</summary>
public sealed class WriteBatch
{
    private readonly List<WriteOperation> _operations = [];

    public IReadOnlyList<WriteOperation> Operations => _operations;

    public int Count => _operations.Count;

    public WriteBatch Upsert<T>(string collection, T document) where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        DocumentIds.Require(document.Id);
        _operations.Add(new WriteOperation(collection, document.Id, typeof(T), document));
        return this;
    }

    /// <summary>
    /// Adds a document that must not exist yet: when it does, the whole batch fails with a
    /// <see cref="WriteConflictException"/> and changes nothing. Two processes that both try to write the
    /// same next version of something (competing consumers on one store) thus cannot both succeed.
    /// </summary>
    public WriteBatch Insert<T>(string collection, T document) where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        DocumentIds.Require(document.Id);
        _operations.Add(new WriteOperation(collection, document.Id, typeof(T), document, InsertOnly: true));
        return this;
    }

    public WriteBatch Delete(string collection, string id)
    {
        DocumentIds.Require(id);
        _operations.Add(new WriteOperation(collection, id, null, null));
        return this;
    }
}

/// <summary>One upsert (<see cref="Document"/> set), insert (also <see cref="InsertOnly"/>) or delete (<see cref="Document"/> null).</summary>
public sealed record WriteOperation(string Collection, string Id, Type? DocumentType, object? Document, bool InsertOnly = false);

/// <summary>A batch was refused because a document it inserts already exists; nothing of the batch was written.</summary>
public sealed class WriteConflictException(string collection, string id, Exception? inner = null)
    : Exception($"The document \"{id}\" in \"{collection}\" already exists: another writer got there first.", inner)
{
    public string Collection => collection;

    public string Id => id;
}

internal static class DocumentIds
{
    public static void Require(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("A document needs a non-empty string id.", nameof(id));
        }
    }
}
