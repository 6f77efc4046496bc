using System.Globalization;
using System.Runtime.CompilerServices;
using LiteDB;

namespace Jamforelse.Storage.LiteDb;

/// <summary>
/// The embedded adapter: one LiteDB file per service. LiteDB is synchronous and binds a transaction to
/// the calling thread, so every operation runs to completion without awaiting inside it.
/// </summary>
public sealed class LiteDbDocumentStore : IDocumentStore
{
    private const int ScanPageSize = 1000;
    private readonly LiteDatabase _database;
    private readonly Lock _commitLock = new();

    private LiteDbDocumentStore(string name, LiteDatabase database)
    {
        Name = name;
        _database = database;
    }

    public string Name { get; }

    internal BsonMapper Mapper => _database.Mapper;

    /// <summary>
    /// Opens (or creates) the file. <paramref name="shared"/> lets several processes use it at once (LiteDB
    /// opens and locks the file per operation; slower): two instances of one service on one machine.
    /// </summary>
    public static LiteDbDocumentStore OpenFile(string name, string path, bool shared = false)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        // The collation is chosen when the file is created; LiteDB refuses to open an existing file with another one.
        var connection = new ConnectionString
        {
            Filename = path,
            Connection = shared ? ConnectionType.Shared : ConnectionType.Direct,
            Collation = File.Exists(path) ? null : OrdinalCollation,
        };
        var database = new LiteDatabase(connection, CreateMapper());
        if (database.Collation.SortOptions != CompareOptions.Ordinal)
        {
            // A file created before ids were compared exactly: rebuild it once. Its ids were unique ignoring
            // case, so they stay unique when compared exactly.
            database.Rebuild(new LiteDB.Engine.RebuildOptions { Collation = OrdinalCollation });
        }
        return new LiteDbDocumentStore(name, database);
    }

    public static LiteDbDocumentStore OpenInMemory(string name) =>
        new(name, new LiteDatabase(
            new LiteDB.Engine.LiteEngine(new LiteDB.Engine.EngineSettings { DataStream = new MemoryStream(), Collation = OrdinalCollation }),
            CreateMapper()));

    /// <summary>
    /// LiteDB's default collation is the current culture ignoring case, so "Key" and "key" would be the same id
    /// and ids would sort by culture. Ids and field values compare exactly, as in MongoDB.
    /// </summary>
    private static Collation OrdinalCollation => new(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);

    /// <summary>
    /// LiteDB's defaults would trim strings, store "" as null and leave null properties out (so a property
    /// whose initializer is not null would come back with that value); documents must come back as written.
    /// DateTimeOffset is kept as round-trip text because LiteDB has no type for it.
    /// </summary>
    private static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper
        {
            TrimWhitespace = false,
            EmptyStringToNull = false,
            SerializeNullValues = true,
            EnumAsInteger = false,
        };
        mapper.RegisterType(
            value => new BsonValue(value.ToString("O", CultureInfo.InvariantCulture)),
            bson => DateTimeOffset.Parse(bson.AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        return mapper;
    }

    public IDocumentCollection<T> Collection<T>(string name) where T : class, IDocument =>
        new LiteDbCollection<T>(this, _database.GetCollection<T>(name), name);

    public Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count == 0)
        {
            return Task.CompletedTask;
        }
        lock (_commitLock)
        {
            _database.BeginTrans();
            try
            {
                foreach (var operation in batch.Operations)
                {
                    var collection = _database.GetCollection(operation.Collection);
                    if (operation.Document is null)
                    {
                        collection.Delete(operation.Id);
                    }
                    else if (operation.InsertOnly)
                    {
                        try
                        {
                            collection.Insert(_database.Mapper.ToDocument(operation.DocumentType!, operation.Document));
                        }
                        catch (LiteException exception) when (exception.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
                        {
                            throw new WriteConflictException(operation.Collection, operation.Id, exception);
                        }
                    }
                    else
                    {
                        collection.Upsert(_database.Mapper.ToDocument(operation.DocumentType!, operation.Document));
                    }
                }
                _database.Commit();
            }
            catch
            {
                _database.Rollback();
                throw;
            }
        }
        return Task.CompletedTask;
    }

    internal void Write(Action action)
    {
        lock (_commitLock)
        {
            action();
        }
    }

    /// <summary>
    /// Reads take the same lock as writes: LiteDB 5.0.20 could return "page type must be collection page"
    /// to a read that ran beside a commit or the checkpoint on close (seen under load in the restart test),
    /// and one operation at a time per file is what LiteDB does internally for writes anyway.
    /// </summary>
    internal TResult Read<TResult>(Func<TResult> read)
    {
        lock (_commitLock)
        {
            return read();
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default)
    {
        _ = Read(() => _database.GetCollectionNames().Count());
        return Task.CompletedTask;
    }

    /// <summary>Closes the file (LiteDB checkpoints its log into it) only between writes, never during one.</summary>
    public void Dispose()
    {
        lock (_commitLock)
        {
            _database.Dispose();
        }
    }

    private sealed class LiteDbCollection<T>(LiteDbDocumentStore store, ILiteCollection<T> collection, string name)
        : IDocumentCollection<T> where T : class, IDocument
    {
        public string Name => name;

        public Task<T?> GetAsync(string id, CancellationToken cancellationToken = default)
        {
            DocumentIds.Require(id);
            return Task.FromResult<T?>(store.Read(() => collection.FindById(id)));
        }

        public Task<IReadOnlyList<T>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
        {
            if (ids.Count == 0)
            {
                return Task.FromResult<IReadOnlyList<T>>([]);
            }
            var found = store.Read(() => collection.Find(Query.In("_id", ids.Select(id => new BsonValue(id)))).ToList());
            return Task.FromResult<IReadOnlyList<T>>(found);
        }

        public Task<IReadOnlyList<T>> FindAsync(string field, object? value, int limit, CancellationToken cancellationToken = default)
        {
            var path = field == nameof(IDocument.Id) ? "_id" : field;
            var query = Query.All("_id");
            query.Where.Add(Query.EQ(path, value is null ? BsonValue.Null : store.Mapper.Serialize(value.GetType(), value)));
            query.Limit = limit;
            return Task.FromResult<IReadOnlyList<T>>(store.Read(() => collection.Find(query).ToList()));
        }

        public async IAsyncEnumerable<T> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            BsonValue last = BsonValue.MinValue;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var from = last;
                var page = store.Read(() => collection.Find(Query.GT("_id", from), limit: ScanPageSize).ToList());
                foreach (var document in page)
                {
                    yield return document;
                }
                if (page.Count < ScanPageSize)
                {
                    yield break;
                }
                last = new BsonValue(page[^1].Id);
                await Task.Yield();
            }
        }

        public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(store.Read(collection.LongCount));

        public Task UpsertAsync(T document, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(document);
            DocumentIds.Require(document.Id);
            store.Write(() => collection.Upsert(document));
            return Task.CompletedTask;
        }

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        {
            DocumentIds.Require(id);
            var deleted = false;
            store.Write(() => deleted = collection.Delete(id));
            return Task.FromResult(deleted);
        }

        public Task EnsureIndexAsync(string field, CancellationToken cancellationToken = default)
        {
            store.Write(() => collection.EnsureIndex(field));
            return Task.CompletedTask;
        }
    }
}
