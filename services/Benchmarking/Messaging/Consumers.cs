using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Contracts.GoalCatalog;
using Jamforelse.Contracts.IndicatorData;
using MassTransit;

namespace Jamforelse.Benchmarking.Messaging;

/// <summary>New values: recompute that key figure's comparisons for the periods named, then its assessments.</summary>
public sealed class IndicatorValuesChangedConsumer(Recomputer recomputer) : IConsumer<IndicatorValuesChanged>
{
    public Task Consume(ConsumeContext<IndicatorValuesChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        return recomputer.RecomputeKeyFigureAsync(message.KpiId, message.Periods.ToList(), message.AreaIds, context.CancellationToken);
    }
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
