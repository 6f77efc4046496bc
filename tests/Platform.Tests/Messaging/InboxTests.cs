using Jamforelse.Storage.LiteDb;

namespace Jamforelse.Platform.Tests.Messaging;

/// <summary>The inbox against two deliveries of one message at the same moment, which a check-then-act inbox applies twice.</summary>
public sealed class InboxTests : IDisposable
{
    private readonly TallyProbe _probe = new(LiteDbDocumentStore.OpenInMemory("consumer"));

    public void Dispose() => _probe.Store.Dispose();

    [Fact]
    public async Task Two_deliveries_of_one_message_at_once_apply_its_effect_once()
    {
        var consumer = new TallyConsumer(_probe);
        var message = _probe.NewMessage("N00003", 7);
        var messageId = Guid.NewGuid();
        // Both deliveries have passed the inbox check and read the tally before either commits.
        using var bothRead = new Barrier(2);
        _probe.AfterRead = () =>
        {
            Assert.True(bothRead.SignalAndWait(TimeSpan.FromSeconds(10)), "the other delivery did not arrive");
            return Task.CompletedTask;
        };

        var applied = await Task.WhenAll(
            Task.Run(() => consumer.ApplyAsync(messageId, message)),
            Task.Run(() => consumer.ApplyAsync(messageId, message)));

        Assert.Equal(1, applied.Count(a => a));
        Assert.Equal(1, await _probe.LedgerCountAsync());
        Assert.Equal(1, await _probe.ConsumedCountAsync());
        var tally = await _probe.TallyOfAsync("N00003");
        Assert.NotNull(tally);
        Assert.Equal(7, tally.Total);
        Assert.Equal(1, tally.Applications);
    }

    [Fact]
    public async Task Two_different_messages_at_once_are_both_applied()
    {
        var consumer = new TallyConsumer(_probe);
        using var bothRead = new Barrier(2);
        _probe.AfterRead = () =>
        {
            Assert.True(bothRead.SignalAndWait(TimeSpan.FromSeconds(10)), "the other delivery did not arrive");
            return Task.CompletedTask;
        };

        var applied = await Task.WhenAll(
            Task.Run(() => consumer.ApplyAsync(Guid.NewGuid(), _probe.NewMessage("N00004", 1))),
            Task.Run(() => consumer.ApplyAsync(Guid.NewGuid(), _probe.NewMessage("N00005", 2))));

        Assert.All(applied, Assert.True);
        Assert.Equal(2, await _probe.LedgerCountAsync());
        Assert.Equal(2, await _probe.ConsumedCountAsync());
    }
}
