using System.Collections.Concurrent;
using Jamforelse.Contracts.IndicatorData;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using MassTransit;

namespace Jamforelse.Platform.Tests.Messaging;

/// <summary>The consumer's effect: a running total per key figure, which a second application would double.</summary>
public sealed class Tally : IDocument
{
    public const string CollectionName = "tallies";
    public const string LedgerCollectionName = "tally_ledger";
    public string Id { get; set; } = "";
    public int Total { get; set; }
    public int Applications { get; set; }
}

/// <summary>
/// What a test watches: the consumer's own store and every delivery of this test's messages. Messages of
/// other runs (a shared broker's exchange feeds every bound queue) are told apart by <see cref="RunId"/>.
/// </summary>
public sealed class TallyProbe(IDocumentStore store)
{
    private readonly ConcurrentQueue<(Guid? MessageId, IndicatorValuesChanged Message)> _deliveries = new();

    public string RunId { get; } = "run-" + Guid.NewGuid().ToString("N");

    public IDocumentStore Store => store;

    /// <summary>Runs between a delivery's reads and its commit (a test holds two deliveries there together).</summary>
    public Func<Task>? AfterRead { get; set; }

    public IReadOnlyCollection<(Guid? MessageId, IndicatorValuesChanged Message)> Deliveries => _deliveries;

    internal void Delivered(Guid? messageId, IndicatorValuesChanged message) => _deliveries.Enqueue((messageId, message));

    public IndicatorValuesChanged NewMessage(string kpiId, int valuesChanged) => new()
    {
        KpiId = kpiId,
        AreaIds = ["0580", "1280"],
        Periods = ["2024", "2024-Q1"],
        ImportId = RunId,
        ValuesChanged = valuesChanged,
        ChangedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)),
    };

    public Task<Tally?> TallyOfAsync(string kpiId) => store.Collection<Tally>(Tally.CollectionName).GetAsync(kpiId);

    public Task<long> LedgerCountAsync() => store.Collection<Tally>(Tally.LedgerCollectionName).CountAsync();

    public Task<long> ConsumedCountAsync() => store.Collection<ConsumedMessage>(Inbox.CollectionName).CountAsync();
}

/// <summary>An idempotent consumer written the way services are told to: its effect and the message's inbox record in one batch.</summary>
public sealed class TallyConsumer(TallyProbe probe) : IConsumer<IndicatorValuesChanged>
{
    public const string ConsumerName = "platform-tests-tally";

    public async Task Consume(ConsumeContext<IndicatorValuesChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Message.ImportId != probe.RunId)
        {
            return;
        }
        probe.Delivered(context.MessageId, context.Message);
        await ApplyAsync(context.MessageId, context.Message, context.CancellationToken);
    }

    /// <summary>The effect of one delivery; true when it changed the tally.</summary>
    public async Task<bool> ApplyAsync(Guid? messageId, IndicatorValuesChanged message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await Inbox.HasConsumedAsync(probe.Store, messageId, ConsumerName, cancellationToken))
        {
            return false;
        }
        var tally = await probe.TallyOfAsync(message.KpiId) ?? new Tally { Id = message.KpiId };
        tally.Total += message.ValuesChanged;
        tally.Applications++;
        if (probe.AfterRead is { } afterRead)
        {
            await afterRead();
        }
        // A ledger line per application: a second application shows as a second line even when its tally was lost.
        var effect = new WriteBatch()
            .Upsert(Tally.CollectionName, tally)
            .Upsert(Tally.LedgerCollectionName, new Tally { Id = Guid.NewGuid().ToString("N"), Total = message.ValuesChanged, Applications = 1 });
        return await Inbox.CommitOnceAsync(probe.Store, effect, messageId, ConsumerName, cancellationToken);
    }
}

/// <summary>A publishing service's side: its store, its outbox, and a write that records an import and its event.</summary>
public sealed class Publisher(IDocumentStore store) : IDisposable
{
    public IDocumentStore Store => store;

    public Outbox Outbox { get; } = new(store);

    /// <summary>Writes an import record and its event in one batch, as a service does; returns the event's message id.</summary>
    public async Task<Guid> WriteImportAsync(IndicatorValuesChanged message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var batch = new WriteBatch().Upsert("imports", new ImportRecord { Id = message.ImportId + ":" + message.KpiId, Kpi = message.KpiId });
        var messageId = Outbox.Enqueue(batch, message);
        await Outbox.CommitAsync(batch);
        return messageId;
    }

    public async Task<List<OutboxMessage>> PendingAsync()
    {
        var pending = new List<OutboxMessage>();
        await foreach (var message in Outbox.Messages.ScanAsync())
        {
            pending.Add(message);
        }
        return pending;
    }

    public void Dispose()
    {
        store.Dispose();
    }
}

public sealed class ImportRecord : IDocument
{
    public string Id { get; set; } = "";
    public string Kpi { get; set; } = "";
}

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }
            await Task.Delay(50);
        }
    }
}
