using Jamforelse.Benchmarking.Engine;

namespace Jamforelse.Benchmarking.Tests.Engine;

/// <summary>The comparison maths on small inputs whose answers are worked out by hand in each test.</summary>
public sealed class ComparisonEngineTests
{
    private static readonly HashSet<string> Eight = ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008"];

    private static Comparison Compare(Dictionary<string, double?> values, Better better = Better.Higher, IReadOnlySet<string>? municipalities = null,
        Dictionary<string, double>? population = null, params ReferenceSpec[] references) =>
        ComparisonEngine.Compare(new ComparisonInput
        {
            KpiId = "N00000", Period = "2024", Better = better, Values = values, Municipalities = municipalities ?? Eight,
            Population = population ?? [], References = references,
        });

    private static AreaResult Row(Comparison c, string id) => c.Areas.Single(a => a.AreaId == id);

    private static ReferenceResult Reference(Comparison c, string key) => c.References.Single(r => r.Key == key);

    [Fact]
    public void Ties_share_a_rank_and_a_class_and_the_next_rank_skips_the_shared_places()
    {
        // Higher is better: 90 | 80, 80 | 70 | 60 | 50, 50 | 40 → ranks 1, 2, 2, 4, 5, 6, 6, 8.
        // n = 8, p = (rank − ½) / 8: best when p ≤ ¼ (ranks 1, 2), worst when p > ¾ (ranks 7, 8).
        var c = Compare(new() { ["0001"] = 80, ["0002"] = 90, ["0003"] = 80, ["0004"] = 50, ["0005"] = 70, ["0006"] = 60, ["0007"] = 40, ["0008"] = 50 });
        Assert.Equal(["0002", "0001", "0003", "0005", "0006", "0004", "0008", "0007"], c.Areas.Select(a => a.AreaId));
        Assert.Equal([1, 2, 2, 4, 5, 6, 6, 8], c.Areas.Select(a => a.Rank!.Value));
        Assert.Equal([Quartile.Best, Quartile.Best, Quartile.Best, Quartile.Middle, Quartile.Middle, Quartile.Middle, Quartile.Middle, Quartile.Worst],
            c.Areas.Select(a => a.Quartile!.Value));
    }

    [Fact]
    public void Missing_values_are_not_counted_not_zero_and_listed_last_without_a_rank()
    {
        // 0002 has a row without a number, 0005-0008 have no row at all; only 0001, 0003, 0004 count.
        var c = Compare(new() { ["0001"] = 10, ["0002"] = null, ["0003"] = 30, ["0004"] = 20, ["0000"] = 25 });
        Assert.Equal(3, c.MunicipalitiesWithData);
        Assert.Equal(8, c.MunicipalitiesTotal);
        Assert.Equal(["0003", "0004", "0001", "0002", "0005", "0006", "0007", "0008"], c.Areas.Select(a => a.AreaId));
        Assert.All(c.Areas.Skip(3), a => Assert.Equal((null, null, null), (a.Value, a.Rank, a.Quartile)));
        Assert.All(c.Areas.Skip(3), a => Assert.All(a.Gaps, g => Assert.Equal((null, null), (g.Difference, g.Worse))));
        var average = Reference(c, "average");
        Assert.Equal(20, average.Value); // (10 + 30 + 20) / 3, not / 4 or / 8
        Assert.Equal(3, average.Count);
        Assert.Equal(["0001", "0003", "0004"], average.AreasUsed);
    }

    [Fact]
    public void When_lower_is_better_the_lowest_ranks_first_and_worse_is_above_the_reference()
    {
        // Crime per 100 000: 0001 = 9 000, 0002 = 7 000, 0003 = 12 000, 0004 = 8 000; riket 10 000.
        var c = Compare(new() { ["0001"] = 9000, ["0002"] = 7000, ["0003"] = 12000, ["0004"] = 8000, ["0000"] = 10000 }, Better.Lower,
            new HashSet<string> { "0001", "0002", "0003", "0004" });
        Assert.Equal(["0002", "0004", "0001", "0003"], c.Areas.Select(a => a.AreaId));
        Assert.Equal([Quartile.Best, Quartile.Middle, Quartile.Middle, Quartile.Worst], c.Areas.Select(a => a.Quartile!.Value));
        var toRiket = Row(c, "0003").Gaps.Single(g => g.ReferenceKey == "riket");
        Assert.Equal(2000, toRiket.Difference);
        Assert.Equal(2000, toRiket.Worse); // 12 000 is 2 000 worse than riket
        Assert.Equal(-3000, Row(c, "0002").Gaps.Single(g => g.ReferenceKey == "riket").Worse); // 3 000 better
    }

    [Fact]
    public void A_figure_without_a_better_direction_is_ranked_by_value_but_has_no_class_and_no_worse()
    {
        var c = Compare(new() { ["0001"] = 5, ["0002"] = 7, ["0000"] = 6 }, Better.None, new HashSet<string> { "0001", "0002" });
        Assert.Equal([("0002", 1), ("0001", 2)], c.Areas.Select(a => (a.AreaId, a.Rank!.Value)));
        Assert.All(c.Areas, a => Assert.Null(a.Quartile));
        var gap = Row(c, "0001").Gaps.Single(g => g.ReferenceKey == "riket");
        Assert.Equal((-1.0, (double?)null), (gap.Difference!.Value, gap.Worse));
    }

    [Fact]
    public void The_weighted_average_weighs_by_inhabitants_and_is_absent_with_the_reason_when_any_municipality_lacks_them()
    {
        // Values 10, 20, 40; inhabitants 100 000, 300 000, 100 000.
        // Unweighted: (10 + 20 + 40) / 3 = 23.33…; weighted: (10·100 000 + 20·300 000 + 40·100 000) / 500 000 = 22.
        var three = new HashSet<string> { "0001", "0002", "0003" };
        var c = Compare(new() { ["0001"] = 10, ["0002"] = 20, ["0003"] = 40 }, municipalities: three,
            population: new() { ["0001"] = 100_000, ["0002"] = 300_000, ["0003"] = 100_000 });
        Assert.Equal(70.0 / 3, Reference(c, "average").Value!.Value, 12);
        Assert.Equal("unweighted mean", Reference(c, "average").Method);
        var weighted = Reference(c, "weightedAverage");
        Assert.Equal(22, weighted.Value!.Value, 12);
        Assert.Equal((3, 3, "population-weighted mean"), (weighted.Count, weighted.Of, weighted.Method));
        Assert.Null(weighted.Note);

        // No inhabitants for 0003: a mean of 0001 and 0002 would claim all three. It is absent, and says why.
        var lacking = Reference(Compare(new() { ["0001"] = 10, ["0002"] = 20, ["0003"] = 40 }, municipalities: three,
            population: new() { ["0001"] = 100_000, ["0002"] = 300_000 }), "weightedAverage");
        Assert.Equal((null, 0), (lacking.Value, lacking.Count));
        Assert.Contains("1 of 3", lacking.Note, StringComparison.Ordinal);
        Assert.Contains("0003", lacking.Note, StringComparison.Ordinal);
        var none = Reference(Compare(new() { ["0001"] = 10 }), "weightedAverage"); // no population loaded for the year
        Assert.Null(none.Value);
        Assert.Contains("No population", none.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mean_says_how_many_of_the_areas_it_stands_for_it_rests_on()
    {
        // One municipality of eight has a value: the average is its value, and it says 1 of 8.
        var average = Reference(Compare(new() { ["0001"] = 10 }), "average");
        Assert.Equal((10.0, 1, 8), (average.Value!.Value, average.Count, average.Of));
        Assert.Contains("Rests on 1 of 8", average.Note, StringComparison.Ordinal);
        var group = Reference(Compare(new() { ["0001"] = 10, ["0002"] = 30 }, references: new ReferenceSpec(ReferenceKind.PeerGroup, "G1", "Grupp", ["0001", "0002", "0003", "0002"])), "group:G1");
        Assert.Equal((20.0, 2, 3), (group.Value!.Value, group.Count, group.Of));
        Assert.Contains("Rests on 2 of 3", group.Note, StringComparison.Ordinal);
        Assert.Equal(1, Reference(Compare(new() { ["0000"] = 5 }), "riket").Of);
    }

    [Fact]
    public void A_flagged_value_is_shown_with_its_status_but_never_ranked_averaged_or_used_as_a_reference()
    {
        // 0002 comes with 99 marked "Missing" and riket with 50 marked "Privacy" (Kolada serves such numbers).
        // Counted: 0001 = 10, 0003 = 30 → ranks 1 (0003), 2 (0001); average 20, not (10 + 99 + 30) / 3.
        var c = ComparisonEngine.Compare(new ComparisonInput
        {
            KpiId = "N00000", Period = "2016", Better = Better.Higher, Municipalities = new HashSet<string> { "0001", "0002", "0003" },
            Values = new Dictionary<string, double?> { ["0001"] = 10, ["0002"] = null, ["0003"] = 30, ["0000"] = null },
            Flags = new Dictionary<string, ValueFlag> { ["0002"] = new("Missing", "uppgift saknas", 99), ["0000"] = new("Privacy", "sekretess", 50) },
        });
        Assert.Equal(2, c.MunicipalitiesWithData);
        Assert.Equal(["0003", "0001", "0002"], c.Areas.Select(a => a.AreaId));
        var flagged = Row(c, "0002");
        Assert.Equal((null, null, null), (flagged.Value, flagged.Rank, flagged.Quartile));
        Assert.Equal(new ValueFlag("Missing", "uppgift saknas", 99), flagged.Flag);
        Assert.All(flagged.Gaps, g => Assert.Null(g.Difference));
        Assert.Equal(20, Reference(c, "average").Value);
        var riket = Reference(c, "riket");
        Assert.Null(riket.Value);
        Assert.Contains("Privacy", riket.Note, StringComparison.Ordinal);
        Assert.Null(Row(c, "0001").Flag);
        // Even with the flagged number in Values, it does not count.
        var same = ComparisonEngine.Compare(new ComparisonInput
        {
            KpiId = "N00000", Period = "2016", Better = Better.Higher, Municipalities = new HashSet<string> { "0001", "0002", "0003" },
            Values = new Dictionary<string, double?> { ["0001"] = 10, ["0002"] = 99, ["0003"] = 30 },
            Flags = new Dictionary<string, ValueFlag> { ["0002"] = new("Missing", "uppgift saknas", 99) },
        });
        Assert.Equal(20, Reference(same, "average").Value);
    }

    [Fact]
    public void A_peer_group_that_excludes_the_municipality_itself_is_the_mean_of_its_members_or_its_stored_value()
    {
        // "Liknande kommuner, Linköping" does not list Linköping (0001). Members 0002, 0003, 0004 (no value) → (20 + 40) / 2 = 30.
        var values = new Dictionary<string, double?> { ["0001"] = 25, ["0002"] = 20, ["0003"] = 40, ["0005"] = 99 };
        var group = new ReferenceSpec(ReferenceKind.PeerGroup, "G1", "Liknande kommuner", ["0002", "0003", "0004"]);
        var computed = Reference(Compare(values, references: group), "group:G1");
        Assert.Equal((30.0, 2, "unweighted mean of members"), (computed.Value!.Value, computed.Count, computed.Method));
        Assert.Equal(["0002", "0003"], computed.AreasUsed);
        Assert.Equal(5, Row(Compare(values, references: group), "0001").Gaps.Single(g => g.ReferenceKey == "group:G1").Worse); // higher is better: 25 is 5 worse than 30

        // Kolada publishes the group's own average: that stored value wins.
        values["G1"] = 28.5;
        var stored = Reference(Compare(values, references: group), "group:G1");
        Assert.Equal((28.5, "stored"), (stored.Value!.Value, stored.Method));
    }

    [Fact]
    public void A_region_and_a_named_municipality_are_references_too()
    {
        var values = new Dictionary<string, double?> { ["0001"] = 10, ["0002"] = 14, ["0003"] = 30 };
        var c = Compare(values, references: [new ReferenceSpec(ReferenceKind.Region, "0099", "Regionen", ["0001", "0002"]), new ReferenceSpec(ReferenceKind.Municipality, "0003", "Trean")]);
        Assert.Equal(12, Reference(c, "region:0099").Value);
        Assert.Equal(30, Reference(c, "municipality:0003").Value);
        Assert.Equal(["riket", "average", "weightedAverage", "region:0099", "municipality:0003"], c.References.Select(r => r.Key));
        Assert.Equal(20, Row(c, "0001").Gaps.Single(g => g.ReferenceKey == "municipality:0003").Worse); // higher is better: 30 − 10
    }

    [Fact]
    public void A_reference_without_a_value_says_why_and_leaves_the_gaps_missing()
    {
        var c = Compare(new() { ["0001"] = 10 });
        var riket = Reference(c, "riket");
        Assert.Null(riket.Value);
        Assert.Equal(0, riket.Count);
        Assert.NotNull(riket.Note);
        Assert.Equal((null, null), (Row(c, "0001").Gaps[0].Difference, Row(c, "0001").Gaps[0].Worse));
    }

    [Fact]
    public void The_change_since_a_baseline_shows_the_value_and_whether_the_gap_narrowed()
    {
        // Lower is better. 2022: 0001 = 8.0, riket 6.0 (worse by 2.0). 2024: 0001 = 7.4, riket 6.2 (worse by 1.2): narrowed by 0.8.
        var now = Compare(new() { ["0001"] = 7.4, ["0000"] = 6.2 }, Better.Lower);
        var then = Compare(new() { ["0001"] = 8.0, ["0000"] = 6.0 }, Better.Lower);
        var change = ComparisonEngine.Change(now, then).Single(c => c.AreaId == "0001");
        Assert.Equal(-0.6, change.ValueChange!.Value, 12);
        var gap = change.Gaps.Single(g => g.ReferenceKey == "riket");
        Assert.Equal((1.2, 2.0), (gap.Worse!.Value, gap.BaselineWorse!.Value), new ToleranceComparer());
        Assert.Equal(-0.8, gap.Change!.Value, 12);

        // A baseline year without data gives missing changes, never zeros.
        var empty = ComparisonEngine.Change(now, Compare([], Better.Lower)).Single(c => c.AreaId == "0001");
        Assert.Equal((7.4, null, null), (empty.Value!.Value, empty.BaselineValue, empty.ValueChange));
        Assert.All(empty.Gaps, g => Assert.Null(g.Change));
    }

    [Fact]
    public void All_290_municipalities_are_answered_and_counted()
    {
        var ids = Enumerable.Range(1, 290).Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var values = ids.Where((_, i) => i % 10 != 0).ToDictionary(id => id, id => (double?)int.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
        var c = Compare(values, municipalities: ids);
        Assert.Equal((261, 290, 290), (c.MunicipalitiesWithData, c.MunicipalitiesTotal, c.Areas.Count));
        Assert.Equal(65, c.Areas.Count(a => a.Quartile == Quartile.Best)); // (rank − ½) / 261 ≤ ¼ ⇔ rank ≤ 65.75
        Assert.Equal(65, c.Areas.Count(a => a.Quartile == Quartile.Worst)); // (rank − ½) / 261 > ¾ ⇔ rank > 196.25: 197..261
    }

    [Theory]
    [InlineData(1, new[] { Quartile.Middle })]
    [InlineData(2, new[] { Quartile.Best, Quartile.Middle })]
    [InlineData(3, new[] { Quartile.Best, Quartile.Middle, Quartile.Worst })]
    [InlineData(4, new[] { Quartile.Best, Quartile.Middle, Quartile.Middle, Quartile.Worst })]
    public void Few_municipalities_are_classed_by_the_middle_of_their_place(int count, Quartile[] expected)
    {
        Assert.Equal(expected, Enumerable.Range(1, count).Select(rank => ComparisonEngine.QuartileOf(rank, count)));
    }

    private sealed class ToleranceComparer : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < 1e-9 && Math.Abs(x.Item2 - y.Item2) < 1e-9;

        public int GetHashCode((double, double) obj) => 0;
    }
}
