using Jamforelse.Platform.Tests.Support;
using Jamforelse.Storage;
using Jamforelse.Storage.MongoDb;
using MongoDB.Driver;

namespace Jamforelse.Platform.Tests.Storage;

/// <summary>
/// The contract against a real MongoDB (a replica set, since batches use transactions), named by
/// JAMFORELSE_TEST_MONGODB. Every test instance writes to a database of its own and drops it afterwards.
/// </summary>
[RequiresEnvironmentVariable(TestEnvironment.MongoDbVariable, TestEnvironment.MongoDbSkipReason)]
public sealed class MongoDocumentStoreTests : DocumentStoreContract
{
    private readonly string _databaseName = "jamforelse-test-" + Guid.NewGuid().ToString("N");

    private static string ConnectionString =>
        TestEnvironment.Get(TestEnvironment.MongoDbVariable)
        ?? throw new InvalidOperationException(TestEnvironment.MongoDbSkipReason);

    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(new MongoDocumentStore("contract", ConnectionString, _databaseName));

    protected override async Task CleanUpAsync()
    {
        using var client = new MongoClient(ConnectionString);
        await client.DropDatabaseAsync(_databaseName);
    }
}
