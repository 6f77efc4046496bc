using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Contracts.GoalCatalog;
using Jamforelse.Contracts.IndicatorData;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Jamforelse.Benchmarking.Messaging;

/// <summary>New values: recompute that key figure's comparisons for the periods named, then its assessments.</summary>
public sealed partial class IndicatorValuesChangedConsumer(Recomputer recomputer, ILogger<IndicatorValuesChangedConsumer> logger) : IConsumer<IndicatorValuesChanged>
{
    public async Task Consume(ConsumeContext<IndicatorValuesChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var changed = await recomputer.RecomputeKeyFigureAsync(message.KpiId, message.Periods.ToList(), message.AreaIds, context.CancellationToken);
        LogRecomputed(logger, message.KpiId, message.Periods, changed.Count);
    }

    // Which instance did the work shows in its log (the distributed suite counts these lines per instance).
    [LoggerMessage(Level = LogLevel.Information, Message = "Recomputed {KpiId} for {Periods}: {Changed} period(s) changed")]
    private static partial void LogRecomputed(ILogger logger, string kpiId, IEnumerable<string> periods, int changed);
}

/// <summary>A changed plan: take its current criteria (a late, older version is ignored) and reassess it.</summary>
public sealed class PlanChangedConsumer(Recomputer recomputer) : IConsumer<PlanChanged>
{
    public Task Consume(ConsumeContext<PlanChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return recomputer.RecomputePlanAsync(context.Message.PlanId, context.Message.Version, context.CancellationToken);
    }
}
