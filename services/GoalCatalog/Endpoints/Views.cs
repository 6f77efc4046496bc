using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.ServiceDefaults.Identity;

namespace Jamforelse.GoalCatalog.Endpoints;

// What the API answers: the stored documents shaped for readers, every enumerated value beside its Swedish label.

public sealed record PlanSummary(
    string Id, string Owner, string Area, string Title, string? DecisionReference, string? DecidedBy, int ValidFrom, int ValidTo,
    string Status, string StatusLabel, int NodeCount, int Version, DateTimeOffset ChangedAt, string ChangedBy, IReadOnlyList<string>? SharedWith)
{
    /// <summary>The summary as <paramref name="caller"/> sees it: whom the plan is shared with is shown only to its owner (and the platform administrator).</summary>
    public static PlanSummary Of(Plan plan, CallerIdentity caller) => new(
        plan.Id, plan.Owner, plan.Area, plan.Title, plan.DecisionReference, plan.DecidedBy, plan.ValidFrom, plan.ValidTo,
        Words.Of(plan.Status), Labels.Of(plan.Status), plan.Nodes.Count, plan.Version, plan.ChangedAt, plan.ChangedBy,
        caller.SeesSharing(plan) ? plan.SharedWith : null);

    /// <summary>An earlier version: who may read the plan now is not part of it.</summary>
    public static PlanSummary OfVersion(Plan snapshot) => Of(snapshot, PlanAccess.ReaderOf(null)) with { SharedWith = null };
}

/// <param name="Nodes">Links to plans the reader may not see are left out (<see cref="NodeView.Of"/>).</param>
public sealed record PlanView(PlanSummary Plan, string? Description, string? Note, IReadOnlyList<NodeKind> Kinds, Provenance? Provenance, IReadOnlyList<NodeView> Nodes)
{
    public static PlanView Of(Plan plan, PlanSummary summary, Func<string, bool> showLinksTo) =>
        new(summary, plan.Description, plan.Note, plan.Kinds, plan.Provenance, NodeView.Tree(plan, null, showLinksTo));
}

public sealed record NodeView(
    string Id, string? Parent, string Kind, string KindLabel, string? Code, string Title, string? Description, IReadOnlyList<string> Committees,
    IReadOnlyList<LinkView> Links, string? Measure, string? MeasureLabel, RuleView? Rule, IReadOnlyList<Labelled> ReportingPoints,
    IReadOnlyList<IndicatorView> Indicators, ActivityView? Activity, string? Note, IReadOnlyList<NodeView> Children)
{
    public static IReadOnlyList<NodeView> Tree(Plan plan, string? parent, Func<string, bool> showLinksTo) =>
        plan.Nodes.Where(n => n.ParentId == parent).Select(n => Of(plan, n, showLinksTo)).ToList();

    /// <param name="showLinksTo">Whether the reader may see a plan (by id): a link to one it may not is left out, lest it tell that plan exists.</param>
    public static NodeView Of(Plan plan, PlanNode node, Func<string, bool> showLinksTo) => new(
        node.Id, node.ParentId, node.Kind, plan.Kinds.Find(k => k.Key == node.Kind)?.Label ?? node.Kind, node.Code, node.Title, node.Description,
        node.Committees,
        node.Links.Where(l => l.Plan == plan.Id || showLinksTo(l.Plan)).Select(l => new LinkView(l.Plan, l.Node, Words.Of(l.Relation), Labels.Of(l.Relation), l.Note)).ToList(),
        node.Measure is { } m ? Words.Of(m) : null, node.Measure is { } ml ? Labels.Of(ml) : null,
        node.Rule is { } rule ? RuleView.Of(rule) : null,
        node.ReportingPoints.Select(Labelled.Of).ToList(),
        node.Indicators.Select(IndicatorView.Of).ToList(),
        node.Activity is { } a ? new ActivityView(a.Due, Words.Of(a.Status), Labels.Of(a.Status), a.Comment,
            a.History.Select(h => new StatusChangeView(Words.Of(h.Status), Labels.Of(h.Status), h.Comment, h.ChangedAt, h.ChangedBy)).ToList()) : null,
        node.Note,
        Tree(plan, node.Id, showLinksTo));
}

public sealed record Labelled(string Value, string Label)
{
    public static Labelled Of(ReportingPoint point) => new(Words.Of(point), Labels.Of(point));
}

public sealed record LinkView(string Plan, string Node, string Relation, string RelationLabel, string? Note);

public sealed record RuleView(
    IReadOnlyList<string> KeyFigures, bool IsSum, string Gender, string Shape, string ShapeLabel, ReferenceView? Reference,
    int? BaselineYear, string BetterDirection, string BetterDirectionLabel, string? Note)
{
    public static RuleView Of(Rule rule) => new(
        rule.KeyFigures, rule.SumOf is not null, rule.Gender, Words.Of(rule.Shape), Labels.Of(rule.Shape),
        rule.Reference is { } r ? new ReferenceView(Words.Of(r.Type), Labels.Of(r.Type), r.Id, r.Weighting is { } w ? Words.Of(w) : null) : null,
        rule.BaselineYear, Words.Of(rule.BetterDirection), Labels.Of(rule.BetterDirection), rule.Note);
}

public sealed record ReferenceView(string Type, string TypeLabel, string? Id, string? Weighting);

public sealed record IndicatorView(
    int? Number, string? Group, string Text, string TargetDirection, string TargetDirectionLabel, string Source,
    IReadOnlyList<Labelled> Periods, bool ByGender, bool ByProvider, string? KeyFigure, string? Note)
{
    public static IndicatorView Of(IndicatorRow row) => new(
        row.Number, row.Group, row.Text, Words.Of(row.TargetDirection), Labels.Of(row.TargetDirection), row.Source,
        row.Periods.Select(Labelled.Of).ToList(), row.ByGender, row.ByProvider, row.KeyFigure, row.Note);
}

public sealed record ActivityView(string? Due, string Status, string StatusLabel, string? Comment, IReadOnlyList<StatusChangeView> History);

public sealed record StatusChangeView(string Status, string StatusLabel, string? Comment, DateTimeOffset ChangedAt, string ChangedBy);

/// <summary>A quantitative criterion with where it sits, as the benchmarking service reads it.</summary>
public sealed record CriterionView(string PlanId, string Owner, string Area, string NodeId, string? Code, string Title, IReadOnlyList<string> Path, RuleView Rule);

public sealed record FollowUpView(
    string Id, string PlanId, IReadOnlyList<string> Nodes, int Year, string Point, string PointLabel, string? Topic, string? Presenter,
    IReadOnlyList<SectionView> Sections, IReadOnlyList<Figure> Figures, string? Note, int Version, DateTimeOffset ChangedAt, string ChangedBy,
    bool Published, DateTimeOffset? PublishedAt, string? PublishedBy)
{
    public static FollowUpView Of(string planId, string id, FollowUpContent c, int version, DateTimeOffset changedAt, string changedBy, FollowUp state) => new(
        id, planId, c.Nodes, c.Year, Words.Of(c.Point), Labels.Of(c.Point), c.Topic, c.Presenter,
        [
            new("centralEvents", Labels.CentralEvents, c.Sections.CentralEvents),
            new("positiveDevelopment", Labels.PositiveDevelopment, c.Sections.PositiveDevelopment),
            new("challenges", Labels.Challenges, c.Sections.Challenges),
            new("lookingAhead", Labels.LookingAhead, c.Sections.LookingAhead),
        ],
        [.. c.Figures.Select(f => f.WithinRange())], c.Note, version, changedAt, changedBy, state.Published, state.PublishedAt, state.PublishedBy);

    public static FollowUpView Of(FollowUp f) => Of(f.PlanId, f.FollowUpId, f.Content, f.Version, f.ChangedAt, f.ChangedBy, f);
}

public sealed record SectionView(string Key, string Label, IReadOnlyList<string> Points);
