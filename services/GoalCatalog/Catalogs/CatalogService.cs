using System.Text.Json;
using Jamforelse.Contracts.GoalCatalog;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.Contracts.Tenants;
using Jamforelse.GoalCatalog.Storage;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;

namespace Jamforelse.GoalCatalog.Catalogs;

/// <summary>
/// Every write to the goal catalogs. A change to a plan is checked as a whole plan by
/// <see cref="CatalogValidator"/>, written with a new version and a snapshot of it, and announced with one
/// <see cref="PlanChanged"/> through the outbox, all in one atomic batch. Writes are serialised: a plan's
/// version must grow by one per change. Every write is the caller's (<see cref="PlanAccess"/>): a plan the
/// caller may not read is answered as one that does not exist, one it may read but not change with 403.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its SemaphoreSlim is never disposed on purpose: see the field.")]
public sealed class CatalogService(GoalCatalogStore store, IIndicatorDirectory directory, TimeProvider clock)
{
    // Never disposed: disposing a SemaphoreSlim drops its queued waiters, which then wait for ever (a consumer
    // still queued while the host stopped kept the test host from exiting).
    private readonly SemaphoreSlim _writes = new(1, 1);

    public async Task<CatalogOutcome<Plan>> ImportAsync(CatalogFile file, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(caller);
        var actor = caller.Name;
        // Decided from the file and the caller alone, before the store is asked anything.
        if (!caller.Has(Role.Editor))
        {
            return CatalogOutcome.Forbidden<Plan>("Importing a catalog needs the editor role or higher.");
        }
        if (file.Plan?.Owner is { } fileOwner && !caller.MayWrite(fileOwner, Role.Editor))
        {
            return CatalogOutcome.Forbidden<Plan>($"plan.owner is \"{fileOwner}\": a tenant imports only its own plans.");
        }
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var existing = file.Plan?.Id is { } id ? await store.PlanCollection.GetAsync(id, cancellationToken) : null;
            if (existing is not null && !caller.MayRead(existing))
            {
                // Plan ids are unique on the platform, so that the id is taken cannot be hidden; nothing else is said.
                return CatalogOutcome.Conflict<Plan>("planIdTaken", $"The plan id \"{existing.Id}\" is not available; choose another (plan ids are unique on the platform: begin them with the owner, \"{file.Plan!.Owner}-…\").");
            }
            if (existing is not null && !caller.MayWrite(existing))
            {
                return CatalogOutcome.Forbidden<Plan>($"Plan \"{existing.Id}\" belongs to another tenant; only its owner changes it.");
            }
            var problems = CatalogValidator.Validate(file, await FactsAsync(file, cancellationToken)).ToList();
            if (existing is not null && file.Plan?.Owner is { } owner && owner != existing.Owner)
            {
                problems.Add(new CatalogProblem("plan.owner", "ownerMismatch", $"Plan \"{existing.Id}\" belongs to \"{existing.Owner}\"; a plan cannot change owner."));
            }
            if (problems.Count > 0)
            {
                return CatalogOutcome.Invalid<Plan>(problems);
            }
            var now = clock.GetUtcNow();
            var plan = CatalogMapper.ToPlan(file, existing, actor, now);
            var batch = new WriteBatch();
            var planChanged = existing is null || !SameContent(existing, plan);
            if (planChanged)
            {
                StagePlanChange(batch, plan, existing is null ? "created" : "imported", actor, now, existing?.Status);
            }
            var followUpsChanged = await StageFollowUpsAsync(batch, plan.Id, file.FollowUps ?? [], actor, now, cancellationToken);
            if (batch.Count > 0)
            {
                await store.Outbox.CommitAsync(batch, cancellationToken);
            }
            var kind = existing is null ? OutcomeKind.Created : planChanged || followUpsChanged ? OutcomeKind.Changed : OutcomeKind.Unchanged;
            return CatalogOutcome.Done<Plan>(kind, plan);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Adds or replaces one node (its children stay), or moves it under another parent.</summary>
    public Task<CatalogOutcome<Plan>> UpsertNodeAsync(string planId, string nodeId, NodeInput body, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ChangeTreeAsync(planId, "nodeUpserted", caller, (flat, add) =>
        {
            if (body.Id is not null && body.Id != nodeId)
            {
                add("id", "invalid", $"The body's id \"{body.Id}\" differs from the node \"{nodeId}\" in the path.");
            }
            if (body.Children is not null)
            {
                add("children", "invalid", "Children are written one node at a time, each with its parent.");
            }
            var byId = flat.ToDictionary(f => f.Node.Id!, StringComparer.Ordinal);
            if (body.Parent is { } parent)
            {
                if (!byId.ContainsKey(parent))
                {
                    add("parent", "danglingLink", $"The parent \"{parent}\" is not a node of plan \"{planId}\".");
                }
                for (var at = parent; at is not null && byId.TryGetValue(at, out var up); at = up.Parent)
                {
                    if (at == nodeId)
                    {
                        add("parent", "invalid", $"\"{parent}\" lies beneath \"{nodeId}\"; a node cannot move under itself.");
                        break;
                    }
                }
            }
            var node = body with { Id = nodeId, Parent = null, Children = null };
            var index = flat.FindIndex(f => f.Node.Id == nodeId);
            if (index >= 0 && flat[index].Parent == body.Parent)
            {
                flat[index] = (node, body.Parent);
            }
            else
            {
                if (index >= 0)
                {
                    flat.RemoveAt(index);
                }
                flat.Add((node, body.Parent));
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Removes a leaf node that nothing of its owner links to or reports on. Links from other tenants' plans do
    /// not hold it back: naming them would tell about plans the caller may not see, and another tenant could
    /// otherwise pin any node of a public plan; such a link is reported to its own owner as dangling at the
    /// next change of that plan.
    /// </summary>
    public async Task<CatalogOutcome<Plan>> DeleteNodeAsync(string planId, string nodeId, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var followUps = await store.FollowUpsOfAsync(planId, cancellationToken);
        var others = await store.AllPlansAsync(cancellationToken);
        var owner = others.FirstOrDefault(p => p.Id == planId)?.Owner;
        return await ChangeTreeAsync(planId, "nodeDeleted", caller, (flat, add) =>
        {
            var index = flat.FindIndex(f => f.Node.Id == nodeId);
            if (index < 0)
            {
                add("", "notFound", $"Plan \"{planId}\" has no node \"{nodeId}\".");
                return;
            }
            if (flat.Any(f => f.Parent == nodeId))
            {
                add("", "hasChildren", $"Node \"{nodeId}\" has children; delete or move them first.");
            }
            foreach (var plan in others.Where(p => p.Owner == owner))
            {
                foreach (var node in plan.Nodes.Where(n => n.Links.Any(l => l.Plan == planId && l.Node == nodeId) && !(plan.Id == planId && n.Id == nodeId)))
                {
                    add("", "linked", $"Node \"{node.Id}\" of plan \"{plan.Id}\" links to \"{nodeId}\"; remove that link first.");
                }
            }
            foreach (var followUp in followUps.Where(f => f.Content.Nodes.Contains(nodeId)))
            {
                add("", "linked", $"The follow-up \"{followUp.FollowUpId}\" reports on \"{nodeId}\".");
            }
            flat.RemoveAt(index);
        }, cancellationToken);
    }

    public async Task<CatalogOutcome<Plan>> SetActivityStatusAsync(string planId, string nodeId, string? status, string? comment, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var actor = caller.Name;
        if (!Words.TryParse<ActivityStatus>(status, out var parsed))
        {
            return CatalogOutcome.Invalid<Plan>("status", "invalid", $"status must be one of {Words.All<ActivityStatus>()} (Ej påbörjad, Pågår, Genomförd).");
        }
        return await ChangePlanAsync(planId, "activityStatus", caller, (plan, now) =>
        {
            if (plan.Nodes.Find(n => n.Id == nodeId) is not { } node)
            {
                return CatalogOutcome.NotFound<Plan>($"Plan \"{planId}\" has no node \"{nodeId}\".");
            }
            if (node.Activity is not { } activity)
            {
                return CatalogOutcome.Conflict<Plan>("notAnActivity", $"Node \"{nodeId}\" is not an activity; only activities have a status.");
            }
            if (activity.Status == parsed && activity.Comment == comment)
            {
                return CatalogOutcome.Done<Plan>(OutcomeKind.Unchanged, plan);
            }
            activity.Status = parsed;
            activity.Comment = comment;
            activity.History.Add(new StatusChange { Status = parsed, Comment = comment, ChangedAt = now, ChangedBy = actor });
            return CatalogOutcome.Done<Plan>(OutcomeKind.Changed, plan);
        }, cancellationToken);
    }

    public Task<CatalogOutcome<Plan>> SetPlanStatusAsync(string planId, string? status, CallerIdentity caller, CancellationToken cancellationToken)
    {
        if (!Words.TryParse<PlanStatus>(status, out var parsed))
        {
            return Task.FromResult(CatalogOutcome.Invalid<Plan>("status", "invalid", $"status must be one of {Words.All<PlanStatus>()}."));
        }
        return ChangePlanAsync(planId, "planStatus", caller, (plan, _) =>
        {
            var kind = plan.Status == parsed ? OutcomeKind.Unchanged : OutcomeKind.Changed;
            plan.Status = parsed;
            return CatalogOutcome.Done<Plan>(kind, plan);
        }, cancellationToken);
    }

    public async Task<CatalogOutcome<FollowUp>> WriteFollowUpAsync(string planId, string followUpId, FollowUpInput body, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(caller);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var plan = await store.PlanCollection.GetAsync(planId, cancellationToken);
            if (Refusal<FollowUp>(plan, planId, caller) is { } refused)
            {
                return refused;
            }
            var problems = new List<CatalogProblem>();
            if (!CatalogValidator.NodeIdPattern().IsMatch(followUpId))
            {
                problems.Add(new CatalogProblem("id", "invalid", "A follow-up id is 1-64 letters, digits, '.', '_' or '-'."));
            }
            if (body.Id is not null && body.Id != followUpId)
            {
                problems.Add(new CatalogProblem("id", "invalid", $"The body's id \"{body.Id}\" differs from \"{followUpId}\" in the path."));
            }
            var nodes = plan!.Nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            CatalogValidator.ValidateFollowUp(body, "", nodes.Contains, (path, code, message) => problems.Add(new CatalogProblem(path.TrimStart('.'), code, message)));
            if (problems.Count > 0)
            {
                return CatalogOutcome.Invalid<FollowUp>(problems);
            }
            var existed = await store.FollowUpCollection.GetAsync(FollowUp.IdOf(planId, followUpId), cancellationToken) is not null;
            var batch = new WriteBatch();
            var changed = await StageFollowUpsAsync(batch, planId, [body with { Id = followUpId }], caller.Name, clock.GetUtcNow(), cancellationToken);
            if (changed)
            {
                await store.Outbox.CommitAsync(batch, cancellationToken);
            }
            var stored = changed ? (FollowUp)batch.Operations[0].Document! : (await store.FollowUpCollection.GetAsync(FollowUp.IdOf(planId, followUpId), cancellationToken))!;
            return CatalogOutcome.Done<FollowUp>(!changed ? OutcomeKind.Unchanged : existed ? OutcomeKind.Changed : OutcomeKind.Created, stored);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Publishes a follow-up (every tenant that reads the plan then reads it) or takes it back; no new version.</summary>
    public async Task<CatalogOutcome<FollowUp>> SetFollowUpPublishedAsync(string planId, string followUpId, bool? published, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var plan = await store.PlanCollection.GetAsync(planId, cancellationToken);
            if (Refusal<FollowUp>(plan, planId, caller) is { } refused)
            {
                return refused;
            }
            if (await store.FollowUpCollection.GetAsync(FollowUp.IdOf(planId, followUpId), cancellationToken) is not { } followUp)
            {
                return CatalogOutcome.NotFound<FollowUp>($"Plan \"{planId}\" has no follow-up \"{followUpId}\".");
            }
            if (published is not { } wanted)
            {
                return CatalogOutcome.Invalid<FollowUp>("published", "required", "published is required: true or false.");
            }
            if (followUp.Published == wanted)
            {
                return CatalogOutcome.Done<FollowUp>(OutcomeKind.Unchanged, followUp);
            }
            SetPublished(followUp, wanted, caller.Name, clock.GetUtcNow());
            var batch = new WriteBatch();
            batch.Upsert(GoalCatalogStore.FollowUps, followUp);
            await store.Outbox.CommitAsync(batch, cancellationToken);
            return CatalogOutcome.Done<FollowUp>(OutcomeKind.Changed, followUp);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Replaces whom the plan is shared with (tenant ids, or "*" for every tenant; empty revokes all). Takes
    /// effect at the next request; announced with <see cref="SharingChanged"/> in the same batch. Not a new
    /// version of the plan: see <see cref="Plan.SharedWith"/>.
    /// </summary>
    public async Task<CatalogOutcome<Plan>> ShareAsync(string planId, IReadOnlyList<string?>? sharedWith, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var plan = await store.PlanCollection.GetAsync(planId, cancellationToken);
            if (plan is null || !caller.MayRead(plan))
            {
                return CatalogOutcome.NoPlan<Plan>(planId);
            }
            if (!caller.MayShare(plan))
            {
                return CatalogOutcome.Forbidden<Plan>($"Only administrators of \"{plan.Owner}\" share its plans.");
            }
            if (sharedWith is null)
            {
                return CatalogOutcome.Invalid<Plan>("sharedWith", "required", "sharedWith is required: tenant ids, or [\"*\"] for every tenant; [] revokes all.");
            }
            var problems = new List<CatalogProblem>();
            for (var i = 0; i < sharedWith.Count; i++)
            {
                if (sharedWith[i] is not { } tenant || (tenant != CallerIdentity.Everyone && !CatalogValidator.SharingTenantPattern().IsMatch(tenant)))
                {
                    problems.Add(new CatalogProblem($"sharedWith[{i}]", "invalid", "A tenant id is a lower-case letter, then 1-39 lower-case letters, digits or hyphens; or \"*\" for every tenant."));
                }
                else if (tenant == plan.Owner)
                {
                    problems.Add(new CatalogProblem($"sharedWith[{i}]", "invalid", $"\"{tenant}\" owns the plan; an owner always reads its plans."));
                }
            }
            if (problems.Count > 0)
            {
                return CatalogOutcome.Invalid<Plan>(problems);
            }
            var tenants = sharedWith.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (tenants.SequenceEqual(plan.SharedWith, StringComparer.Ordinal))
            {
                return CatalogOutcome.Done<Plan>(OutcomeKind.Unchanged, plan);
            }
            var now = clock.GetUtcNow();
            plan.SharedWith = tenants;
            plan.SharingChangedAt = now;
            plan.SharingChangedBy = caller.Name;
            var batch = new WriteBatch();
            batch.Upsert(GoalCatalogStore.Plans, plan);
            Outbox.Enqueue(batch, new SharingChanged { OwnerTenantId = plan.Owner, ResourceKind = "plan", ResourceId = plan.Id, SharedWith = tenants, ChangedAt = now }, clock);
            await store.Outbox.CommitAsync(batch, cancellationToken);
            return CatalogOutcome.Done<Plan>(OutcomeKind.Changed, plan);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Why a write to a plan is refused, if it is: as if it did not exist when the caller may not read it, 403 when it may only read it.</summary>
    private static CatalogOutcome<T>? Refusal<T>(Plan? plan, string planId, CallerIdentity caller) =>
        plan is null || !caller.MayRead(plan) ? CatalogOutcome.NoPlan<T>(planId)
        : !caller.MayWrite(plan) ? CatalogOutcome.Forbidden<T>($"Only members of \"{plan.Owner}\" with the editor role or higher change its plans.")
        : null;

    private static void SetPublished(FollowUp followUp, bool published, string actor, DateTimeOffset now)
    {
        followUp.Published = published;
        followUp.PublishedAt = published ? now : null;
        followUp.PublishedBy = published ? actor : null;
    }

    /// <summary>Applies an edit to the plan's tree in file form, then checks and writes the whole plan as an import would.</summary>
    private async Task<CatalogOutcome<Plan>> ChangeTreeAsync(
        string planId, string change, CallerIdentity caller, Action<List<(NodeInput Node, string? Parent)>, Action<string, string, string>> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var actor = caller.Name;
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var stored = await store.PlanCollection.GetAsync(planId, cancellationToken);
            if (Refusal<Plan>(stored, planId, caller) is { } refused)
            {
                return refused;
            }
            var existing = stored!;
            var file = CatalogMapper.ToFile(existing, []);
            var flat = CatalogValidator.Walk(file).Select(w => (Node: w.Node with { Children = null }, Parent: w.Parent?.Id)).ToList();
            var problems = new List<CatalogProblem>();
            edit(flat, (path, code, message) => problems.Add(new CatalogProblem(path, code, message)));
            if (problems.Count > 0)
            {
                return problems.All(p => p.Code == "notFound") ? CatalogOutcome.NotFound<Plan>(problems[0].Message)
                    : problems.Any(p => p.Code is "hasChildren" or "linked") ? new CatalogOutcome<Plan>(OutcomeKind.Conflict, null, problems)
                    : CatalogOutcome.Invalid<Plan>(problems);
            }
            file = file with { Nodes = Nest(flat, null) };
            problems.AddRange(CatalogValidator.Validate(file, await FactsAsync(file, cancellationToken)));
            if (problems.Count > 0)
            {
                return CatalogOutcome.Invalid<Plan>(problems);
            }
            var now = clock.GetUtcNow();
            var plan = CatalogMapper.ToPlan(file, existing, actor, now);
            if (SameContent(existing, plan))
            {
                return CatalogOutcome.Done<Plan>(OutcomeKind.Unchanged, existing);
            }
            var batch = new WriteBatch();
            StagePlanChange(batch, plan, change, actor, now, existing.Status);
            await store.Outbox.CommitAsync(batch, cancellationToken);
            return CatalogOutcome.Done<Plan>(OutcomeKind.Changed, plan);
        }
        finally
        {
            _writes.Release();
        }
    }

    private static List<NodeInput> Nest(List<(NodeInput Node, string? Parent)> flat, string? parent) =>
        flat.Where(f => f.Parent == parent)
            .Select(f => f.Node with { Children = Nest(flat, f.Node.Id) is { Count: > 0 } children ? children : null })
            .ToList();

    /// <summary>A change that needs no re-validation of the tree (a status): applied to the stored plan in place.</summary>
    private async Task<CatalogOutcome<Plan>> ChangePlanAsync(
        string planId, string change, CallerIdentity caller, Func<Plan, DateTimeOffset, CatalogOutcome<Plan>> edit, CancellationToken cancellationToken)
    {
        var actor = caller.Name;
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var stored = await store.PlanCollection.GetAsync(planId, cancellationToken);
            if (Refusal<Plan>(stored, planId, caller) is { } refused)
            {
                return refused;
            }
            var plan = stored!;
            var statusBefore = plan.Status;
            var now = clock.GetUtcNow();
            var outcome = edit(plan, now);
            if (outcome.Kind == OutcomeKind.Changed)
            {
                var batch = new WriteBatch();
                StagePlanChange(batch, plan, change, actor, now, statusBefore);
                await store.Outbox.CommitAsync(batch, cancellationToken);
            }
            return outcome;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Stages a plan's new version and its PlanChanged. An adopted plan that goes back to draft is readable by
    /// fewer tenants from then on, so that is also announced as a SharingChanged: live subscriptions of those
    /// who may no longer read it end at once, as when the owner stops sharing a draft.
    /// </summary>
    private void StagePlanChange(WriteBatch batch, Plan plan, string change, string actor, DateTimeOffset now, PlanStatus? statusBefore)
    {
        plan.Version++;
        plan.ChangedAt = now;
        plan.ChangedBy = actor;
        batch.Upsert(GoalCatalogStore.Plans, plan);
        batch.Upsert(GoalCatalogStore.PlanVersions, new PlanVersion
        {
            Id = PlanVersion.IdOf(plan.Id, plan.Version), PlanId = plan.Id, Version = plan.Version, Change = change,
            ChangedAt = now, ChangedBy = actor, Snapshot = plan,
        });
        Outbox.Enqueue(batch, new PlanChanged { TenantId = plan.Owner, PlanId = plan.Id, Version = plan.Version, Change = change, ChangedAt = now }, clock);
        if (statusBefore == PlanStatus.Adopted && plan.Status != PlanStatus.Adopted)
        {
            Outbox.Enqueue(batch, new SharingChanged { OwnerTenantId = plan.Owner, ResourceKind = "plan", ResourceId = plan.Id, SharedWith = plan.SharedWith, ChangedAt = now }, clock);
        }
    }

    /// <summary>Stages the follow-ups whose content differs from the stored one as new versions; true if any did.</summary>
    private async Task<bool> StageFollowUpsAsync(WriteBatch batch, string planId, IEnumerable<FollowUpInput> inputs, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var input in inputs)
        {
            var content = CatalogMapper.ToContent(input);
            var id = FollowUp.IdOf(planId, input.Id!);
            var stored = await store.FollowUpCollection.GetAsync(id, cancellationToken);
            var contentChanged = stored is null || Json(stored.Content) != Json(content);
            // Absent "published" keeps the stored state (a new follow-up starts unpublished).
            var published = input.Published ?? stored?.Published ?? false;
            if (!contentChanged && published == stored!.Published)
            {
                continue;
            }
            var followUp = stored ?? new FollowUp { Id = id, PlanId = planId, FollowUpId = input.Id! };
            if (contentChanged)
            {
                if (stored is not null)
                {
                    followUp.History.Add(new FollowUpVersion { Version = stored.Version, Content = stored.Content, ChangedAt = stored.ChangedAt, ChangedBy = stored.ChangedBy });
                }
                followUp.Content = content;
                followUp.Version++;
                followUp.ChangedAt = now;
                followUp.ChangedBy = actor;
            }
            if (published != followUp.Published)
            {
                SetPublished(followUp, published, actor, now);
            }
            batch.Upsert(GoalCatalogStore.FollowUps, followUp);
            changed = true;
        }
        return changed;
    }

    private async Task<CatalogFacts> FactsAsync(CatalogFile file, CancellationToken cancellationToken)
    {
        var keyFigures = new Dictionary<string, KeyFigureFacts>(StringComparer.Ordinal);
        foreach (var id in CatalogValidator.KeyFiguresNamed(file))
        {
            // Another tenant's key figure is left out altogether (not even its years of data may show in a message).
            if (await directory.FindKeyFigureAsync(id, cancellationToken) is { } facts && (facts.Owner is null || facts.Owner == file.Plan?.Owner))
            {
                keyFigures[id] = facts;
            }
        }
        var areas = new Dictionary<string, AreaFacts>(StringComparer.Ordinal);
        foreach (var id in CatalogValidator.AreasNamed(file))
        {
            if (await directory.FindAreaAsync(id, cancellationToken) is { } facts)
            {
                areas[id] = facts;
            }
        }
        // A plan the owner may not read is left out: a link to it reads exactly as a link to a plan that does not exist.
        var reader = PlanAccess.ReaderOf(file.Plan?.Owner);
        var plans = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var id in CatalogValidator.PlansLinked(file))
        {
            if (await store.PlanCollection.GetAsync(id, cancellationToken) is { } plan && reader.MayRead(plan))
            {
                plans[id] = plan.Nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            }
        }
        return new CatalogFacts { KeyFigures = keyFigures, Areas = areas, PlanNodes = plans };
    }

    /// <summary>Whether two plans say the same (ignoring version, who and when).</summary>
    private static bool SameContent(Plan a, Plan b) =>
        Json(CatalogMapper.ToFile(a, [])) == Json(CatalogMapper.ToFile(b, [])) && Json(a.Nodes) == Json(b.Nodes);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, CatalogFile.Json);
}
