using Jamforelse.Storage;

namespace Jamforelse.GoalCatalog.Domain;

public enum PlanStatus { Draft, Adopted }

public enum Measure { Quantitative, Qualitative }

public enum RuleShape { GapToReferenceNarrows, BetterThanReference, ChangeAgainstBaseline, DevelopmentBetterThanReference }

public enum ReferenceType { Riket, MunicipalityAverage, Region, PeerGroup, Municipality }

public enum Weighting { Unweighted, PopulationWeighted }

public enum Direction { Higher, Lower }

public enum ReportingPoint { Q1, Interim, FullYear }

public enum TargetDirection { Increase, Decrease }

public enum ActivityStatus { NotStarted, InProgress, Done }

public enum LinkRelation { ContributesDirectly, ContributesIndirectly, Implements, RelatesTo }

/// <summary>
/// A municipality's plan (<i>övergripande mål</i>, <i>uppdragsplan</i>, <i>verksamhetsplan</i>): a tree of typed
/// nodes whose kinds and level names are the municipality's own. Stored whole, one document per plan, so
/// that a change to it is one atomic write with one new version.
/// </summary>
public sealed class Plan : IDocument
{
    public string Id { get; set; } = "";
    public string Owner { get; set; } = "";
    /// <summary>The Kolada area the plan is about (0581 Norrköping).</summary>
    public string Area { get; set; } = "";
    public string Title { get; set; } = "";
    public string? DecisionReference { get; set; }
    public string? DecidedBy { get; set; }
    public int ValidFrom { get; set; }
    public int ValidTo { get; set; }
    public PlanStatus Status { get; set; }
    public string? Description { get; set; }
    public string? Note { get; set; }
    public List<NodeKind> Kinds { get; set; } = [];
    /// <summary>Every node in document order (a parent before its children).</summary>
    public List<PlanNode> Nodes { get; set; } = [];
    public Provenance? Provenance { get; set; }
    public int Version { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";

    /// <summary>
    /// The tenants a draft is shared with ("*": every tenant); an adopted plan is public anyway. Who may read
    /// is not the plan's content: changing it makes no new version (benchmarking has nothing to reassess, a
    /// report made from a version stays reproducible, and an import cannot undo an administrator's sharing).
    /// </summary>
    public List<string> SharedWith { get; set; } = [];
    public DateTimeOffset? SharingChangedAt { get; set; }
    public string? SharingChangedBy { get; set; }
}

public sealed class Provenance
{
    public string? Document { get; set; }
    public string? Publisher { get; set; }
    public string? File { get; set; }
    public List<string> Notes { get; set; } = [];
}

/// <summary>A level of a plan in the municipality's words ("Målområde", "Nämndmål", "Aktivitet").</summary>
public sealed class NodeKind
{
    public string Key { get; set; } = "";
    public string Label { get; set; } = "";
    /// <summary>Kinds a node of this kind may sit under; empty means a root kind.</summary>
    public List<string> Parents { get; set; } = [];
    /// <summary>Whether a node of this kind may be a root (always so when it has no parents).</summary>
    public bool Root { get; set; }
}

public sealed class PlanNode
{
    public string Id { get; set; } = "";
    public string? ParentId { get; set; }
    public string Kind { get; set; } = "";
    public string? Code { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public List<string> Committees { get; set; } = [];
    public List<NodeLink> Links { get; set; } = [];
    public Measure? Measure { get; set; }
    public Rule? Rule { get; set; }
    public List<ReportingPoint> ReportingPoints { get; set; } = [];
    public List<IndicatorRow> Indicators { get; set; } = [];
    public Activity? Activity { get; set; }
    public string? Note { get; set; }
}

public sealed class NodeLink
{
    public string Plan { get; set; } = "";
    public string Node { get; set; } = "";
    public LinkRelation Relation { get; set; }
    public string? Note { get; set; }
}

/// <summary>A quantitative criterion's comparison rule, as data the benchmarking service evaluates.</summary>
public sealed class Rule
{
    /// <summary>One key figure, or null when <see cref="SumOf"/> defines the measure as a sum.</summary>
    public string? KeyFigure { get; set; }
    public List<string>? SumOf { get; set; }
    public string Gender { get; set; } = "T";
    public RuleShape Shape { get; set; }
    /// <summary>Null for <see cref="RuleShape.ChangeAgainstBaseline"/>, which compares with the baseline only.</summary>
    public Reference? Reference { get; set; }
    /// <summary>Null for <see cref="RuleShape.BetterThanReference"/>, which has no baseline.</summary>
    public int? BaselineYear { get; set; }
    public Direction BetterDirection { get; set; }
    public string? Note { get; set; }

    public IReadOnlyList<string> KeyFigures => SumOf ?? (KeyFigure is null ? [] : [KeyFigure]);
}

public sealed class Reference
{
    public ReferenceType Type { get; set; }
    /// <summary>The region, peer group or municipality id; null for riket and the average of municipalities.</summary>
    public string? Id { get; set; }
    /// <summary>For the average of municipalities only.</summary>
    public Weighting? Weighting { get; set; }
}

/// <summary>A row of a committee plan's indicator table.</summary>
public sealed class IndicatorRow
{
    public int? Number { get; set; }
    public string? Group { get; set; }
    public string Text { get; set; } = "";
    public TargetDirection TargetDirection { get; set; }
    public string Source { get; set; } = "";
    public List<ReportingPoint> Periods { get; set; } = [];
    public bool ByGender { get; set; }
    public bool ByProvider { get; set; }
    public string? KeyFigure { get; set; }
    public string? Note { get; set; }
}

public sealed class Activity
{
    /// <summary>"2023-Q4" or "2023-12-31"; null when the document gives no date.</summary>
    public string? Due { get; set; }
    public ActivityStatus Status { get; set; }
    public string? Comment { get; set; }
    /// <summary>Every status the activity has had, oldest first, the current one last.</summary>
    public List<StatusChange> History { get; set; } = [];
}

public sealed class StatusChange
{
    public ActivityStatus Status { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
}

/// <summary>An earlier version of a plan, kept whole so that a report can be reproduced as it was.</summary>
public sealed class PlanVersion : IDocument
{
    public string Id { get; set; } = "";
    public string PlanId { get; set; } = "";
    public int Version { get; set; }
    public string Change { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
    public Plan Snapshot { get; set; } = new();

    public static string IdOf(string planId, int version) => $"{planId}|{version:D6}";
}
