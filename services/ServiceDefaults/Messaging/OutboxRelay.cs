using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jamforelse.ServiceDefaults.Messaging;

/// <summary>
/// Publishes what the outbox holds, oldest first, and removes each message once the bus accepted it. When
/// the broker is down the message stays and is tried again with growing pauses; a crash between publish
/// and removal publishes it again with the same message id, which idempotent consumers drop.
/// </summary>
public sealed class OutboxRelay(Outbox outbox, IBus bus, ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await PublishPendingAsync(stoppingToken) > 0)
                {
                    pause = TimeSpan.FromMilliseconds(250);
                    continue;
                }
                await outbox.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the relay must outlive any broker or store failure
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogWarning(exception, "Outbox of {Store} could not publish; retrying in {Pause}", outbox.Store.Name, pause);
                await Task.Delay(pause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
            }
        }
    }

    /// <summary>Publishes one batch of pending messages, oldest first; returns how many went out.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        var pending = new List<OutboxMessage>(BatchSize);
        await foreach (var message in outbox.Messages.ScanAsync(cancellationToken))
        {
            pending.Add(message);
            if (pending.Count == BatchSize)
            {
                break;
            }
        }
        foreach (var message in pending)
        {
            var type = Type.GetType(message.MessageType, throwOnError: true)!;
            var payload = JsonSerializer.Deserialize(message.Payload, type)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PublishTimeout);
            try
            {
                await bus.Publish(payload, type, context => context.MessageId = Outbox.MessageIdOf(message), timeout.Token);
            }
            catch
            {
                message.Attempts++;
                await outbox.Messages.UpsertAsync(message, CancellationToken.None);
                throw;
            }
            await outbox.Messages.DeleteAsync(message.Id, CancellationToken.None);
        }
        return pending.Count;
    }
}
