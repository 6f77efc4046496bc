using Jamforelse.Platform.Tests.Support;
using Jamforelse.Storage;
using Jamforelse.Storage.LiteDb;

namespace Jamforelse.Platform.Tests.Storage;

/// <summary>The contract against a LiteDB file in a temp folder: the embedded adapter as the services run it.</summary>
public sealed class LiteDbDocumentStoreTests : DocumentStoreContract
{
    private readonly TempFolder _folder = new();

    private string FilePath => Path.Combine(_folder.Path, "contract.db");

    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(LiteDbDocumentStore.OpenFile("contract", FilePath));

    protected override Task CleanUpAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Committed_documents_survive_closing_and_reopening_the_file()
    {
        await Store.CommitAsync(new WriteBatch().Upsert("widgets", new Widget { Id = "a", Name = " kept " }));
        Store.Dispose();

        using var reopened = LiteDbDocumentStore.OpenFile("contract", FilePath);

        Assert.Equal(" kept ", (await reopened.Collection<Widget>("widgets").GetAsync("a"))?.Name);
    }

    [Fact]
    public async Task A_file_created_with_LiteDBs_case_insensitive_default_collation_is_rebuilt_with_exact_ids()
    {
        var path = Path.Combine(_folder.Path, "legacy.db");
        using (var legacy = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = path, Collation = new LiteDB.Collation("en-US/IgnoreCase") }))
        {
            legacy.GetCollection("widgets").Upsert(new LiteDB.BsonDocument { ["_id"] = "Key", ["Name"] = "upper" });
        }

        using var store = LiteDbDocumentStore.OpenFile("legacy", path);
        var widgets = store.Collection<Widget>("widgets");
        await widgets.UpsertAsync(new Widget { Id = "key", Name = "lower" });

        Assert.Equal(2, await widgets.CountAsync());
        Assert.Equal("upper", (await widgets.GetAsync("Key"))?.Name);
        Assert.Equal("lower", (await widgets.GetAsync("key"))?.Name);
    }

    [Fact]
    public async Task Two_stores_opened_shared_on_one_file_see_each_others_writes_and_conflict_on_the_same_insert()
    {
        Store.Dispose();
        var path = Path.Combine(_folder.Path, "shared.db");
        using var first = LiteDbDocumentStore.OpenFile("shared", path, shared: true);
        using var second = LiteDbDocumentStore.OpenFile("shared", path, shared: true);

        await first.CommitAsync(new WriteBatch().Insert("widgets", new Widget { Id = "claim", Name = "first" }));

        Assert.Equal("first", (await second.Collection<Widget>("widgets").GetAsync("claim"))?.Name);
        await Assert.ThrowsAsync<WriteConflictException>(() => second.CommitAsync(new WriteBatch().Insert("widgets", new Widget { Id = "claim", Name = "second" })));
        Assert.Equal("first", (await first.Collection<Widget>("widgets").GetAsync("claim"))?.Name);
    }

    [Fact]
    public void OpenFile_creates_missing_folders()
    {
        var path = Path.Combine(_folder.Path, "nested", "deeper", "store.db");

        using var store = LiteDbDocumentStore.OpenFile("nested", path);

        Assert.True(File.Exists(path));
    }
}

/// <summary>The contract against an in-memory LiteDB store.</summary>
public sealed class LiteDbInMemoryDocumentStoreTests : DocumentStoreContract
{
    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(LiteDbDocumentStore.OpenInMemory("contract"));
}
