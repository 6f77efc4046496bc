using Jamforelse.Benchmarking.Assessments;
using Jamforelse.Benchmarking.Engine;
using Jamforelse.ServiceDefaults.Numbers;

namespace Jamforelse.Benchmarking.Tests.Engine;

/// <summary>
/// The ends of <see cref="ValueRange"/> (and the smallest numbers beside zero) through every reference and rule
/// shape: no result may overflow or be NaN. Numbers outside the range (stored before it was enforced) count as flagged.
/// </summary>
public sealed class ExtremeNumberTests
{
    private const double Max = ValueRange.MaxMagnitude;

    private static readonly double[] Extremes = [-Max, -1, -double.Epsilon, 0, double.Epsilon, 1e-300, 1, Max];

    private static readonly HashSet<string> Municipalities = ["0001", "0002", "0003", "0004"];

    private static readonly ReferenceSpec[] EveryReference =
    [
        new(ReferenceKind.Region, "0005", "Stored region"),
        new(ReferenceKind.Region, "0006", "Region as its members' mean", ["0001", "0002", "0003", "0004"]),
        new(ReferenceKind.PeerGroup, "G1", "Peer group", ["0001", "0002", "0004", "9999"]),
        new(ReferenceKind.Municipality, "0003", "A municipality"),
    ];

    private static Comparison Compare(Dictionary<string, double?> values, Dictionary<string, double> population, Better better) =>
        ComparisonEngine.Compare(new ComparisonInput
        {
            KpiId = "N00000", Period = "2024", Better = better, Values = values, Municipalities = Municipalities,
            Population = population, References = EveryReference,
        });

    private static IEnumerable<double?> NumbersOf(Comparison c) =>
        c.Areas.Select(a => a.Value)
            .Concat(c.Areas.SelectMany(a => a.Gaps.SelectMany(g => new[] { g.Difference, g.Worse })))
            .Concat(c.References.Select(r => r.Value));

    private static void AssertFinite(IEnumerable<double?> numbers, string what)
    {
        foreach (var number in numbers)
        {
            Assert.True(number is null || double.IsFinite(number.Value), $"{what}: {number}");
        }
    }

    public static TheoryData<Better> Directions => [Better.Higher, Better.Lower, Better.None];

    [Theory]
    [MemberData(nameof(Directions))]
    public void Comparisons_and_their_changes_stay_finite_at_the_ends_of_the_range(Better better)
    {
        var comparisons = new List<Comparison>();
        foreach (var a in Extremes)
        {
            foreach (var b in Extremes)
            {
                // Two municipalities at each end, riket and a region at the other, populations at both ends.
                var values = new Dictionary<string, double?> { ["0001"] = a, ["0002"] = a, ["0003"] = b, ["0004"] = -a, ["0000"] = b, ["0005"] = -b };
                var population = new Dictionary<string, double> { ["0001"] = Max, ["0002"] = double.Epsilon, ["0003"] = Max, ["0004"] = 1 };
                var c = Compare(values, population, better);
                AssertFinite(NumbersOf(c), $"{a}, {b}");
                Assert.Equal(4, c.MunicipalitiesWithData);
                comparisons.Add(c);
            }
        }
        foreach (var now in comparisons.Take(16))
        {
            foreach (var baseline in comparisons.TakeLast(16))
            {
                var changes = ComparisonEngine.Change(now, baseline);
                AssertFinite(changes.SelectMany(c => new[] { c.Value, c.BaselineValue, c.ValueChange }.Concat(c.Gaps.SelectMany(g => new[] { g.Worse, g.BaselineWorse, g.Change }))), "change");
            }
        }
    }

    [Fact]
    public void Numbers_outside_the_range_are_flagged_not_compared_and_cannot_overflow_the_average()
    {
        // Two finite 1.7e308 would overflow the mean's sum; infinities would make it NaN.
        var values = new Dictionary<string, double?>
        {
            ["0001"] = 1.7e308, ["0002"] = 1.7e308, ["0003"] = double.NegativeInfinity, ["0004"] = 12, ["0000"] = double.NaN, ["0005"] = double.PositiveInfinity,
        };
        var population = new Dictionary<string, double> { ["0001"] = 1.7e308, ["0002"] = double.PositiveInfinity, ["0004"] = 100 };
        var c = Compare(values, population, Better.Higher);

        AssertFinite(NumbersOf(c), "outside the range");
        Assert.Equal(1, c.MunicipalitiesWithData);
        Assert.Equal(12, c.References.Single(r => r.Key == "average").Value);
        foreach (var id in new[] { "0001", "0002", "0003" })
        {
            var row = c.Areas.Single(a => a.AreaId == id);
            Assert.Null(row.Value);
            Assert.Equal(ComparisonEngine.OutOfRangeStatus, row.Flag?.Status);
        }
        Assert.Null(c.References.Single(r => r.Key == "riket").Value);
        Assert.Contains(ComparisonEngine.OutOfRangeStatus, c.References.Single(r => r.Key == "riket").Note, StringComparison.Ordinal);
        Assert.Null(c.References.Single(r => r.Key == "region:0005").Value);
        // The weighted mean needs a population for every municipality with a value: 0004 has one within the range.
        Assert.Equal(12, c.References.Single(r => r.Key == "weightedAverage").Value);
    }

    public static TheoryData<RuleShape, Better> Rules()
    {
        var data = new TheoryData<RuleShape, Better>();
        foreach (var shape in Enum.GetValues<RuleShape>())
        {
            data.Add(shape, Better.Higher);
            data.Add(shape, Better.Lower);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Every_rule_shape_grades_the_ends_of_the_range_with_finite_numbers_and_sentences(RuleShape shape, Better better)
    {
        var rule = new CriterionRule(shape, better, shape == RuleShape.BetterThanReference ? null : 2020);
        var wording = new AssessmentWording("Norrköping", "riket", "the nation", "%");
        var extremes = Extremes.Select(x => (double?)x).Append(null).Append(double.PositiveInfinity).Append(1.7e308).ToList();
        foreach (var subjectThen in extremes)
        {
            foreach (var referenceThen in extremes)
            {
                foreach (var subjectNow in extremes)
                {
                    foreach (var referenceNow in new double?[] { -Max, double.Epsilon, Max, double.NaN })
                    {
                        IReadOnlyList<YearValue> series = [new(2020, subjectThen, referenceThen), new(2024, subjectNow, referenceNow)];
                        IReadOnlyList<YearValue> mirrored = [new(2020, referenceNow, subjectNow), new(2024, referenceThen, subjectThen)];
                        var assessment = AssessmentEngine.Assess(new AssessmentInput
                        {
                            Rule = rule, Wording = wording, Year = 2024,
                            Series = new Dictionary<string, IReadOnlyList<YearValue>> { ["T"] = series, ["K"] = mirrored, ["M"] = series },
                        });
                        foreach (var a in assessment.ByGender.Prepend(assessment))
                        {
                            var what = $"{shape} {better}: {subjectThen}, {referenceThen} → {subjectNow}, {referenceNow}";
                            AssertFinite([a.Value, a.BaselineValue, a.ReferenceValue, a.BaselineReferenceValue, a.Gap, a.BaselineGap, a.Change, a.ReferenceChange], what);
                            Assert.DoesNotContain("∞", a.ExplanationSv, StringComparison.Ordinal);
                            Assert.DoesNotContain("NaN", a.ExplanationEn, StringComparison.Ordinal);
                            Assert.DoesNotContain("∞", a.ExplanationEn, StringComparison.Ordinal);
                        }
                    }
                }
            }
        }
    }
}
