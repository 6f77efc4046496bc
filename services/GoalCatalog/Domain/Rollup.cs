namespace Jamforelse.GoalCatalog.Domain;

/// <summary>How many activities have each status.</summary>
public sealed record StatusCounts(int NotStarted, int InProgress, int Done)
{
    public int Total => NotStarted + InProgress + Done;

    public static StatusCounts Of(IEnumerable<ActivityStatus> statuses)
    {
        var list = statuses.ToList();
        return new StatusCounts(
            list.Count(s => s == ActivityStatus.NotStarted), list.Count(s => s == ActivityStatus.InProgress), list.Count(s => s == ActivityStatus.Done));
    }
}

public sealed record NodeRollup(string NodeId, string Kind, string? Code, string Title, StatusCounts Activities);

public sealed record PlanRollup(string PlanId, StatusCounts Activities, IReadOnlyList<NodeRollup> Nodes);

/// <summary>The roll-up of activity statuses: the whole plan, and every node with activities beneath it.</summary>
public static class Rollups
{
    public static PlanRollup Of(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var children = plan.Nodes.Where(n => n.ParentId is not null).ToLookup(n => n.ParentId!, StringComparer.Ordinal);
        IEnumerable<ActivityStatus> Beneath(PlanNode node) =>
            children[node.Id].SelectMany(child => (child.Activity is { } activity ? [activity.Status] : Array.Empty<ActivityStatus>()).Concat(Beneath(child)));
        var nodes = plan.Nodes
            .Where(n => n.Activity is null)
            .Select(n => new NodeRollup(n.Id, n.Kind, n.Code, n.Title, StatusCounts.Of(Beneath(n))))
            .Where(r => r.Activities.Total > 0)
            .ToList();
        return new PlanRollup(plan.Id, StatusCounts.Of(plan.Nodes.Where(n => n.Activity is not null).Select(n => n.Activity!.Status)), nodes);
    }
}
