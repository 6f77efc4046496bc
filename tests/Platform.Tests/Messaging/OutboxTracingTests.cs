using System.Collections.Concurrent;
using System.Diagnostics;
using Jamforelse.Contracts.IndicatorData;
using Jamforelse.Platform.Tests.Support;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage.LiteDb;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jamforelse.Platform.Tests.Messaging;

/// <summary>
/// The trace of a write continues through the outbox: the relay publishes from its own loop, long after the write's
/// activity ended, yet MassTransit's send span and the consumer run in the write's trace (in-memory bus).
/// </summary>
public sealed class OutboxTracingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private const string WriteSourceName = "Jamforelse.Tests.OutboxTracing";
    private static readonly ActivitySource WriteSource = new(WriteSourceName);
    private readonly Publisher _publisher = new(LiteDbDocumentStore.OpenInMemory("publisher"));
    private readonly TraceProbe _probe = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private IHost? _host;

    public OutboxTracingTests()
    {
        // What OpenTelemetry's tracer provider does in a host: listen to these sources and record everything.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or OutboxRelay.ActivitySourceName or WriteSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async Task InitializeAsync() => _host = await InMemoryBusHost.StartAsync<TraceRecordingConsumer, TraceProbe>(_probe);

    public async Task DisposeAsync()
    {
        await InMemoryBusHost.StopAsync(_host);
        _listener.Dispose();
        _publisher.Dispose();
    }

    private OutboxRelay NewRelay() => new(_publisher.Outbox, _host!.Services.GetRequiredService<IBus>(), NullLogger<OutboxRelay>.Instance);

    [Fact]
    public async Task An_event_written_under_an_activity_is_published_and_consumed_in_that_activitys_trace()
    {
        ActivityTraceId traceId;
        ActivitySpanId writeSpanId;
        using (var write = WriteSource.StartActivity("import", ActivityKind.Server))
        {
            Assert.NotNull(write);
            (traceId, writeSpanId) = (write.TraceId, write.SpanId);
            await _publisher.WriteImportAsync(_probe.NewMessage("N00011"));
        }
        var stored = Assert.Single(await _publisher.PendingAsync());
        Assert.Equal($"00-{traceId}-{writeSpanId}-01", stored.TraceParent);

        Assert.Null(Activity.Current); // the relay publishes with no activity of its own, as in its loop
        Assert.Equal(1, await NewRelay().PublishPendingAsync(CancellationToken.None));

        var consumed = await _probe.ConsumedAsync(Patience);
        Assert.Equal(traceId, consumed.TraceId);
        var outboxSpan = Assert.Single(InTrace(traceId), a => a.Source.Name == OutboxRelay.ActivitySourceName);
        Assert.Equal("outbox publish IndicatorValuesChanged", outboxSpan.DisplayName);
        Assert.Equal(ActivityKind.Producer, outboxSpan.Kind);
        Assert.Equal(writeSpanId, outboxSpan.ParentSpanId);
        var send = Assert.Single(InTrace(traceId), a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer);
        Assert.Equal(outboxSpan.SpanId, send.ParentSpanId);
        // The consumer's span descends from MassTransit's send span, carried across in the message's headers.
        Assert.Contains(send.SpanId, consumed.Ancestors);
    }

    [Fact]
    public async Task An_event_stored_without_a_trace_context_is_still_published_in_a_trace_of_its_own()
    {
        await _publisher.WriteImportAsync(_probe.NewMessage("N00012"));
        var stored = Assert.Single(await _publisher.PendingAsync());
        // As a message stored before the outbox kept trace contexts.
        stored.TraceParent = null;
        stored.TraceState = null;
        await _publisher.Outbox.Messages.UpsertAsync(stored);

        Assert.Equal(1, await NewRelay().PublishPendingAsync(CancellationToken.None));

        var consumed = await _probe.ConsumedAsync(Patience);
        Assert.NotEqual(default, consumed.TraceId);
        var outboxSpan = Assert.Single(InTrace(consumed.TraceId), a => a.Source.Name == OutboxRelay.ActivitySourceName);
        Assert.Equal(default, outboxSpan.ParentSpanId);
    }

    private List<Activity> InTrace(ActivityTraceId traceId) => _stopped.Where(a => a.TraceId == traceId).ToList();
}

/// <summary>The trace the consumer of this test's one message ran in, and the parent span ids above its activity.</summary>
public sealed record ConsumedTrace(ActivityTraceId TraceId, IReadOnlyList<ActivitySpanId> Ancestors);

public sealed class TraceProbe
{
    private readonly TaskCompletionSource<ConsumedTrace> _consumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RunId { get; } = "trace-" + Guid.NewGuid().ToString("N");

    public IndicatorValuesChanged NewMessage(string kpiId) => new()
    {
        KpiId = kpiId,
        AreaIds = ["0580"],
        Periods = ["2024"],
        ImportId = RunId,
        ValuesChanged = 1,
        ChangedAt = DateTimeOffset.UnixEpoch,
    };

    internal void Consumed(Activity? activity)
    {
        // Walked now: the consumer's activities are still running, so they are not among the stopped ones yet.
        var ancestors = new List<ActivitySpanId>();
        for (var current = activity; current is not null; current = current.Parent)
        {
            ancestors.Add(current.ParentSpanId);
        }
        _consumed.TrySetResult(new ConsumedTrace(activity?.TraceId ?? default, ancestors));
    }

    public Task<ConsumedTrace> ConsumedAsync(TimeSpan patience) => _consumed.Task.WaitAsync(patience);
}

public sealed class TraceRecordingConsumer(TraceProbe probe) : IConsumer<IndicatorValuesChanged>
{
    public Task Consume(ConsumeContext<IndicatorValuesChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Message.ImportId == probe.RunId)
        {
            probe.Consumed(Activity.Current);
        }
        return Task.CompletedTask;
    }
}
