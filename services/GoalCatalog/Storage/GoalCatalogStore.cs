using Jamforelse.GoalCatalog.Domain;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GoalCatalog.Storage;

/// <summary>The goal-catalog service's collections in its own store.</summary>
public sealed class GoalCatalogStore([FromKeyedServices(GoalCatalogModule.StoreName)] Outbox outbox)
{
    public const string Plans = "plans";
    public const string PlanVersions = "plan_versions";
    public const string FollowUps = "follow_ups";

    public Outbox Outbox => outbox;

    public IDocumentCollection<Plan> PlanCollection => outbox.Store.Collection<Plan>(Plans);

    public IDocumentCollection<PlanVersion> VersionCollection => outbox.Store.Collection<PlanVersion>(PlanVersions);

    public IDocumentCollection<FollowUp> FollowUpCollection => outbox.Store.Collection<FollowUp>(FollowUps);

    public async Task<IReadOnlyList<Plan>> AllPlansAsync(CancellationToken cancellationToken)
    {
        var plans = new List<Plan>();
        await foreach (var plan in PlanCollection.ScanAsync(cancellationToken))
        {
            plans.Add(plan);
        }
        return plans;
    }

    public Task<IReadOnlyList<FollowUp>> FollowUpsOfAsync(string planId, CancellationToken cancellationToken) =>
        FollowUpCollection.FindAsync(nameof(FollowUp.PlanId), planId, 100_000, cancellationToken);
}
