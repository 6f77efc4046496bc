using Jamforelse.GoalCatalog.Domain;

namespace Jamforelse.GoalCatalog.Catalogs;

/// <summary>
/// Between a validated catalog file and the stored plan, both ways: a plan can be exported as a file,
/// edited and imported again. Activity status history is carried over from the stored plan, and a status
/// that differs from the stored one is recorded as a new history entry.
/// </summary>
public static class CatalogMapper
{
    public static Plan ToPlan(CatalogFile file, Plan? existing, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(file);
        var input = file.Plan!;
        var previous = existing?.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal) ?? [];
        var nodes = new List<PlanNode>();
        foreach (var (node, _, parent) in CatalogValidator.Walk(file))
        {
            nodes.Add(ToNode(node, parent?.Id, previous.GetValueOrDefault(node.Id!)?.Activity, actor, now));
        }
        return new Plan
        {
            Id = input.Id!,
            Owner = input.Owner!,
            Area = input.Area!,
            Title = input.Title!.Trim(),
            DecisionReference = input.DecisionReference,
            DecidedBy = input.DecidedBy,
            ValidFrom = input.ValidFrom!.Value,
            ValidTo = input.ValidTo!.Value,
            Status = Words.Parse<PlanStatus>(input.Status!),
            Description = input.Description,
            Note = input.Note,
            Kinds = input.Kinds!.Select(k => new NodeKind { Key = k.Key!, Label = k.Label!, Parents = k.Parents ?? [], Root = k.Root ?? (k.Parents ?? []).Count == 0 }).ToList(),
            Nodes = nodes,
            Provenance = file.Provenance is { } p ? new Provenance { Document = p.Document, Publisher = p.Publisher, File = p.File, Notes = p.Notes ?? [] } : null,
            Version = existing?.Version ?? 0,
            ChangedAt = existing?.ChangedAt ?? now,
            ChangedBy = existing?.ChangedBy ?? actor,
            // Who may read the plan is not in the file: an import keeps the owner's sharing.
            SharedWith = existing?.SharedWith ?? [],
            SharingChangedAt = existing?.SharingChangedAt,
            SharingChangedBy = existing?.SharingChangedBy,
        };
    }

    public static PlanNode ToNode(NodeInput node, string? parentId, Activity? previous, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new PlanNode
        {
            Id = node.Id!,
            ParentId = parentId,
            Kind = node.Kind!,
            Code = node.Code,
            Title = node.Title!.Trim(),
            Description = node.Description,
            Committees = node.Committees ?? [],
            Links = (node.Links ?? []).Select(l => new NodeLink { Plan = l.Plan!, Node = l.Node!, Relation = Words.Parse<LinkRelation>(l.Relation!), Note = l.Note }).ToList(),
            Measure = node.Measure is null ? null : Words.Parse<Measure>(node.Measure),
            Rule = node.Rule is { } rule ? ToRule(rule) : null,
            ReportingPoints = (node.ReportingPoints ?? []).Select(Words.Parse<ReportingPoint>).ToList(),
            Indicators = (node.Indicators ?? []).Select(i => new IndicatorRow
            {
                Number = i.Number,
                Group = i.Group,
                Text = i.Text!.Trim(),
                TargetDirection = Words.Parse<TargetDirection>(i.TargetDirection!),
                Source = i.Source!.Trim(),
                Periods = i.Periods!.Select(Words.Parse<ReportingPoint>).ToList(),
                ByGender = i.ByGender ?? false,
                ByProvider = i.ByProvider ?? false,
                KeyFigure = i.KeyFigure,
                Note = i.Note,
            }).ToList(),
            Activity = node.Activity is { } activity ? ToActivity(activity, previous, actor, now) : null,
            Note = node.Note,
        };
    }

    private static Rule ToRule(RuleInput rule) => new()
    {
        KeyFigure = rule.KeyFigure,
        SumOf = rule.SumOf,
        Gender = rule.Gender ?? "T",
        Shape = Words.Parse<RuleShape>(rule.Shape!),
        Reference = rule.Reference is { } reference
            ? new Reference
            {
                Type = Words.Parse<ReferenceType>(reference.Type!),
                Id = reference.Id,
                Weighting = reference.Weighting is { } w ? Words.Parse<Weighting>(w)
                    : Words.Parse<ReferenceType>(reference.Type!) == ReferenceType.MunicipalityAverage ? Weighting.Unweighted : null,
            }
            : null,
        BaselineYear = rule.BaselineYear,
        BetterDirection = Words.Parse<Direction>(rule.BetterDirection!),
        Note = rule.Note,
    };

    private static Activity ToActivity(ActivityInput input, Activity? previous, string actor, DateTimeOffset now)
    {
        var status = Words.Parse<ActivityStatus>(input.Status!);
        var history = previous?.History.ToList() ?? [];
        if (previous is null || previous.Status != status || previous.Comment != input.Comment)
        {
            history.Add(new StatusChange { Status = status, Comment = input.Comment, ChangedAt = now, ChangedBy = actor });
        }
        return new Activity { Due = input.Due, Status = status, Comment = input.Comment, History = history };
    }

    public static FollowUpContent ToContent(FollowUpInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new FollowUpContent
        {
            Nodes = input.Nodes!,
            Year = input.Year!.Value,
            Point = Words.Parse<ReportingPoint>(input.Point!),
            Topic = input.Topic,
            Presenter = input.Presenter,
            Sections = new FollowUpSections
            {
                CentralEvents = input.Sections?.CentralEvents ?? [],
                PositiveDevelopment = input.Sections?.PositiveDevelopment ?? [],
                Challenges = input.Sections?.Challenges ?? [],
                LookingAhead = input.Sections?.LookingAhead ?? [],
            },
            Figures = (input.Figures ?? []).Select(f => new Figure
            {
                Label = f.Label!, Unit = f.Unit, Values = f.Values!.Select(v => new FigureValue { Period = v.Period!, Value = v.Value!.Value }).ToList(),
            }).ToList(),
            Note = input.Note,
        };
    }

    /// <summary>The stored plan (and its follow-ups) as a catalog file that imports back to the same plan.</summary>
    public static CatalogFile ToFile(Plan plan, IEnumerable<FollowUp> followUps)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var children = plan.Nodes.ToLookup(n => n.ParentId ?? "", StringComparer.Ordinal);
        List<NodeInput> Level(string parent) => children[parent].Select(n => ToInput(n) with { Children = Level(n.Id) is { Count: > 0 } c ? c : null }).ToList();
        return new CatalogFile
        {
            Format = CatalogFile.FormatName,
            Provenance = plan.Provenance is { } p ? new ProvenanceInput { Document = p.Document, Publisher = p.Publisher, File = p.File, Notes = p.Notes } : null,
            Plan = new PlanInput
            {
                Id = plan.Id, Owner = plan.Owner, Area = plan.Area, Title = plan.Title, DecisionReference = plan.DecisionReference,
                DecidedBy = plan.DecidedBy, ValidFrom = plan.ValidFrom, ValidTo = plan.ValidTo, Status = Words.Of(plan.Status),
                Description = plan.Description, Note = plan.Note,
                Kinds = plan.Kinds.Select(k => new KindInput { Key = k.Key, Label = k.Label, Parents = k.Parents, Root = k.Root && k.Parents.Count > 0 ? true : null }).ToList(),
            },
            Nodes = Level(""),
            FollowUps = followUps.Select(f => ToInput(f.FollowUpId, f.Content) with { Published = f.Published }).ToList() is { Count: > 0 } list ? list : null,
        };
    }

    /// <summary>The file without the links <paramref name="keep"/> rejects (by the plan they point to): what a reader may see of it.</summary>
    public static CatalogFile WithLinks(CatalogFile file, Func<string, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(file);
        List<NodeInput>? Filter(List<NodeInput>? nodes) => nodes?.Select(n => n with
        {
            Links = n.Links?.Where(l => l.Plan is null || keep(l.Plan)).ToList() is { Count: > 0 } links ? links : null,
            Children = Filter(n.Children),
        }).ToList();
        return file with { Nodes = Filter(file.Nodes) };
    }

    public static NodeInput ToInput(PlanNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new NodeInput
        {
            Id = node.Id,
            Kind = node.Kind,
            Code = node.Code,
            Title = node.Title,
            Description = node.Description,
            Committees = node.Committees.Count > 0 ? node.Committees : null,
            Links = node.Links.Count > 0 ? node.Links.Select(l => new LinkInput { Plan = l.Plan, Node = l.Node, Relation = Words.Of(l.Relation), Note = l.Note }).ToList() : null,
            Measure = node.Measure is { } m ? Words.Of(m) : null,
            Rule = node.Rule is { } r
                ? new RuleInput
                {
                    KeyFigure = r.KeyFigure, SumOf = r.SumOf, Gender = r.Gender, Shape = Words.Of(r.Shape),
                    Reference = r.Reference is { } reference
                        ? new ReferenceInput { Type = Words.Of(reference.Type), Id = reference.Id, Weighting = reference.Weighting is { } w ? Words.Of(w) : null }
                        : null,
                    BaselineYear = r.BaselineYear, BetterDirection = Words.Of(r.BetterDirection), Note = r.Note,
                }
                : null,
            ReportingPoints = node.ReportingPoints.Count > 0 ? node.ReportingPoints.Select(Words.Of).ToList() : null,
            Indicators = node.Indicators.Count > 0
                ? node.Indicators.Select(i => new IndicatorInput
                {
                    Number = i.Number, Group = i.Group, Text = i.Text, TargetDirection = Words.Of(i.TargetDirection), Source = i.Source,
                    Periods = i.Periods.Select(Words.Of).ToList(), ByGender = i.ByGender, ByProvider = i.ByProvider, KeyFigure = i.KeyFigure, Note = i.Note,
                }).ToList()
                : null,
            Activity = node.Activity is { } a ? new ActivityInput { Due = a.Due, Status = Words.Of(a.Status), Comment = a.Comment } : null,
            Note = node.Note,
        };
    }

    public static FollowUpInput ToInput(string id, FollowUpContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        static List<string>? NonEmpty(List<string> items) => items.Count > 0 ? items : null;
        return new FollowUpInput
        {
            Id = id,
            Nodes = content.Nodes,
            Year = content.Year,
            Point = Words.Of(content.Point),
            Topic = content.Topic,
            Presenter = content.Presenter,
            Sections = new SectionsInput
            {
                CentralEvents = NonEmpty(content.Sections.CentralEvents),
                PositiveDevelopment = NonEmpty(content.Sections.PositiveDevelopment),
                Challenges = NonEmpty(content.Sections.Challenges),
                LookingAhead = NonEmpty(content.Sections.LookingAhead),
            },
            Figures = content.Figures.Count > 0
                ? content.Figures.Select(f => f.WithinRange()).Select(f => new FigureInput { Label = f.Label, Unit = f.Unit, Values = f.Values.Select(v => new FigureValueInput { Period = v.Period, Value = v.Value }).ToList() }).ToList()
                : null,
            Note = content.Note,
        };
    }
}
