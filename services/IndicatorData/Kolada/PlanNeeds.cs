namespace Jamforelse.IndicatorData.Kolada;

/// <summary>The Kolada key figures an adopted plan's criteria use, and the years the plan needs them for.</summary>
public sealed record PlanNeed(string PlanId, IReadOnlyList<string> KpiIds, int FromYear, int ToYear);

/// <summary>
/// The port to the goal catalog for the Kolada sync: what the adopted plans need. In process in the embedded
/// host; a host that runs indicator data alone knows no plans (<see cref="NoPlanNeeds"/>) and keeps current only
/// the configured and the administrator's key figures.
/// </summary>
public interface IPlanNeeds
{
    Task<IReadOnlyList<PlanNeed>> AdoptedPlansAsync(CancellationToken cancellationToken);
}

public sealed class NoPlanNeeds : IPlanNeeds
{
    public Task<IReadOnlyList<PlanNeed>> AdoptedPlansAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PlanNeed>>([]);
}
