using Jamforelse.Contracts.Benchmarking;
using Jamforelse.GraphQL.Caching;
using Jamforelse.Contracts.IndicatorData;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Jamforelse.GraphQL.Subscriptions;

/// <summary>
/// Takes benchmarking's ComparisonUpdated off this instance's own queue to its subscribers, after evicting
/// what this instance cached of the key figure (so that the subscribers, and every later query, read the new version).
/// </summary>
public sealed partial class ComparisonUpdatedRelay(EventHub<ComparisonUpdated> hub, ComparisonCache cache, ILogger<ComparisonUpdatedRelay> logger) : IConsumer<ComparisonUpdated>
{
    public Task Consume(ConsumeContext<ComparisonUpdated> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        cache.Invalidate(context.Message.KpiId);
        LogRelayed(logger, context.Message.KpiId, context.Message.Period, context.Message.Version, hub.ObserverCount);
        hub.Publish(context.Message);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "ComparisonUpdated {KpiId} {Period} v{Version} to {Observers} subscription(s)")]
    private static partial void LogRelayed(ILogger logger, string kpiId, string period, int version, int observers);
}

/// <summary>Takes benchmarking's AssessmentChanged off this instance's own queue to its subscribers.</summary>
public sealed class AssessmentChangedRelay(EventHub<AssessmentChanged> hub) : IConsumer<AssessmentChanged>
{
    public Task Consume(ConsumeContext<AssessmentChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        hub.Publish(context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Takes indicator data's ImportProgressed off this instance's own queue to its subscribers. Its endpoint
/// takes one message at a time, so that an import's events reach subscribers in the order published.
/// </summary>
public sealed class ImportProgressedRelay(EventHub<ImportProgressed> hub) : IConsumer<ImportProgressed>
{
    public Task Consume(ConsumeContext<ImportProgressed> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        hub.Publish(context.Message);
        return Task.CompletedTask;
    }
}
