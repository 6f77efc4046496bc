using System.Diagnostics;
using Jamforelse.Platform.Tests.Support;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage.LiteDb;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Jamforelse.Platform.Tests.Messaging;

/// <summary>
/// MassTransit against the real RabbitMQ broker named by JAMFORELSE_TEST_RABBITMQ. Every test uses queues of
/// its own (auto-deleted) and ignores messages of other runs, so parallel runs on one broker do not collide.
/// </summary>
public sealed class RabbitMqOutboxTests(ITestOutputHelper output) : IAsyncDisposable
{
    // 60 s: at the start of a CI run the broker has just come up beside the distributed suite's own nodes (one run in six timed out at 30 s).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<IHost> _hosts = [];

    private static Uri BrokerUri => new(TestEnvironment.Get(TestEnvironment.RabbitMqVariable)
        ?? throw new InvalidOperationException(TestEnvironment.RabbitMqSkipReason));

    /// <summary>A host whose bus talks to <paramref name="broker"/>; with a probe it also consumes on a queue of its own.</summary>
    private async Task<IHost> StartBusAsync(Uri broker, TallyProbe? probe)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(30);
            options.StopTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddMassTransit(bus =>
        {
            if (probe is not null)
            {
                builder.Services.AddSingleton(probe);
                bus.AddConsumer<TallyConsumer>();
            }
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(broker);
                if (probe is not null)
                {
                    cfg.ReceiveEndpoint("platform-tests-" + Guid.NewGuid().ToString("N"), endpoint =>
                    {
                        endpoint.AutoDelete = true;
                        endpoint.Durable = false;
                        endpoint.ConfigureConsumer<TallyConsumer>(context);
                    });
                }
            });
        });
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    [RabbitMqFact]
    public async Task A_message_makes_the_round_trip_through_the_broker()
    {
        using var consumerStore = LiteDbDocumentStore.OpenInMemory("consumer");
        var probe = new TallyProbe(consumerStore);
        var host = await StartBusAsync(BrokerUri, probe);
        var sent = probe.NewMessage("N00100", 4);
        var messageId = NewId.NextGuid();

        await host.Services.GetRequiredService<IBus>().Publish(sent, context => context.MessageId = messageId);

        await Eventually.HoldsAsync(async () => (await probe.TallyOfAsync("N00100"))?.Total == 4, Patience, "the consumer applied the message");
        var delivery = Assert.Single(probe.Deliveries);
        Assert.Equal(messageId, delivery.MessageId);
        Assert.Equal(sent.KpiId, delivery.Message.KpiId);
        Assert.Equal(sent.AreaIds, delivery.Message.AreaIds);
        Assert.Equal(sent.Periods, delivery.Message.Periods);
        Assert.Equal(sent.ChangedAt, delivery.Message.ChangedAt);
    }

    [RabbitMqFact]
    public async Task An_event_written_while_the_broker_is_unreachable_arrives_exactly_once_after_it_returns()
    {
        var clock = Stopwatch.StartNew();
        var broker = BrokerUri;
        await using var proxy = new TcpProxy(broker.Host, broker.IsDefaultPort ? 5672 : broker.Port);
        proxy.Start();
        var throughProxy = new UriBuilder(broker) { Host = "127.0.0.1", Port = proxy.Port }.Uri;

        // The consumer talks to the broker directly; only the publishing service loses its connection.
        using var consumerStore = LiteDbDocumentStore.OpenInMemory("consumer");
        var probe = new TallyProbe(consumerStore);
        await StartBusAsync(broker, probe);
        var publisherHost = await StartBusAsync(throughProxy, probe: null);
        using var publisher = new Publisher(LiteDbDocumentStore.OpenInMemory("publisher"));
        using var relay = new OutboxRelay(publisher.Outbox, publisherHost.Services.GetRequiredService<IBus>(), NullLogger<OutboxRelay>.Instance);

        await proxy.StopAsync();
        output.WriteLine($"{clock.Elapsed}: proxy down");

        var messageId = await publisher.WriteImportAsync(probe.NewMessage("N00200", 7));
        var pending = Assert.Single(await publisher.PendingAsync());
        Assert.Equal(messageId, Outbox.MessageIdOf(pending));

        using (var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => relay.PublishPendingAsync(attempt.Token));
            output.WriteLine($"{clock.Elapsed}: publish while down failed with {failure.GetType().Name}: {failure.Message}");
        }
        var stillPending = Assert.Single(await publisher.PendingAsync());
        Assert.Equal(1, stillPending.Attempts);
        Assert.Null(await probe.TallyOfAsync("N00200"));

        proxy.Start();
        output.WriteLine($"{clock.Elapsed}: proxy up again on port {proxy.Port}");
        await relay.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.HoldsAsync(async () => (await probe.TallyOfAsync("N00200"))?.Total == 7, Patience, "the event reached the consumer");
            output.WriteLine($"{clock.Elapsed}: consumer applied the event");
            await Eventually.HoldsAsync(async () => await publisher.Outbox.Messages.CountAsync() == 0, Patience, "the relay emptied the outbox");
            // Give a stray duplicate (a publish the broker took during the cut but never confirmed) time to show up.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }

        output.WriteLine($"{clock.Elapsed}: deliveries {probe.Deliveries.Count}");
        Assert.All(probe.Deliveries, delivery => Assert.Equal(messageId, delivery.MessageId));
        var tally = await probe.TallyOfAsync("N00200");
        Assert.NotNull(tally);
        Assert.Equal(7, tally.Total);
        Assert.Equal(1, tally.Applications);
        Assert.Equal(1, await probe.ConsumedCountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
