using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Driver;

namespace Jamforelse.Storage.MongoDb;

/// <summary>
/// The distributed adapter: one MongoDB database per service. A batch of more than one write runs in a
/// multi-document transaction, which needs a replica set (a single-node one is enough).
/// </summary>
public sealed class MongoDocumentStore : IDocumentStore
{
    private const int ScanPageSize = 1000;
    private readonly MongoClient _client;
    private readonly IMongoDatabase _database;

    static MongoDocumentStore()
    {
        ConventionRegistry.Register(
            "jamforelse",
            new ConventionPack { new IgnoreExtraElementsConvention(true), new EnumRepresentationConvention(BsonType.String) },
            _ => true);
    }

    public MongoDocumentStore(string name, string connectionString, string databaseName)
    {
        Name = name;
        _client = new MongoClient(connectionString);
        _database = _client.GetDatabase(databaseName);
    }

    public string Name { get; }

    public IDocumentCollection<T> Collection<T>(string name) where T : class, IDocument =>
        new MongoCollection<T>(_database.GetCollection<T>(name), name);

    public async Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }
        if (batch.Count == 1)
        {
            await ApplyAsync(null, batch.Operations[0], cancellationToken);
            return;
        }
        using var session = await _client.StartSessionAsync(cancellationToken: cancellationToken);
        await session.WithTransactionAsync(
            async (s, ct) =>
            {
                foreach (var operation in batch.Operations)
                {
                    await ApplyAsync(s, operation, ct);
                }
                return true;
            },
            cancellationToken: cancellationToken);
    }

    private static async Task InsertAsync(IMongoCollection<BsonDocument> collection, IClientSessionHandle? session, WriteOperation operation, BsonDocument document, CancellationToken cancellationToken)
    {
        try
        {
            if (session is null)
            {
                await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
            }
            else
            {
                await collection.InsertOneAsync(session, document, cancellationToken: cancellationToken);
            }
        }
        catch (MongoWriteException exception) when (exception.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new WriteConflictException(operation.Collection, operation.Id, exception);
        }
    }

    private Task ApplyAsync(IClientSessionHandle? session, WriteOperation operation, CancellationToken cancellationToken)
    {
        var collection = _database.GetCollection<BsonDocument>(operation.Collection);
        var filter = Builders<BsonDocument>.Filter.Eq("_id", operation.Id);
        if (operation.Document is null)
        {
            return session is null
                ? collection.DeleteOneAsync(filter, cancellationToken)
                : collection.DeleteOneAsync(session, filter, cancellationToken: cancellationToken);
        }
        var document = operation.Document.ToBsonDocument(operation.DocumentType!);
        if (operation.InsertOnly)
        {
            return InsertAsync(collection, session, operation, document, cancellationToken);
        }
        var options = new ReplaceOptions { IsUpsert = true };
        return session is null
            ? collection.ReplaceOneAsync(filter, document, options, cancellationToken)
            : collection.ReplaceOneAsync(session, filter, document, options, cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken = default) =>
        _database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);

    public void Dispose() => _client.Dispose();

    private sealed class MongoCollection<T>(IMongoCollection<T> collection, string name) : IDocumentCollection<T>
        where T : class, IDocument
    {
        private static FilterDefinition<T> ById(string id) => Builders<T>.Filter.Eq("_id", id);

        public string Name => name;

        public async Task<T?> GetAsync(string id, CancellationToken cancellationToken = default)
        {
            DocumentIds.Require(id);
            return await collection.Find(ById(id)).FirstOrDefaultAsync(cancellationToken);
        }

        public async Task<IReadOnlyList<T>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
            ids.Count == 0 ? [] : await collection.Find(Builders<T>.Filter.In("_id", ids)).ToListAsync(cancellationToken);

        public async Task<IReadOnlyList<T>> FindAsync(string field, object? value, int limit, CancellationToken cancellationToken = default)
        {
            var path = field == nameof(IDocument.Id) ? "_id" : field;
            var bson = value is null ? BsonNull.Value : BsonValue.Create(value is Enum ? value.ToString() : value);
            return await collection.Find(Builders<T>.Filter.Eq(path, bson))
                .Sort(Builders<T>.Sort.Ascending("_id")).Limit(limit).ToListAsync(cancellationToken);
        }

        public async IAsyncEnumerable<T> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            string? last = null;
            while (true)
            {
                var filter = last is null ? Builders<T>.Filter.Empty : Builders<T>.Filter.Gt("_id", last);
                var page = await collection.Find(filter).Sort(Builders<T>.Sort.Ascending("_id"))
                    .Limit(ScanPageSize).ToListAsync(cancellationToken);
                foreach (var document in page)
                {
                    yield return document;
                }
                if (page.Count < ScanPageSize)
                {
                    yield break;
                }
                last = page[^1].Id;
            }
        }

        public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
            collection.CountDocumentsAsync(Builders<T>.Filter.Empty, cancellationToken: cancellationToken);

        public Task UpsertAsync(T document, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(document);
            DocumentIds.Require(document.Id);
            return collection.ReplaceOneAsync(ById(document.Id), document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
        }

        public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        {
            DocumentIds.Require(id);
            return (await collection.DeleteOneAsync(ById(id), cancellationToken)).DeletedCount > 0;
        }

        public Task EnsureIndexAsync(string field, CancellationToken cancellationToken = default) =>
            collection.Indexes.CreateOneAsync(
                new CreateIndexModel<T>(Builders<T>.IndexKeys.Ascending(field)), cancellationToken: cancellationToken);
    }
}
