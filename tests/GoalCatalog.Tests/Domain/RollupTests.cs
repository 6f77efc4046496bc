using Jamforelse.GoalCatalog.Domain;

namespace Jamforelse.GoalCatalog.Tests.Domain;

public sealed class RollupTests
{
    private static PlanNode Node(string id, string? parent, ActivityStatus? status = null) =>
        new() { Id = id, ParentId = parent, Kind = status is null ? "goal" : "activity", Title = id, Activity = status is { } s ? new Activity { Status = s } : null };

    [Fact]
    public void Counts_activities_beneath_every_node_and_for_the_whole_plan()
    {
        var plan = new Plan
        {
            Id = "p",
            Nodes =
            [
                Node("perspective", null), Node("goal1", "perspective"), Node("a1", "goal1", ActivityStatus.Done), Node("a2", "goal1", ActivityStatus.InProgress),
                Node("goal2", "perspective"), Node("a3", "goal2", ActivityStatus.NotStarted), Node("empty", "perspective"),
            ],
        };
        var rollup = Rollups.Of(plan);
        Assert.Equal(new StatusCounts(1, 1, 1), rollup.Activities);
        Assert.Equal(["perspective", "goal1", "goal2"], rollup.Nodes.Select(n => n.NodeId));
        Assert.Equal(new StatusCounts(0, 1, 1), rollup.Nodes[1].Activities);
        Assert.Equal(3, rollup.Nodes[0].Activities.Total);
    }
}
