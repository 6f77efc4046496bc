using Jamforelse.Benchmarking.Assessments;
using Jamforelse.Benchmarking.Engine;
using Jamforelse.Benchmarking.Sources;

namespace Jamforelse.Benchmarking.Recomputing;

/// <summary>From a criterion and the stored comparisons to the assessment engine's plain numbers, and back.</summary>
internal static class Assessor
{
    public static async Task<AssessmentView> AssessAsync(
        PlanInfo plan, CriterionInfo criterion, int year, IReadOnlyDictionary<string, IReadOnlyList<StoredComparison>> comparisons,
        AreaDirectory areas, CancellationToken cancellationToken)
    {
        var municipalities = await areas.MunicipalitiesAsync(cancellationToken);
        var reference = await ReferenceOfAsync(criterion, municipalities, areas, cancellationToken);
        var first = comparisons.GetValueOrDefault(criterion.KeyFigures[0]) is { Count: > 0 } found ? found[0].KeyFigure : null;
        var genders = criterion.Gender == "T" && (first?.IsDividedByGender ?? false) ? new[] { "T", "K", "M" } : [criterion.Gender];
        IReadOnlyDictionary<string, IReadOnlyList<YearValue>> series = genders.ToDictionary(g => g, g => (IReadOnlyList<YearValue>)Series(plan.Area, criterion, g, reference, comparisons, municipalities), StringComparer.Ordinal);
        var rule = new CriterionRule(ShapeOf(criterion.Shape), criterion.BetterDirection == "lower" ? Better.Lower : Better.Higher, criterion.BaselineYear, criterion.Gender);
        var subject = await areas.TitleAsync(plan.Area, cancellationToken);
        var assessment = AssessmentEngine.Assess(new AssessmentInput
        {
            Rule = rule,
            Wording = new AssessmentWording(subject, reference.Sv, reference.En, first?.Unit),
            Year = year,
            Series = series.Where(s => s.Value.Count > 0 || s.Key == criterion.Gender).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal),
        });
        return new AssessmentView(
            plan.Id, plan.Owner, plan.Title, criterion.NodeId, criterion.Code, criterion.Title, criterion.KeyFigures, criterion.Shape,
            reference.Sv, subject, year, GradeWord(assessment.Grade), assessment, series,
            first is null ? "" : first.Owner is null ? "Källa: Kolada" : first.Source);
    }

    private sealed record ReferenceChoice(ReferenceSpec? Spec, string Key, string Sv, string En);

    private static async Task<ReferenceChoice> ReferenceOfAsync(CriterionInfo criterion, IReadOnlySet<string> municipalities, AreaDirectory areas, CancellationToken cancellationToken)
    {
        switch (criterion.ReferenceType)
        {
            case "riket":
                return new(null, "riket", "riket", "the nation");
            case "municipalityAverage" when criterion.Weighting == "populationWeighted":
                return new(null, "weightedAverage", "kommungenomsnittet (vägt efter invånare)", "the population-weighted average of municipalities");
            case "municipalityAverage":
                return new(null, "average", "kommungenomsnittet", "the average of municipalities");
            case "region" when criterion.ReferenceId is { } region:
                var regionTitle = await areas.TitleAsync(region, cancellationToken);
                return new(new ReferenceSpec(ReferenceKind.Region, region, regionTitle, Inputs.MunicipalitiesOfRegion(region, municipalities)), "region:" + region, regionTitle, regionTitle);
            case "peerGroup" when criterion.ReferenceId is { } group:
                var found = await areas.GroupAsync(group, cancellationToken);
                return new(new ReferenceSpec(ReferenceKind.PeerGroup, group, found?.Title ?? group, found?.Members ?? []), "group:" + group, found?.Title ?? group, found?.Title ?? group);
            case "municipality" when criterion.ReferenceId is { } other:
                var title = await areas.TitleAsync(other, cancellationToken);
                return new(new ReferenceSpec(ReferenceKind.Municipality, other, title), "municipality:" + other, title, title);
            default:
                return new(null, "", "", ""); // changeAgainstBaseline compares with the baseline only
        }
    }

    /// <summary>Every year with stored values: the subject's value and the reference's, for one gender (all providers).</summary>
    private static List<YearValue> Series(
        string subject, CriterionInfo criterion, string gender, ReferenceChoice reference,
        IReadOnlyDictionary<string, IReadOnlyList<StoredComparison>> comparisons, IReadOnlySet<string> municipalities)
    {
        var parts = criterion.KeyFigures.Select(k => comparisons.GetValueOrDefault(k) ?? []).ToList();
        var years = parts.Select(p => p.Where(c => c.Period.Length == 4).Select(c => c.Period).ToHashSet(StringComparer.Ordinal))
            .Aggregate((a, b) => { a.IntersectWith(b); return a; });
        var result = new List<YearValue>();
        foreach (var period in years.Order(StringComparer.Ordinal))
        {
            var variants = parts.Select(p => p.Single(c => c.Period == period).Variant(gender, "total")).ToList();
            if (variants.Any(v => v is null))
            {
                continue;
            }
            var values = variants.Count == 1 ? variants[0]!.Values : Inputs.Sum(variants.Select(v => v!.Values).ToList());
            double? referenceValue = null;
            if (reference.Key.Length > 0)
            {
                var comparison = ComparisonEngine.Compare(new ComparisonInput
                {
                    KpiId = string.Join("+", criterion.KeyFigures), Period = period, Gender = gender, Values = values,
                    Municipalities = municipalities, Population = variants[0]!.Population,
                    References = reference.Spec is null ? [] : [reference.Spec],
                });
                referenceValue = comparison.References.FirstOrDefault(r => r.Key == reference.Key)?.Value;
            }
            result.Add(new YearValue(Inputs.YearOf(period), values.GetValueOrDefault(subject), referenceValue));
        }
        return result;
    }

    private static RuleShape ShapeOf(string shape) => shape switch
    {
        "gapToReferenceNarrows" => RuleShape.GapToReferenceNarrows,
        "betterThanReference" => RuleShape.BetterThanReference,
        "changeAgainstBaseline" => RuleShape.ChangeAgainstBaseline,
        _ => RuleShape.DevelopmentBetterThanReference,
    };

    public static string GradeWord(Grade grade) => grade switch
    {
        Grade.Met => "met",
        Grade.PartlyMet => "partlyMet",
        Grade.NotMet => "notMet",
        _ => "cannotBeAssessed",
    };
}
