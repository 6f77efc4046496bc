using Jamforelse.Platform.Tests.Support;
using Jamforelse.Storage;

namespace Jamforelse.Platform.Tests.Storage;

/// <summary>
/// What every <see cref="IDocumentStore"/> adapter must do. Each concrete subclass runs the whole contract
/// against its adapter; each test gets a store of its own.
/// </summary>
public abstract class DocumentStoreContract : IAsyncLifetime
{
    private const string Widgets = "widgets";
    private IDocumentStore? _store;

    protected IDocumentStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    private IDocumentCollection<Widget> WidgetCollection => Store.Collection<Widget>(Widgets);

    /// <summary>Opens an empty store of the adapter under test.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> left behind, after the store was disposed.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        _store?.Dispose();
        await CleanUpAsync();
    }

    private static Widget NewWidget(string id, string? name = null, bool active = false, Colour colour = Colour.Red, int rank = 0) =>
        new() { Id = id, Name = name ?? "widget " + id, Active = active, Colour = colour, Rank = rank };

    private async Task SeedAsync(params Widget[] widgets)
    {
        var batch = new WriteBatch();
        foreach (var widget in widgets)
        {
            batch.Upsert(Widgets, widget);
        }
        await Store.CommitAsync(batch);
    }

    [StoreFact]
    public async Task Ping_succeeds_on_a_reachable_store() => await Store.PingAsync();

    [StoreFact]
    public async Task Get_returns_null_for_a_missing_id_and_the_document_for_a_present_one()
    {
        await WidgetCollection.UpsertAsync(NewWidget("a", "first"));

        Assert.Null(await WidgetCollection.GetAsync("b"));
        Assert.Equal("first", (await WidgetCollection.GetAsync("a"))?.Name);
    }

    [StoreFact]
    public async Task A_document_comes_back_exactly_as_written()
    {
        var written = new Widget
        {
            Id = "round-trip",
            Name = "  leading and trailing spaces  ",
            Active = true,
            Colour = Colour.Blue,
            Rank = -7,
            Comment = null,
            ChangedAt = new DateTimeOffset(2024, 3, 31, 23, 30, 15, 123, TimeSpan.FromHours(2)),
            Grid = [["a", " b "], [], [""]],
            Parts = [new Part { Name = "", Sizes = [1, 2, 3] }, new Part { Name = " x", Sizes = [] }],
            Tags = [],
        };
        var empty = new Widget { Id = "empty-name", Name = "", Comment = "", Tags = null };
        await SeedAsync(written, empty);

        var read = await WidgetCollection.GetAsync("round-trip");
        Assert.NotNull(read);
        Assert.Equal("  leading and trailing spaces  ", read.Name);
        Assert.True(read.Active);
        Assert.Equal(Colour.Blue, read.Colour);
        Assert.Equal(-7, read.Rank);
        Assert.Null(read.Comment);
        Assert.Equal(written.ChangedAt, read.ChangedAt);
        Assert.Equal(TimeSpan.FromHours(2), read.ChangedAt.Offset);
        Assert.Equal(written.ChangedAt.UtcTicks, read.ChangedAt.UtcTicks);
        Assert.Equal(3, read.Grid.Count);
        Assert.Equal(["a", " b "], read.Grid[0]);
        Assert.Empty(read.Grid[1]);
        Assert.Equal([""], read.Grid[2]);
        Assert.Equal(2, read.Parts.Count);
        Assert.Equal("", read.Parts[0].Name);
        Assert.Equal([1, 2, 3], read.Parts[0].Sizes);
        Assert.Equal(" x", read.Parts[1].Name);
        Assert.Empty(read.Parts[1].Sizes);
        Assert.NotNull(read.Tags);
        Assert.Empty(read.Tags);

        var readEmpty = await WidgetCollection.GetAsync("empty-name");
        Assert.NotNull(readEmpty);
        Assert.Equal("", readEmpty.Name);
        Assert.Equal("", readEmpty.Comment);
        Assert.Null(readEmpty.Tags);
    }

    [StoreFact]
    public async Task Ids_are_case_sensitive_and_kept_verbatim()
    {
        await SeedAsync(NewWidget("Key", "upper"), NewWidget("key", "lower"), NewWidget(" key ", "spaced"));

        Assert.Equal(3, await WidgetCollection.CountAsync());
        Assert.Equal("upper", (await WidgetCollection.GetAsync("Key"))?.Name);
        Assert.Equal("lower", (await WidgetCollection.GetAsync("key"))?.Name);
        Assert.Equal("spaced", (await WidgetCollection.GetAsync(" key "))?.Name);
        Assert.Null(await WidgetCollection.GetAsync("KEY"));
    }

    [StoreFact]
    public async Task GetMany_returns_the_documents_that_exist_among_the_ids()
    {
        await SeedAsync(NewWidget("a"), NewWidget("b"), NewWidget("c"));

        var found = await WidgetCollection.GetManyAsync(["c", "missing", "a"]);

        Assert.Equal(["a", "c"], found.Select(w => w.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await WidgetCollection.GetManyAsync([]));
        Assert.Empty(await WidgetCollection.GetManyAsync(["missing"]));
    }

    [StoreFact]
    public async Task Find_matches_a_string_field_in_id_order_up_to_the_limit()
    {
        await SeedAsync(
            NewWidget("d", "same"), NewWidget("b", "same"), NewWidget("a", "other"), NewWidget("c", "same"), NewWidget("e", " same"));

        Assert.Equal(["b", "c", "d"], (await WidgetCollection.FindAsync(nameof(Widget.Name), "same", 10)).Select(w => w.Id));
        Assert.Equal(["b", "c"], (await WidgetCollection.FindAsync(nameof(Widget.Name), "same", 2)).Select(w => w.Id));
        Assert.Equal(["e"], (await WidgetCollection.FindAsync(nameof(Widget.Name), " same", 10)).Select(w => w.Id));
        Assert.Empty(await WidgetCollection.FindAsync(nameof(Widget.Name), "nothing", 10));
    }

    [StoreFact]
    public async Task Find_matches_bool_enum_and_int_fields()
    {
        await SeedAsync(
            NewWidget("a", active: true, colour: Colour.Green, rank: 1),
            NewWidget("b", active: false, colour: Colour.Green, rank: 2),
            NewWidget("c", active: true, colour: Colour.Blue, rank: 2));

        Assert.Equal(["a", "c"], (await WidgetCollection.FindAsync(nameof(Widget.Active), true, 10)).Select(w => w.Id));
        Assert.Equal(["b"], (await WidgetCollection.FindAsync(nameof(Widget.Active), false, 10)).Select(w => w.Id));
        Assert.Equal(["a", "b"], (await WidgetCollection.FindAsync(nameof(Widget.Colour), Colour.Green, 10)).Select(w => w.Id));
        Assert.Empty(await WidgetCollection.FindAsync(nameof(Widget.Colour), Colour.Red, 10));
        Assert.Equal(["b", "c"], (await WidgetCollection.FindAsync(nameof(Widget.Rank), 2, 10)).Select(w => w.Id));
    }

    [StoreFact]
    public async Task Find_by_null_matches_documents_whose_field_is_null()
    {
        var withComment = NewWidget("a");
        withComment.Comment = "kept";
        var nullComment = NewWidget("b");
        nullComment.Comment = null;
        var emptyComment = NewWidget("c");
        emptyComment.Comment = "";
        await SeedAsync(withComment, nullComment, emptyComment);

        Assert.Equal(["b"], (await WidgetCollection.FindAsync(nameof(Widget.Comment), null, 10)).Select(w => w.Id));
        Assert.Equal(["c"], (await WidgetCollection.FindAsync(nameof(Widget.Comment), "", 10)).Select(w => w.Id));
    }

    [StoreFact]
    public async Task Find_by_Id_uses_the_document_id()
    {
        await SeedAsync(NewWidget("a"), NewWidget("b"));

        Assert.Equal(["b"], (await WidgetCollection.FindAsync(nameof(IDocument.Id), "b", 10)).Select(w => w.Id));
    }

    [StoreFact]
    public async Task Scan_returns_every_document_once_in_id_order_across_pages()
    {
        // More than two pages of the adapters' 1000-document pages, written out of order.
        const int total = 2_345;
        var ids = Enumerable.Range(0, total).Select(i => $"w{i:D5}").ToArray();
        Random.Shared.Shuffle(ids);
        await SeedAsync([.. ids.Select(id => NewWidget(id))]);

        var scanned = new List<string>();
        await foreach (var widget in WidgetCollection.ScanAsync())
        {
            scanned.Add(widget.Id);
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), scanned);
        Assert.Equal(total, await WidgetCollection.CountAsync());
    }

    [StoreFact]
    public async Task Scan_of_an_empty_collection_yields_nothing()
    {
        await foreach (var widget in WidgetCollection.ScanAsync())
        {
            Assert.Fail($"Unexpected document {widget.Id}");
        }
        Assert.Equal(0, await WidgetCollection.CountAsync());
    }

    [StoreFact]
    public async Task Count_follows_upserts_and_deletes()
    {
        Assert.Equal(0, await WidgetCollection.CountAsync());
        await WidgetCollection.UpsertAsync(NewWidget("a"));
        await WidgetCollection.UpsertAsync(NewWidget("b"));
        await WidgetCollection.UpsertAsync(NewWidget("a", "again"));
        Assert.Equal(2, await WidgetCollection.CountAsync());
        await WidgetCollection.DeleteAsync("a");
        Assert.Equal(1, await WidgetCollection.CountAsync());
    }

    [StoreFact]
    public async Task Upsert_replaces_the_whole_document()
    {
        var first = NewWidget("a", "first", active: true, rank: 5);
        first.Tags = ["t"];
        await WidgetCollection.UpsertAsync(first);

        await WidgetCollection.UpsertAsync(NewWidget("a", "second"));

        var read = await WidgetCollection.GetAsync("a");
        Assert.NotNull(read);
        Assert.Equal("second", read.Name);
        Assert.False(read.Active);
        Assert.Equal(0, read.Rank);
        Assert.Null(read.Tags);
    }

    [StoreFact]
    public async Task Delete_reports_whether_a_document_was_removed()
    {
        await WidgetCollection.UpsertAsync(NewWidget("a"));

        Assert.True(await WidgetCollection.DeleteAsync("a"));
        Assert.False(await WidgetCollection.DeleteAsync("a"));
        Assert.Null(await WidgetCollection.GetAsync("a"));
    }

    [StoreFact]
    public async Task EnsureIndex_is_idempotent_and_queries_still_match()
    {
        await SeedAsync(NewWidget("a", "x"), NewWidget("b", "y"), NewWidget("c", "x"));

        await WidgetCollection.EnsureIndexAsync(nameof(Widget.Name));
        await WidgetCollection.EnsureIndexAsync(nameof(Widget.Name));
        await WidgetCollection.EnsureIndexAsync(nameof(Widget.Colour));
        await SeedAsync(NewWidget("d", "x"));

        Assert.Equal(["a", "c", "d"], (await WidgetCollection.FindAsync(nameof(Widget.Name), "x", 10)).Select(w => w.Id));
    }

    [StoreFact]
    public async Task Collections_are_separate()
    {
        await Store.Collection<Widget>("one").UpsertAsync(NewWidget("a", "in one"));

        Assert.Null(await Store.Collection<Widget>("two").GetAsync("a"));
        Assert.Equal(0, await Store.Collection<Widget>("two").CountAsync());
        Assert.Equal("in one", (await Store.Collection<Widget>("one").GetAsync("a"))?.Name);
    }

    [StoreFact]
    public async Task Commit_applies_upserts_and_deletes_across_collections()
    {
        await SeedAsync(NewWidget("old"));

        await Store.CommitAsync(new WriteBatch()
            .Upsert(Widgets, NewWidget("new", "written"))
            .Delete(Widgets, "old")
            .Delete(Widgets, "never-existed")
            .Upsert("others", NewWidget("other", "elsewhere")));

        Assert.Equal("written", (await WidgetCollection.GetAsync("new"))?.Name);
        Assert.Null(await WidgetCollection.GetAsync("old"));
        Assert.Equal("elsewhere", (await Store.Collection<Widget>("others").GetAsync("other"))?.Name);
    }

    [StoreFact]
    public async Task Commit_of_a_batch_that_fails_midway_writes_nothing()
    {
        await SeedAsync(NewWidget("kept", "original"));
        var batch = new WriteBatch()
            .Upsert(Widgets, NewWidget("kept", "changed"))
            .Upsert(Widgets, NewWidget("added"))
            .Delete(Widgets, "kept")
            .Upsert("others", NewWidget("other"))
            .Upsert("exploding", new ExplodingDocument { Id = "boom" })
            .Upsert(Widgets, NewWidget("after"));

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CommitAsync(batch));

        var kept = await WidgetCollection.GetAsync("kept");
        Assert.NotNull(kept);
        Assert.Equal("original", kept.Name);
        Assert.Null(await WidgetCollection.GetAsync("added"));
        Assert.Null(await WidgetCollection.GetAsync("after"));
        Assert.Null(await Store.Collection<Widget>("others").GetAsync("other"));
        Assert.Equal(1, await WidgetCollection.CountAsync());

        // The store is still usable after the failed batch.
        await Store.CommitAsync(new WriteBatch().Upsert(Widgets, NewWidget("later")).Upsert("others", NewWidget("other")));
        Assert.Equal(2, await WidgetCollection.CountAsync());
        Assert.NotNull(await Store.Collection<Widget>("others").GetAsync("other"));
    }

    [StoreFact]
    public async Task Insert_of_an_existing_id_fails_the_whole_batch_with_a_write_conflict()
    {
        await SeedAsync(NewWidget("v1", "first writer"));
        var batch = new WriteBatch()
            .Upsert(Widgets, NewWidget("side-effect"))
            .Insert(Widgets, NewWidget("v1", "second writer"));

        var conflict = await Assert.ThrowsAsync<WriteConflictException>(() => Store.CommitAsync(batch));

        Assert.Equal(("widgets", "v1"), (conflict.Collection, conflict.Id));
        Assert.Equal("first writer", (await WidgetCollection.GetAsync("v1"))?.Name);
        Assert.Null(await WidgetCollection.GetAsync("side-effect"));
        await Store.CommitAsync(new WriteBatch().Insert(Widgets, NewWidget("v2")));
        Assert.NotNull(await WidgetCollection.GetAsync("v2"));
    }

    [StoreFact]
    public async Task Commit_of_an_empty_batch_changes_nothing()
    {
        await Store.CommitAsync(new WriteBatch());

        Assert.Equal(0, await WidgetCollection.CountAsync());
    }

    [StoreFact]
    public async Task Null_or_empty_ids_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new WriteBatch().Upsert(Widgets, NewWidget("")));
        Assert.Throws<ArgumentException>(() => new WriteBatch().Upsert(Widgets, NewWidget(null!)));
        Assert.Throws<ArgumentException>(() => new WriteBatch().Delete(Widgets, ""));
        Assert.Throws<ArgumentException>(() => new WriteBatch().Delete(Widgets, null!));

        await Assert.ThrowsAsync<ArgumentException>(() => WidgetCollection.UpsertAsync(NewWidget("")));
        await Assert.ThrowsAsync<ArgumentException>(() => WidgetCollection.UpsertAsync(NewWidget(null!)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => WidgetCollection.GetAsync(""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => WidgetCollection.GetAsync(null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => WidgetCollection.DeleteAsync(""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => WidgetCollection.DeleteAsync(null!));

        Assert.Equal(0, await WidgetCollection.CountAsync());
    }
}
