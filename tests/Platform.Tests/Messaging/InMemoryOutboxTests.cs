using Jamforelse.Platform.Tests.Support;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage.LiteDb;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jamforelse.Platform.Tests.Messaging;

/// <summary>The outbox, its relay and an inbox-guarded consumer on MassTransit's real in-memory bus.</summary>
public sealed class InMemoryOutboxTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Publisher _publisher = new(LiteDbDocumentStore.OpenInMemory("publisher"));
    private readonly TallyProbe _probe = new(LiteDbDocumentStore.OpenInMemory("consumer"));
    private IHost? _host;

    private IHost Host => _host!;

    public async Task InitializeAsync() => _host = await InMemoryBusHost.StartAsync<TallyConsumer, TallyProbe>(_probe);

    public async Task DisposeAsync()
    {
        await InMemoryBusHost.StopAsync(_host);
        _publisher.Dispose();
        _probe.Store.Dispose();
    }

    private OutboxRelay NewRelay() => new(_publisher.Outbox, Host.Services.GetRequiredService<IBus>(), NullLogger<OutboxRelay>.Instance);

    [Fact]
    public async Task A_committed_event_is_published_by_the_running_relay_and_consumed_and_leaves_the_outbox_empty()
    {
        using var relay = NewRelay();
        await relay.StartAsync(CancellationToken.None);
        try
        {
            var messageId = await _publisher.WriteImportAsync(_probe.NewMessage("N00001", 3));

            Assert.NotNull(await _publisher.Store.Collection<ImportRecord>("imports").GetAsync(_probe.RunId + ":N00001"));
            await Eventually.HoldsAsync(async () => (await _probe.TallyOfAsync("N00001"))?.Total == 3, Patience, "the consumer applied the event");
            await Eventually.HoldsAsync(async () => await _publisher.Outbox.Messages.CountAsync() == 0, Patience, "the relay emptied the outbox");

            var delivery = Assert.Single(_probe.Deliveries);
            Assert.Equal(messageId, delivery.MessageId);
            Assert.Equal(["0580", "1280"], delivery.Message.AreaIds);
            Assert.Equal(["2024", "2024-Q1"], delivery.Message.Periods);
            Assert.Equal(1, await _probe.ConsumedCountAsync());
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_event_published_again_after_a_relay_crash_changes_the_consumers_effect_only_once()
    {
        var relay = NewRelay();
        var messageId = await _publisher.WriteImportAsync(_probe.NewMessage("N00002", 5));
        // What the store holds before the relay runs: the copy a crash between publish and delete would leave.
        var leftBehind = Assert.Single(await _publisher.PendingAsync());

        Assert.Equal(1, await relay.PublishPendingAsync(CancellationToken.None));
        await Eventually.HoldsAsync(async () => (await _probe.TallyOfAsync("N00002"))?.Total == 5, Patience, "the first delivery was applied");
        Assert.Equal(0, await _publisher.Outbox.Messages.CountAsync());

        await _publisher.Outbox.Messages.UpsertAsync(leftBehind);
        Assert.Equal(1, await relay.PublishPendingAsync(CancellationToken.None));
        await Eventually.HoldsAsync(() => Task.FromResult(_probe.Deliveries.Count == 2), Patience, "the second delivery arrived");

        Assert.All(_probe.Deliveries, delivery => Assert.Equal(messageId, delivery.MessageId));
        var tally = await _probe.TallyOfAsync("N00002");
        Assert.NotNull(tally);
        Assert.Equal(5, tally.Total);
        Assert.Equal(1, tally.Applications);
        Assert.Equal(1, await _probe.ConsumedCountAsync());
        Assert.Equal(0, await _publisher.Outbox.Messages.CountAsync());
    }
}
