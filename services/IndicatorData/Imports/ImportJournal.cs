using Jamforelse.Contracts.IndicatorData;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;

namespace Jamforelse.IndicatorData.Imports;

/// <summary>
/// What an import in its write pass has committed so far, written in the same batch as each chunk of values. The
/// import's last batch deletes it with the events it publishes; one left behind belongs to an import that was killed
/// in between, and <see cref="RecoverAsync"/> publishes what it committed when the service starts again.
/// </summary>
public sealed class ImportJournal : IDocument
{
    public const string CollectionName = "import_journal";

    /// <summary>The import's <see cref="ImportIds.StoreKey"/>.</summary>
    public string Id { get; set; } = "";
    public string Owner { get; set; } = "";
    public string ImportId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Source { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public List<JournalChange> Changes { get; set; } = [];

    /// <summary>
    /// Publishes (through the outbox) every change that interrupted imports committed, one event per key figure as a
    /// finished import would, ends their progress with failed, and keeps them in the import log as interrupted.
    /// Indicator data runs as one instance (its imports run one at a time), so at start no import is running.
    /// </summary>
    public static async Task<int> RecoverAsync(IndicatorDataStore store, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var journals = new List<ImportJournal>();
        await foreach (var journal in store.Store.Collection<ImportJournal>(CollectionName).ScanAsync(cancellationToken))
        {
            journals.Add(journal);
        }
        foreach (var journal in journals)
        {
            var now = clock.GetUtcNow();
            var batch = new WriteBatch()
                .Delete(CollectionName, journal.Id)
                .Upsert(IndicatorDataStore.Imports, new ImportRecord
                {
                    Id = journal.Id, Owner = journal.Owner, ImportId = journal.ImportId, Kind = journal.Kind, Source = journal.Source,
                    StartedAt = journal.StartedAt, FinishedAt = now, Inserted = journal.Inserted, Updated = journal.Updated, Unchanged = journal.Unchanged,
                    KeyFiguresChanged = [.. journal.Changes.Select(c => c.KpiId)], Interrupted = true,
                });
            foreach (var change in journal.Changes)
            {
                Outbox.Enqueue(batch, new IndicatorValuesChanged
                {
                    KpiId = change.KpiId, AreaIds = change.Areas, Periods = change.Periods, ImportId = journal.ImportId, ValuesChanged = change.Values, ChangedAt = now,
                }, clock);
            }
            Outbox.Enqueue(batch, new ImportProgressed
            {
                ImportId = journal.ImportId, Owner = journal.Owner, Phase = ImportProgressed.Failed, ValuesMerged = journal.Inserted + journal.Updated + journal.Unchanged,
                Message = $"Importen avbröts under sparandet. De {journal.Inserted + journal.Updated + journal.Unchanged} värden som hann sparas finns kvar; skicka hela importen igen.",
                At = now,
            }, clock);
            await store.Outbox.CommitAsync(batch, cancellationToken);
        }
        return journals.Count;
    }
}

/// <summary>One key figure's committed changes: the areas and periods, in order, and how many values.</summary>
public sealed class JournalChange
{
    public string KpiId { get; set; } = "";
    public List<string> Areas { get; set; } = [];
    public List<string> Periods { get; set; } = [];
    public int Values { get; set; }
}
