using System.Globalization;
using System.Text.RegularExpressions;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.ServiceDefaults.Numbers;

namespace Jamforelse.GoalCatalog.Catalogs;

/// <summary>
/// Checks a whole catalog file against itself and the facts looked up for it, and lists every problem.
/// A pure function: no store, no network.
/// </summary>
public static partial class CatalogValidator
{
    public const int EarliestYear = 1950;
    public const int LatestYear = 2100;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")]
    public static partial Regex PlanIdPattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    public static partial Regex TenantPattern();

    /// <summary>A tenant a plan may be shared with (the gateway's tenant ids).</summary>
    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    public static partial Regex SharingTenantPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    public static partial Regex NodeIdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,39}$")]
    private static partial Regex KindKeyPattern();

    [GeneratedRegex(@"^\d{4}-Q[1-4]$")]
    private static partial Regex QuarterPattern();

    /// <summary>Every node of a file with its JSON path and parent, parents first.</summary>
    public static IEnumerable<(NodeInput Node, string Path, NodeInput? Parent)> Walk(CatalogFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Walk(file.Nodes, "nodes", null);
    }

    private static IEnumerable<(NodeInput, string, NodeInput?)> Walk(List<NodeInput>? nodes, string path, NodeInput? parent)
    {
        for (var i = 0; i < (nodes?.Count ?? 0); i++)
        {
            var node = nodes![i];
            var here = $"{path}[{i}]";
            yield return (node, here, parent);
            foreach (var descendant in Walk(node.Children, here + ".children", node))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>The key figures a file names (rules and indicator rows), to be looked up before validating.</summary>
    public static IReadOnlySet<string> KeyFiguresNamed(CatalogFile file) =>
        Walk(file).SelectMany(w => (w.Node.Rule is { } rule ? (rule.SumOf ?? []).Append(rule.KeyFigure) : [])
                .Concat((w.Node.Indicators ?? []).Select(i => i.KeyFigure)))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> AreasNamed(CatalogFile file) =>
        Walk(file).Select(w => w.Node.Rule?.Reference?.Id).Append(file?.Plan?.Area).OfType<string>().ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> PlansLinked(CatalogFile file) =>
        Walk(file).SelectMany(w => w.Node.Links ?? []).Select(l => l.Plan).OfType<string>()
            .Where(p => p != file.Plan?.Id).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<CatalogProblem> Validate(CatalogFile file, CatalogFacts facts)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(facts);
        var problems = new List<CatalogProblem>();
        void Add(string path, string code, string message) => problems.Add(new CatalogProblem(path, code, message));

        if (file.Format != CatalogFile.FormatName)
        {
            Add("format", "unknownFormat", $"format must be \"{CatalogFile.FormatName}\".");
        }
        var plan = file.Plan;
        if (plan is null)
        {
            Add("plan", "required", "plan is required.");
            return problems;
        }
        ValidatePlan(plan, facts, Add);
        var kinds = ValidateKinds(plan.Kinds, Add);
        if ((file.Nodes?.Count ?? 0) == 0)
        {
            Add("nodes", "required", "A plan needs at least one node.");
        }

        var nodeIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (node, path, _) in Walk(file))
        {
            if (node.Id is null || !NodeIdPattern().IsMatch(node.Id))
            {
                Add(path + ".id", "invalid", "id is required: 1-64 letters, digits, '.', '_' or '-', unique within the plan.");
            }
            else if (!nodeIds.TryAdd(node.Id, path))
            {
                Add(path + ".id", "duplicateId", $"The node id \"{node.Id}\" is used twice (first at {nodeIds[node.Id]}).");
            }
        }
        foreach (var (node, path, parent) in Walk(file))
        {
            if (node.Parent is not null)
            {
                Add(path + ".parent", "invalid", "A file gives a node's parent by nesting it in \"children\"; \"parent\" is for PUT …/nodes/{id}.");
            }
            ValidateNode(node, path, parent, plan, kinds, nodeIds, facts, Add);
        }
        ValidateSiblingCodes(file.Nodes, "nodes", Add);
        ValidateFollowUps(file.FollowUps, nodeIds, Add);
        return problems;
    }

    private static void ValidatePlan(PlanInput plan, CatalogFacts facts, Action<string, string, string> add)
    {
        if (plan.Id is null || !PlanIdPattern().IsMatch(plan.Id))
        {
            add("plan.id", "invalid", "plan.id is required: lower-case letters, digits and hyphens (\"norrkoping-kf-2023-2026\").");
        }
        if (plan.Owner is null || !TenantPattern().IsMatch(plan.Owner))
        {
            add("plan.owner", "invalid", "plan.owner is required: the owning tenant, lower-case letters, digits and hyphens (\"norrkoping\").");
        }
        if (plan.Area is null)
        {
            add("plan.area", "required", "plan.area is required: the Kolada id of the municipality or region the plan is about (\"0581\").");
        }
        else if (!facts.Areas.TryGetValue(plan.Area, out var area) || area.Type is not ("municipality" or "region"))
        {
            add("plan.area", "unknownArea", $"plan.area \"{plan.Area}\" is not a municipality or region the platform knows.");
        }
        Require(plan.Title, "plan.title", 300, add);
        if (plan.ValidFrom is not (>= EarliestYear and <= LatestYear))
        {
            add("plan.validFrom", "invalid", $"plan.validFrom is required: a year between {EarliestYear} and {LatestYear}.");
        }
        if (plan.ValidTo is not (>= EarliestYear and <= LatestYear))
        {
            add("plan.validTo", "invalid", $"plan.validTo is required: a year between {EarliestYear} and {LatestYear}.");
        }
        else if (plan.ValidFrom > plan.ValidTo)
        {
            add("plan.validTo", "invalid", $"plan.validTo ({plan.ValidTo}) is before plan.validFrom ({plan.ValidFrom}).");
        }
        if (!Words.TryParse<PlanStatus>(plan.Status, out _))
        {
            add("plan.status", "invalid", $"plan.status must be one of {Words.All<PlanStatus>()}.");
        }
    }

    private static Dictionary<string, KindInput> ValidateKinds(List<KindInput>? kinds, Action<string, string, string> add)
    {
        var result = new Dictionary<string, KindInput>(StringComparer.Ordinal);
        if ((kinds?.Count ?? 0) == 0)
        {
            add("plan.kinds", "required", "plan.kinds is required: the plan's levels in the municipality's own words.");
            return result;
        }
        for (var i = 0; i < kinds!.Count; i++)
        {
            var kind = kinds[i];
            if (kind.Key is null || !KindKeyPattern().IsMatch(kind.Key))
            {
                add($"plan.kinds[{i}].key", "invalid", "key is required: a letter, then letters and digits (\"goalArea\").");
            }
            else if (!result.TryAdd(kind.Key, kind))
            {
                add($"plan.kinds[{i}].key", "duplicateId", $"The kind \"{kind.Key}\" is declared twice.");
            }
            Require(kind.Label, $"plan.kinds[{i}].label", 100, add);
        }
        for (var i = 0; i < kinds.Count; i++)
        {
            foreach (var parent in kinds[i].Parents ?? [])
            {
                if (!result.ContainsKey(parent))
                {
                    add($"plan.kinds[{i}].parents", "unknownKind", $"The parent kind \"{parent}\" is not declared in plan.kinds.");
                }
            }
        }
        return result;
    }

    private static void ValidateNode(
        NodeInput node, string path, NodeInput? parent, PlanInput plan, Dictionary<string, KindInput> kinds,
        Dictionary<string, string> nodeIds, CatalogFacts facts, Action<string, string, string> add)
    {
        if (node.Kind is null || !kinds.TryGetValue(node.Kind, out var kind))
        {
            add(path + ".kind", "unknownKind", $"The node kind \"{node.Kind}\" is not declared in plan.kinds ({string.Join(", ", kinds.Keys)}).");
        }
        else
        {
            var allowed = kind.Parents ?? [];
            var rootAllowed = kind.Root ?? allowed.Count == 0;
            if (parent is null && !rootAllowed)
            {
                add(path + ".kind", "kindNotAllowedHere", $"A \"{node.Kind}\" cannot be a root node; it belongs under {string.Join(" or ", allowed)}.");
            }
            else if (parent?.Kind is { } parentKind && kinds.ContainsKey(parentKind) && !allowed.Contains(parentKind))
            {
                add(path + ".kind", "kindNotAllowedHere", $"A \"{node.Kind}\" cannot sit under a \"{parentKind}\" (plan.kinds allows {(allowed.Count == 0 ? "it only as a root" : string.Join(", ", allowed))}).");
            }
        }
        Require(node.Title, path + ".title", 2000, add);
        for (var i = 0; i < (node.Links?.Count ?? 0); i++)
        {
            ValidateLink(node.Links![i], $"{path}.links[{i}]", node.Id, plan, nodeIds, facts, add);
        }
        Measure? measure = null;
        if (node.Measure is not null)
        {
            if (Words.TryParse<Measure>(node.Measure, out var parsed))
            {
                measure = parsed;
            }
            else
            {
                add(path + ".measure", "invalid", $"measure must be one of {Words.All<Measure>()}.");
            }
        }
        if (measure == Measure.Quantitative && node.Rule is null)
        {
            add(path + ".rule", "required", "A quantitative criterion needs a rule.");
        }
        if (node.Rule is not null)
        {
            if (measure != Measure.Quantitative)
            {
                add(path + ".rule", "invalid", "Only a node with measure \"quantitative\" carries a rule.");
            }
            ValidateRule(node.Rule, path + ".rule", plan, facts, add);
        }
        for (var i = 0; i < (node.ReportingPoints?.Count ?? 0); i++)
        {
            if (!Words.TryParse<ReportingPoint>(node.ReportingPoints![i], out _))
            {
                add($"{path}.reportingPoints[{i}]", "invalid", $"A reporting point is one of {Words.All<ReportingPoint>()}.");
            }
        }
        for (var i = 0; i < (node.Indicators?.Count ?? 0); i++)
        {
            ValidateIndicator(node.Indicators![i], $"{path}.indicators[{i}]", plan, facts, add);
        }
        if (node.Activity is { } activity)
        {
            ValidateActivity(activity, path + ".activity", add);
        }
    }

    private static void ValidateLink(
        LinkInput link, string path, string? from, PlanInput plan, Dictionary<string, string> nodeIds, CatalogFacts facts, Action<string, string, string> add)
    {
        if (!Words.TryParse<LinkRelation>(link.Relation, out _))
        {
            add(path + ".relation", "invalid", $"relation must be one of {Words.All<LinkRelation>()}.");
        }
        if (link.Plan is null || link.Node is null)
        {
            add(path, "required", "A link names a plan and a node.");
            return;
        }
        if (link.Plan == plan.Id)
        {
            if (!nodeIds.ContainsKey(link.Node))
            {
                add(path + ".node", "danglingLink", $"The link points to node \"{link.Node}\", which this plan does not have.");
            }
            else if (link.Node == from)
            {
                add(path + ".node", "danglingLink", "A node cannot link to itself.");
            }
        }
        else if (!facts.PlanNodes.TryGetValue(link.Plan, out var nodes))
        {
            add(path + ".plan", "danglingLink", $"The link points to plan \"{link.Plan}\", which the platform does not have (import it first).");
        }
        else if (!nodes.Contains(link.Node))
        {
            add(path + ".node", "danglingLink", $"The link points to node \"{link.Node}\", which plan \"{link.Plan}\" does not have.");
        }
    }

    private static void ValidateRule(RuleInput rule, string path, PlanInput plan, CatalogFacts facts, Action<string, string, string> add)
    {
        var keyFigures = new List<(string Id, string Path)>();
        if (rule.KeyFigure is not null && rule.SumOf is not null)
        {
            add(path, "invalid", "A rule names either keyFigure or sumOf, not both.");
        }
        else if (rule.KeyFigure is not null)
        {
            keyFigures.Add((rule.KeyFigure, path + ".keyFigure"));
        }
        else if (rule.SumOf is { Count: >= 2 } parts && parts.Distinct(StringComparer.Ordinal).Count() == parts.Count)
        {
            keyFigures.AddRange(parts.Select((id, i) => (id, $"{path}.sumOf[{i}]")));
        }
        else
        {
            add(path + (rule.SumOf is null ? ".keyFigure" : ".sumOf"), "required",
                "A rule needs a keyFigure, or sumOf with two or more different key figures.");
        }
        foreach (var (id, at) in keyFigures)
        {
            CheckKeyFigure(id, at, plan, facts, add);
        }
        if (rule.Gender is not null and not ("T" or "K" or "M"))
        {
            add(path + ".gender", "invalid", "gender is T (total, the default), K (women) or M (men).");
        }
        if (!Words.TryParse<Direction>(rule.BetterDirection, out _))
        {
            add(path + ".betterDirection", "required", $"betterDirection is required: {Words.All<Direction>()}.");
        }
        if (!Words.TryParse<RuleShape>(rule.Shape, out var shape))
        {
            add(path + ".shape", "invalid", $"shape must be one of {Words.All<RuleShape>()}.");
            return;
        }
        if (shape == RuleShape.ChangeAgainstBaseline)
        {
            if (rule.Reference is not null)
            {
                add(path + ".reference", "invalid", "changeAgainstBaseline compares with the baseline year only; leave out the reference.");
            }
        }
        else if (rule.Reference is null)
        {
            add(path + ".reference", "required", $"{Words.Of(shape)} needs a reference ({Words.All<ReferenceType>()}).");
        }
        else
        {
            ValidateReference(rule.Reference, path + ".reference", plan, facts, add);
        }
        if (shape == RuleShape.BetterThanReference)
        {
            if (rule.BaselineYear is not null)
            {
                add(path + ".baselineYear", "invalid", "betterThanReference has no baseline year; leave it out.");
            }
            return;
        }
        if (rule.BaselineYear is not { } baseline)
        {
            add(path + ".baselineYear", "required", $"{Words.Of(shape)} needs a baselineYear.");
            return;
        }
        if (baseline < EarliestYear || (plan.ValidTo is { } validTo && baseline > validTo))
        {
            add(path + ".baselineYear", "baselineOutsideData", $"The baseline year {baseline} lies outside {EarliestYear}–{plan.ValidTo} (the plan ends {plan.ValidTo}).");
            return;
        }
        foreach (var (id, _) in keyFigures)
        {
            if (!facts.KeyFigures.TryGetValue(id, out var known) || (known.Owner is not null && known.Owner != plan.Owner))
            {
                continue;   // reported as unknown; another tenant's years of data are not told
            }
            // The stored values are a snapshot (the shipped national data ends 2018, a sync may not have run yet):
            // they never make a baseline wrong. Only Kolada's last publication bounds it.
            if (known.LastPublishedYear is { } published && baseline > published && (known.LastDataYear is null || baseline > known.LastDataYear))
            {
                add(path + ".baselineYear", "baselineOutsideData", $"{id} was last published for {published}; the baseline year {baseline} comes after it.");
            }
        }
    }

    private static void ValidateReference(ReferenceInput reference, string path, PlanInput plan, CatalogFacts facts, Action<string, string, string> add)
    {
        if (!Words.TryParse<ReferenceType>(reference.Type, out var type))
        {
            add(path + ".type", "invalid", $"reference.type must be one of {Words.All<ReferenceType>()}.");
            return;
        }
        if (reference.Weighting is not null && (type != ReferenceType.MunicipalityAverage || !Words.TryParse<Weighting>(reference.Weighting, out _)))
        {
            add(path + ".weighting", "invalid", $"weighting belongs to municipalityAverage only and is one of {Words.All<Weighting>()}.");
        }
        var expected = type switch
        {
            ReferenceType.Region => "region",
            ReferenceType.PeerGroup => "group",
            ReferenceType.Municipality => "municipality",
            _ => null,
        };
        if (expected is null)
        {
            if (reference.Id is not null)
            {
                add(path + ".id", "invalid", $"{Words.Of(type)} needs no id; leave it out.");
            }
            return;
        }
        if (reference.Id is null)
        {
            add(path + ".id", "required", $"A {Words.Of(type)} reference needs the id of the {expected}.");
        }
        else if (!facts.Areas.TryGetValue(reference.Id, out var area) || area.Type != expected)
        {
            add(path + ".id", "unknownArea", $"\"{reference.Id}\" is not a {expected} the platform knows.");
        }
        else if (reference.Id == plan.Area)
        {
            add(path + ".id", "invalid", "A plan's area cannot be its own reference.");
        }
    }

    private static void CheckKeyFigure(string id, string path, PlanInput plan, CatalogFacts facts, Action<string, string, string> add)
    {
        // Another tenant's key figure is answered exactly as one that does not exist: saying whose it is would leak it.
        if (!facts.KeyFigures.TryGetValue(id, out var known) || (known.Owner is not null && known.Owner != plan.Owner))
        {
            add(path, "unknownKeyFigure", $"The key figure \"{id}\" is unknown: neither in the Kolada catalogue nor one of the owner's own key figures.");
        }
    }

    private static void ValidateIndicator(IndicatorInput indicator, string path, PlanInput plan, CatalogFacts facts, Action<string, string, string> add)
    {
        Require(indicator.Text, path + ".text", 1000, add);
        Require(indicator.Source, path + ".source", 200, add);
        if (!Words.TryParse<TargetDirection>(indicator.TargetDirection, out _))
        {
            add(path + ".targetDirection", "invalid", $"targetDirection must be one of {Words.All<TargetDirection>()} (Öka / Minska).");
        }
        if ((indicator.Periods?.Count ?? 0) == 0)
        {
            add(path + ".periods", "required", "periods is required: interim (Delår) and/or fullYear (Helår).");
        }
        for (var i = 0; i < (indicator.Periods?.Count ?? 0); i++)
        {
            if (!Words.TryParse<ReportingPoint>(indicator.Periods![i], out _))
            {
                add($"{path}.periods[{i}]", "invalid", $"A period is one of {Words.All<ReportingPoint>()}.");
            }
        }
        if (indicator.KeyFigure is not null)
        {
            CheckKeyFigure(indicator.KeyFigure, path + ".keyFigure", plan, facts, add);
        }
    }

    private static void ValidateActivity(ActivityInput activity, string path, Action<string, string, string> add)
    {
        if (activity.Due is not null && !IsDue(activity.Due))
        {
            add(path + ".due", "invalid", "due is a quarter (\"2023-Q4\") or a date (\"2023-12-31\").");
        }
        if (!Words.TryParse<ActivityStatus>(activity.Status, out _))
        {
            add(path + ".status", "invalid", $"status must be one of {Words.All<ActivityStatus>()} (Ej påbörjad, Pågår, Genomförd).");
        }
    }

    public static bool IsDue(string? due) =>
        due is not null && (QuarterPattern().IsMatch(due) || DateOnly.TryParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));

    private static void ValidateSiblingCodes(List<NodeInput>? siblings, string path, Action<string, string, string> add)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < (siblings?.Count ?? 0); i++)
        {
            var node = siblings![i];
            if (node.Code is { } code && !seen.TryAdd(node.Kind + "\u0000" + code, i))
            {
                add($"{path}[{i}].code", "duplicateCode", $"Two {node.Kind} nodes under the same parent have the code \"{code}\".");
            }
            ValidateSiblingCodes(node.Children, $"{path}[{i}].children", add);
        }
    }

    private static void ValidateFollowUps(List<FollowUpInput>? followUps, Dictionary<string, string> nodeIds, Action<string, string, string> add)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (followUps?.Count ?? 0); i++)
        {
            var followUp = followUps![i];
            var path = $"followUps[{i}]";
            if (followUp.Id is null || !NodeIdPattern().IsMatch(followUp.Id))
            {
                add(path + ".id", "invalid", "id is required: 1-64 letters, digits, '.', '_' or '-'.");
            }
            else if (!ids.Add(followUp.Id))
            {
                add(path + ".id", "duplicateId", $"The follow-up id \"{followUp.Id}\" is used twice.");
            }
            ValidateFollowUp(followUp, path, nodeIds.ContainsKey, add);
        }
    }

    /// <summary>The checks of one follow-up, shared by files and <c>PUT …/follow-ups/{id}</c>.</summary>
    public static void ValidateFollowUp(FollowUpInput followUp, string path, Func<string, bool> nodeExists, Action<string, string, string> add)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        ArgumentNullException.ThrowIfNull(nodeExists);
        ArgumentNullException.ThrowIfNull(add);
        if ((followUp.Nodes?.Count ?? 0) == 0)
        {
            add(path + ".nodes", "required", "A follow-up reports on at least one node.");
        }
        for (var j = 0; j < (followUp.Nodes?.Count ?? 0); j++)
        {
            if (!nodeExists(followUp.Nodes![j]))
            {
                add($"{path}.nodes[{j}]", "danglingLink", $"The follow-up names node \"{followUp.Nodes[j]}\", which the plan does not have.");
            }
        }
        if (followUp.Year is not (>= EarliestYear and <= LatestYear))
        {
            add(path + ".year", "invalid", $"year is required: between {EarliestYear} and {LatestYear}.");
        }
        if (!Words.TryParse<ReportingPoint>(followUp.Point, out _))
        {
            add(path + ".point", "invalid", $"point must be one of {Words.All<ReportingPoint>()}.");
        }
        var sections = followUp.Sections;
        var sectionItems = new[] { sections?.CentralEvents, sections?.PositiveDevelopment, sections?.Challenges, sections?.LookingAhead }
            .SelectMany(s => s ?? []).ToList();
        if (sectionItems.Count == 0 && (followUp.Figures?.Count ?? 0) == 0)
        {
            add(path + ".sections", "required", "A follow-up needs text in at least one section (or figures).");
        }
        if (sectionItems.Any(string.IsNullOrWhiteSpace))
        {
            add(path + ".sections", "invalid", "Section points cannot be empty.");
        }
        for (var j = 0; j < (followUp.Figures?.Count ?? 0); j++)
        {
            var figure = followUp.Figures![j];
            Require(figure.Label, $"{path}.figures[{j}].label", 300, add);
            if ((figure.Values?.Count ?? 0) == 0 || figure.Values!.Any(v => string.IsNullOrWhiteSpace(v.Period) || !ValueRange.Allows(v.Value)))
            {
                add($"{path}.figures[{j}].values", "invalid", $"A figure needs values, each with a period and {ValueRange.Rule}.");
            }
        }
    }

    private static void Require(string? text, string path, int maxLength, Action<string, string, string> add)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            add(path, "required", $"{path} is required.");
        }
        else if (text.Length > maxLength)
        {
            add(path, "invalid", $"{path} is longer than {maxLength} characters.");
        }
    }
}
