using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jamforelse.GoalCatalog.Catalogs;

/// <summary>
/// A catalog file as written (Data/catalogs/FORMAT.md): every value is read as given, enumerations as
/// words, so that the validator can report every problem at once instead of failing on the first.
/// </summary>
public sealed record CatalogFile
{
    public const string FormatName = "jamforelse-goal-catalog/1";

    public string? Format { get; init; }
    public ProvenanceInput? Provenance { get; init; }
    public PlanInput? Plan { get; init; }
    public List<NodeInput>? Nodes { get; init; }
    public List<FollowUpInput>? FollowUps { get; init; }

    /// <summary>Strict reading: unknown fields are errors (a misspelt "baselineyear" must not vanish).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public sealed record ProvenanceInput
{
    public string? Document { get; init; }
    public string? Publisher { get; init; }
    public string? File { get; init; }
    public List<string>? Notes { get; init; }
}

public sealed record PlanInput
{
    public string? Id { get; init; }
    public string? Owner { get; init; }
    public string? Area { get; init; }
    public string? Title { get; init; }
    public string? DecisionReference { get; init; }
    public string? DecidedBy { get; init; }
    public int? ValidFrom { get; init; }
    public int? ValidTo { get; init; }
    public string? Status { get; init; }
    public string? Description { get; init; }
    public string? Note { get; init; }
    public List<KindInput>? Kinds { get; init; }
}

public sealed record KindInput
{
    public string? Key { get; init; }
    public string? Label { get; init; }
    public List<string>? Parents { get; init; }
    /// <summary>Whether a node of this kind may be a root; by default only when it has no parents.</summary>
    public bool? Root { get; init; }
}

/// <summary>A node as a file or <c>PUT …/nodes/{id}</c> writes it.</summary>
public sealed record NodeInput
{
    public string? Id { get; init; }
    /// <summary>Only in <c>PUT …/nodes/{id}</c>: the parent node (null for a root). A file nests children instead.</summary>
    public string? Parent { get; init; }
    public string? Kind { get; init; }
    public string? Code { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public List<string>? Committees { get; init; }
    public List<LinkInput>? Links { get; init; }
    public string? Measure { get; init; }
    public RuleInput? Rule { get; init; }
    public List<string>? ReportingPoints { get; init; }
    public List<IndicatorInput>? Indicators { get; init; }
    public ActivityInput? Activity { get; init; }
    public string? Note { get; init; }
    public List<NodeInput>? Children { get; init; }
}

public sealed record LinkInput
{
    public string? Plan { get; init; }
    public string? Node { get; init; }
    public string? Relation { get; init; }
    public string? Note { get; init; }
}

public sealed record RuleInput
{
    public string? KeyFigure { get; init; }
    public List<string>? SumOf { get; init; }
    public string? Gender { get; init; }
    public string? Shape { get; init; }
    public ReferenceInput? Reference { get; init; }
    public int? BaselineYear { get; init; }
    public string? BetterDirection { get; init; }
    public string? Note { get; init; }
}

public sealed record ReferenceInput
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? Weighting { get; init; }
}

public sealed record IndicatorInput
{
    public int? Number { get; init; }
    public string? Group { get; init; }
    public string? Text { get; init; }
    public string? TargetDirection { get; init; }
    public string? Source { get; init; }
    public List<string>? Periods { get; init; }
    public bool? ByGender { get; init; }
    public bool? ByProvider { get; init; }
    public string? KeyFigure { get; init; }
    public string? Note { get; init; }
}

public sealed record ActivityInput
{
    public string? Due { get; init; }
    public string? Status { get; init; }
    public string? Comment { get; init; }
}

public sealed record FollowUpInput
{
    public string? Id { get; init; }
    public List<string>? Nodes { get; init; }
    public int? Year { get; init; }
    public string? Point { get; init; }
    public string? Topic { get; init; }
    public string? Presenter { get; init; }
    public SectionsInput? Sections { get; init; }
    public List<FigureInput>? Figures { get; init; }
    public string? Note { get; init; }
    /// <summary>Whether every tenant that reads the plan may read it; absent keeps the stored state (false for a new follow-up).</summary>
    public bool? Published { get; init; }
}

public sealed record SectionsInput
{
    public List<string>? CentralEvents { get; init; }
    public List<string>? PositiveDevelopment { get; init; }
    public List<string>? Challenges { get; init; }
    public List<string>? LookingAhead { get; init; }
}

public sealed record FigureInput
{
    public string? Label { get; init; }
    public string? Unit { get; init; }
    public List<FigureValueInput>? Values { get; init; }
}

public sealed record FigureValueInput
{
    public string? Period { get; init; }
    public double? Value { get; init; }
}
