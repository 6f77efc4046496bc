using Jamforelse.GoalCatalog.Catalogs;

namespace Jamforelse.GoalCatalog.Tests.Catalogs;

/// <summary>The validator as a pure function: a file and looked-up facts in, problems out.</summary>
public sealed class CatalogValidatorTests
{
    private static readonly CatalogFacts Facts = new()
    {
        KeyFigures = new Dictionary<string, KeyFigureFacts>
        {
            ["N03920"] = new("N03920", "Arbetslösa", null, 2026, null, null),
            ["N01951"] = new("N01951", "Invånare", null, 2025, 2015, 2025),
            ["linkoping.egen"] = new("linkoping.egen", "Eget", "linkoping", null, 2018, 2024),
        },
        Areas = new Dictionary<string, AreaFacts>
        {
            ["0581"] = new("0581", "Norrköping", "municipality"),
            ["0580"] = new("0580", "Linköping", "municipality"),
            ["0005"] = new("0005", "Region Östergötland", "region"),
            ["G37480"] = new("G37480", "Liknande kommuner", "group"),
        },
    };

    private static CatalogFile File(RuleInput? rule = null, List<KindInput>? kinds = null, List<NodeInput>? nodes = null) => new()
    {
        Format = CatalogFile.FormatName,
        Plan = new PlanInput
        {
            Id = "plan", Owner = "norrkoping", Area = "0581", Title = "Plan", ValidFrom = 2023, ValidTo = 2026, Status = "adopted",
            Kinds = kinds ?? [new KindInput { Key = "goal", Label = "Mål", Parents = [] }],
        },
        Nodes = nodes ?? [new NodeInput { Id = "1", Kind = "goal", Title = "Mål 1", Measure = rule is null ? null : "quantitative", Rule = rule }],
    };

    private static RuleInput Rule(string shape = "gapToReferenceNarrows", string? keyFigure = "N03920", ReferenceInput? reference = null, int? baseline = 2022) => new()
    {
        KeyFigure = keyFigure, Shape = shape, BetterDirection = "lower", BaselineYear = baseline,
        Reference = reference ?? (shape == "changeAgainstBaseline" ? null : new ReferenceInput { Type = "riket" }),
    };

    private static List<string> Codes(CatalogFile file) => CatalogValidator.Validate(file, Facts).Select(p => $"{p.Path}:{p.Code}").ToList();

    [Fact]
    public void Another_tenants_key_figure_reads_exactly_as_an_unknown_one()
    {
        static string Message(string keyFigure) =>
            CatalogValidator.Validate(File(Rule("changeAgainstBaseline", keyFigure: keyFigure, baseline: 1990)), Facts).Single().Message.Replace(keyFigure, "<id>", StringComparison.Ordinal);
        Assert.Equal(Message("linkoping.finns-inte"), Message("linkoping.egen"));
        Assert.Equal("unknownKeyFigure", CatalogValidator.Validate(File(Rule(keyFigure: "linkoping.egen")), Facts).Single().Code);
    }

    [Fact]
    public void A_valid_rule_of_each_shape_passes()
    {
        Assert.Empty(Codes(File(Rule())));
        Assert.Empty(Codes(File(Rule("betterThanReference", baseline: null, reference: new ReferenceInput { Type = "municipalityAverage", Weighting = "populationWeighted" }))));
        Assert.Empty(Codes(File(Rule("changeAgainstBaseline"))));
        Assert.Empty(Codes(File(Rule("developmentBetterThanReference", reference: new ReferenceInput { Type = "peerGroup", Id = "G37480" }))));
        Assert.Empty(Codes(File(Rule() with { KeyFigure = null, SumOf = ["N03920", "N01951"] })));
    }

    [Fact]
    public void Rule_fields_that_contradict_the_shape_are_named()
    {
        Assert.Equal(["nodes[0].rule.reference:invalid"], Codes(File(Rule("changeAgainstBaseline", reference: new ReferenceInput { Type = "riket" }))));
        Assert.Equal(["nodes[0].rule.baselineYear:invalid"], Codes(File(Rule("betterThanReference"))));
        Assert.Equal(["nodes[0].rule.baselineYear:required"], Codes(File(Rule(baseline: null))));
        Assert.Equal(["nodes[0].rule:invalid"], Codes(File(Rule() with { SumOf = ["N01951", "N03920"] })));
        Assert.Equal(["nodes[0].rule.sumOf:required"], Codes(File(Rule() with { KeyFigure = null, SumOf = ["N01951"] })));
        Assert.Equal(["nodes[0].rule.reference.id:unknownArea"], Codes(File(Rule(reference: new ReferenceInput { Type = "region", Id = "0580" }))));
        Assert.Equal(["nodes[0].rule.reference.id:invalid"], Codes(File(Rule(reference: new ReferenceInput { Type = "municipality", Id = "0581" }))));
        Assert.Equal(["nodes[0].rule.reference.weighting:invalid"], Codes(File(Rule(reference: new ReferenceInput { Type = "riket", Weighting = "unweighted" }))));
        Assert.Equal(["nodes[0].rule.gender:invalid"], Codes(File(Rule() with { Gender = "X" })));
        Assert.Equal(["nodes[0].rule:invalid"], Codes(File(Rule()) with { Nodes = [new NodeInput { Id = "1", Kind = "goal", Title = "Mål", Rule = Rule() }] }));
    }

    [Fact]
    public void Baselines_are_checked_against_the_last_publication_never_against_the_stored_snapshot()
    {
        // N01951 has stored values 2015–2025 only; a baseline of 2014 is still a year Kolada published.
        Assert.Empty(Codes(File(Rule(keyFigure: "N01951", baseline: 2014))));
        Assert.Empty(Codes(File(Rule(keyFigure: "N01951", baseline: 2015))));
        // N03920 has no stored values; it was last published for 2026, within the plan.
        Assert.Empty(Codes(File(Rule(baseline: 2026))));
        Assert.Equal(["nodes[0].rule.baselineYear:baselineOutsideData"], Codes(File(Rule(baseline: 2027))));
    }

    [Fact]
    public void Another_tenants_own_key_figure_is_not_available()
    {
        Assert.Equal(["nodes[0].rule.keyFigure:unknownKeyFigure"], Codes(File(Rule(keyFigure: "linkoping.egen"))));
    }

    [Fact]
    public void A_kind_is_a_root_when_it_has_no_parents_or_says_so()
    {
        List<KindInput> kinds = [new() { Key = "area", Label = "Målområde", Parents = [] }, new() { Key = "goal", Label = "Mål", Parents = ["area"] }];
        Assert.Equal(["nodes[0].kind:kindNotAllowedHere"], Codes(File(kinds: kinds)));
        kinds[1] = kinds[1] with { Root = true };
        Assert.Empty(Codes(File(kinds: kinds)));
        kinds[1] = kinds[1] with { Parents = ["målområde"] };
        Assert.Contains("plan.kinds[1].parents:unknownKind", Codes(File(kinds: kinds)));
    }

    [Fact]
    public void The_plan_itself_is_checked()
    {
        var file = File() with { Format = "v2", Plan = File().Plan! with { Id = "Plan 1", Area = "0005x", ValidFrom = 2027, Status = "antagen" } };
        Assert.Equal(
            ["format:unknownFormat", "plan.id:invalid", "plan.area:unknownArea", "plan.validTo:invalid", "plan.status:invalid"],
            Codes(file));
    }

    [Fact]
    public void A_follow_up_figure_must_be_a_number_within_the_platforms_range()
    {
        static List<string> FigureCodes(params double?[] values)
        {
            var followUp = new FollowUpInput
            {
                Id = "f1", Nodes = ["1"], Year = 2024, Point = "fullYear", Sections = new SectionsInput { CentralEvents = ["Något hände."] },
                Figures = [new FigureInput { Label = "Antal", Values = values.Select((v, i) => new FigureValueInput { Period = $"202{i}", Value = v }).ToList() }],
            };
            var problems = new List<string>();
            CatalogValidator.ValidateFollowUp(followUp, "f", _ => true, (path, code, message) => problems.Add($"{path}:{code}:{message}"));
            return problems;
        }
        Assert.Empty(FigureCodes(-1e15, 0, double.Epsilon, 1e15));
        foreach (var bad in new double?[] { 1.0000001e15, -1e16, 1.7e308, double.PositiveInfinity, double.NaN, null })
        {
            var problem = Assert.Single(FigureCodes(12, bad));
            Assert.StartsWith("f.figures[0].values:invalid:", problem, StringComparison.Ordinal);
            Assert.Contains(Jamforelse.ServiceDefaults.Numbers.ValueRange.Rule, problem, StringComparison.Ordinal);
        }
    }
}
