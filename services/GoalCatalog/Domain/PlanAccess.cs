using Jamforelse.ServiceDefaults.Identity;

namespace Jamforelse.GoalCatalog.Domain;

/// <summary>
/// Who may see and change a plan (issue 6). An adopted plan is a political decision and public: every
/// tenant reads it. A draft is read only by its owner, the tenants it is shared with and the platform
/// administrator. Unpublished follow-ups are private to the same readers even on an adopted plan. Writes
/// are for the owner's editors and up, sharing for the owner's administrators.
/// </summary>
public static class PlanAccess
{
    public static bool MayRead(this CallerIdentity caller, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Status == PlanStatus.Adopted || caller.MayReadPrivate(plan);
    }

    /// <summary>Whether the caller reads what the owner keeps to itself: drafts, unpublished follow-ups.</summary>
    public static bool MayReadPrivate(this CallerIdentity caller, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(plan);
        return caller.MayRead(plan.Owner, plan.SharedWith);
    }

    public static bool MayRead(this CallerIdentity caller, Plan plan, FollowUp followUp)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        return caller.MayRead(plan) && (followUp.Published || caller.MayReadPrivate(plan));
    }

    /// <summary>An earlier version: public when the plan was adopted then, else private.</summary>
    public static bool MayRead(this CallerIdentity caller, Plan plan, PlanVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Snapshot.Status == PlanStatus.Adopted ? caller.MayRead(plan) : caller.MayReadPrivate(plan);
    }

    public static bool MayWrite(this CallerIdentity caller, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(plan);
        return caller.MayWrite(plan.Owner, Role.Editor);
    }

    public static bool MayShare(this CallerIdentity caller, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(plan);
        return caller.MayWrite(plan.Owner, Role.Admin);
    }

    /// <summary>Whom a plan is shared with is the owner's business (the tenants it is shared with do not learn of each other).</summary>
    public static bool SeesSharing(this CallerIdentity caller, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(plan);
        return caller.IsPlatformAdmin || caller.Tenant == plan.Owner;
    }

    /// <summary>
    /// The owner tenant as a reader: a plan may link only to plans its owner can read (whoever imports it, the
    /// platform administrator included), so that its own members never meet links they cannot see.
    /// </summary>
    public static CallerIdentity ReaderOf(string? owner) => new(owner ?? "", Role.Reader, "", "");
}
