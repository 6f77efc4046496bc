using System.Text.Json;
using Jamforelse.Contracts.GoalCatalog;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.GoalCatalog.Storage;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;

namespace Jamforelse.GoalCatalog.Catalogs;

/// <summary>
/// Every write to the goal catalogs. A change to a plan is checked as a whole plan by
/// <see cref="CatalogValidator"/>, written with a new version and a snapshot of it, and announced with one
/// <see cref="PlanChanged"/> through the outbox, all in one atomic batch. Writes are serialised: a plan's
/// version must grow by one per change.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its SemaphoreSlim is never disposed on purpose: see the field.")]
public sealed class CatalogService(GoalCatalogStore store, IIndicatorDirectory directory, TimeProvider clock)
{
    // Never disposed: disposing a SemaphoreSlim drops its queued waiters, which then wait for ever (a consumer
    // still queued while the host stopped kept the test host from exiting).
    private readonly SemaphoreSlim _writes = new(1, 1);

    public async Task<CatalogOutcome<Plan>> ImportAsync(CatalogFile file, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var existing = file.Plan?.Id is { } id ? await store.PlanCollection.GetAsync(id, cancellationToken) : null;
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
                StagePlanChange(batch, plan, existing is null ? "created" : "imported", actor, now);
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
    public Task<CatalogOutcome<Plan>> UpsertNodeAsync(string planId, string nodeId, NodeInput body, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ChangeTreeAsync(planId, "nodeUpserted", actor, (flat, add) =>
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

    /// <summary>Removes a leaf node that nothing links to or reports on.</summary>
    public async Task<CatalogOutcome<Plan>> DeleteNodeAsync(string planId, string nodeId, string actor, CancellationToken cancellationToken)
    {
        var followUps = await store.FollowUpsOfAsync(planId, cancellationToken);
        var others = await store.AllPlansAsync(cancellationToken);
        return await ChangeTreeAsync(planId, "nodeDeleted", actor, (flat, add) =>
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
            foreach (var plan in others)
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

    public async Task<CatalogOutcome<Plan>> SetActivityStatusAsync(string planId, string nodeId, string? status, string? comment, string actor, CancellationToken cancellationToken)
    {
        if (!Words.TryParse<ActivityStatus>(status, out var parsed))
        {
            return CatalogOutcome.Invalid<Plan>("status", "invalid", $"status must be one of {Words.All<ActivityStatus>()} (Ej påbörjad, Pågår, Genomförd).");
        }
        return await ChangePlanAsync(planId, "activityStatus", actor, (plan, now) =>
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

    public Task<CatalogOutcome<Plan>> SetPlanStatusAsync(string planId, string? status, string actor, CancellationToken cancellationToken)
    {
        if (!Words.TryParse<PlanStatus>(status, out var parsed))
        {
            return Task.FromResult(CatalogOutcome.Invalid<Plan>("status", "invalid", $"status must be one of {Words.All<PlanStatus>()}."));
        }
        return ChangePlanAsync(planId, "planStatus", actor, (plan, _) =>
        {
            var kind = plan.Status == parsed ? OutcomeKind.Unchanged : OutcomeKind.Changed;
            plan.Status = parsed;
            return CatalogOutcome.Done<Plan>(kind, plan);
        }, cancellationToken);
    }

    public async Task<CatalogOutcome<FollowUp>> WriteFollowUpAsync(string planId, string followUpId, FollowUpInput body, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (await store.PlanCollection.GetAsync(planId, cancellationToken) is not { } plan)
            {
                return CatalogOutcome.NotFound<FollowUp>($"No plan \"{planId}\".");
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
            var nodes = plan.Nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            CatalogValidator.ValidateFollowUp(body, "", nodes.Contains, (path, code, message) => problems.Add(new CatalogProblem(path.TrimStart('.'), code, message)));
            if (problems.Count > 0)
            {
                return CatalogOutcome.Invalid<FollowUp>(problems);
            }
            var batch = new WriteBatch();
            var changed = await StageFollowUpsAsync(batch, planId, [body with { Id = followUpId }], actor, clock.GetUtcNow(), cancellationToken);
            if (changed)
            {
                await store.Outbox.CommitAsync(batch, cancellationToken);
            }
            var stored = changed ? (FollowUp)batch.Operations[0].Document! : (await store.FollowUpCollection.GetAsync(FollowUp.IdOf(planId, followUpId), cancellationToken))!;
            return CatalogOutcome.Done<FollowUp>(!changed ? OutcomeKind.Unchanged : stored.Version == 1 ? OutcomeKind.Created : OutcomeKind.Changed, stored);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Applies an edit to the plan's tree in file form, then checks and writes the whole plan as an import would.</summary>
    private async Task<CatalogOutcome<Plan>> ChangeTreeAsync(
        string planId, string change, string actor, Action<List<(NodeInput Node, string? Parent)>, Action<string, string, string>> edit, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (await store.PlanCollection.GetAsync(planId, cancellationToken) is not { } existing)
            {
                return CatalogOutcome.NotFound<Plan>($"No plan \"{planId}\".");
            }
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
            StagePlanChange(batch, plan, change, actor, now);
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
        string planId, string change, string actor, Func<Plan, DateTimeOffset, CatalogOutcome<Plan>> edit, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (await store.PlanCollection.GetAsync(planId, cancellationToken) is not { } plan)
            {
                return CatalogOutcome.NotFound<Plan>($"No plan \"{planId}\".");
            }
            var now = clock.GetUtcNow();
            var outcome = edit(plan, now);
            if (outcome.Kind == OutcomeKind.Changed)
            {
                var batch = new WriteBatch();
                StagePlanChange(batch, plan, change, actor, now);
                await store.Outbox.CommitAsync(batch, cancellationToken);
            }
            return outcome;
        }
        finally
        {
            _writes.Release();
        }
    }

    private void StagePlanChange(WriteBatch batch, Plan plan, string change, string actor, DateTimeOffset now)
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
            if (stored is not null && Json(stored.Content) == Json(content))
            {
                continue;
            }
            var followUp = stored ?? new FollowUp { Id = id, PlanId = planId, FollowUpId = input.Id! };
            if (stored is not null)
            {
                followUp.History.Add(new FollowUpVersion { Version = stored.Version, Content = stored.Content, ChangedAt = stored.ChangedAt, ChangedBy = stored.ChangedBy });
            }
            followUp.Content = content;
            followUp.Version++;
            followUp.ChangedAt = now;
            followUp.ChangedBy = actor;
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
            if (await directory.FindKeyFigureAsync(id, cancellationToken) is { } facts)
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
        var plans = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var id in CatalogValidator.PlansLinked(file))
        {
            if (await store.PlanCollection.GetAsync(id, cancellationToken) is { } plan)
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
