using System.Diagnostics;
using System.Text.Json;
using Jamforelse.ServiceDefaults.Telemetry;
using Jamforelse.Storage;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jamforelse.ServiceDefaults.Messaging;

/// <summary>A relay is publishing the outbox message with this id.</summary>
public sealed class OutboxClaim : IDocument
{
    public string Id { get; set; } = "";
    public string Relay { get; set; } = "";
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>
/// Publishes what the outbox holds, oldest first, and removes each message once the bus accepted it. When
/// the broker is down the message stays and is tried again with growing pauses; a crash between publish
/// and removal publishes it again with the same message id, which idempotent consumers drop.
/// Each message is published under an activity whose parent is the write's stored trace context, so that
/// MassTransit's send span (it takes Activity.Current as its parent and carries it in the message's headers)
/// and the consumers' spans continue the trace of the request that caused the event.
/// </summary>
public sealed class OutboxRelay(Outbox outbox, IBus bus, ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>The activity source of the relay's publish spans (enabled by the "Jamforelse.*" sources).</summary>
    public const string ActivitySourceName = TelemetryExtensions.SourcePrefix + ".Outbox";
    private static readonly ActivitySource Source = new(ActivitySourceName);
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromSeconds(60);
    public const string ClaimsCollection = "outbox_claims";
    private readonly string _relay = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

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

    /// <summary>
    /// Two instances of a service share one store, so their relays see the same outbox: a relay publishes a
    /// message only after inserting its claim (an insert conflicts while another relay holds it) and finding
    /// the message still there (not already published and removed). A claim older than
    /// <see cref="ClaimLifetime"/> belongs to a relay that died and is taken over.
    /// </summary>
    private async Task<bool> TryClaimAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var claims = outbox.Store.Collection<OutboxClaim>(ClaimsCollection);
        var now = DateTimeOffset.UtcNow;
        var batch = new WriteBatch();
        if (await claims.GetAsync(message.Id, cancellationToken) is { } held)
        {
            if (held.ClaimedAt > now - ClaimLifetime)
            {
                return false;
            }
            batch.Delete(ClaimsCollection, held.Id);
        }
        try
        {
            await outbox.Store.CommitAsync(batch.Insert(ClaimsCollection, new OutboxClaim { Id = message.Id, Relay = _relay, ClaimedAt = now }), cancellationToken);
        }
        catch (WriteConflictException)
        {
            return false;
        }
        if (await outbox.Messages.GetAsync(message.Id, cancellationToken) is null)
        {
            await claims.DeleteAsync(message.Id, CancellationToken.None);
            return false;
        }
        return true;
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
        var published = 0;
        foreach (var message in pending)
        {
            if (!await TryClaimAsync(message, cancellationToken))
            {
                continue; // another instance of this service publishes it
            }
            var type = Type.GetType(message.MessageType, throwOnError: true)!;
            var payload = JsonSerializer.Deserialize(message.Payload, type)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PublishTimeout);
            using var activity = StartPublishActivity(message, type);
            try
            {
                await bus.Publish(payload, type, context => context.MessageId = Outbox.MessageIdOf(message), timeout.Token);
            }
            catch (Exception exception)
            {
                activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                message.Attempts++;
                await outbox.Store.CommitAsync(new WriteBatch().Upsert(Outbox.CollectionName, message).Delete(ClaimsCollection, message.Id), CancellationToken.None);
                throw;
            }
            await outbox.Store.CommitAsync(new WriteBatch().Delete(Outbox.CollectionName, message.Id).Delete(ClaimsCollection, message.Id), CancellationToken.None);
            published++;
        }
        return published;
    }

    /// <summary>
    /// A producer span in the trace of the write that stored the message. A message stored without a context
    /// (no activity was current, or it predates the field) gets the current activity as parent: in the relay's
    /// loop there is none, so it starts a trace of its own.
    /// </summary>
    private static Activity? StartPublishActivity(OutboxMessage message, Type type)
    {
        var parent = message.TraceParent is { } traceParent
            && ActivityContext.TryParse(traceParent, message.TraceState, isRemote: true, out var stored)
                ? stored
                : default;
        var activity = Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.operation.type", "publish");
            activity.SetTag("messaging.message.id", Outbox.MessageIdOf(message).ToString("D"));
            activity.SetTag("jamforelse.outbox.attempts", message.Attempts);
        }
        return activity;
    }
}
