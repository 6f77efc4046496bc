using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Jamforelse.Benchmarking.Tests.Api;

/// <summary>
/// The standalone demo as a newcomer gets it: on first start it imports the shipped national Kolada data, so the
/// first comparison ranks all 290 municipalities on real values, and every reference says what it rests on.
/// </summary>
public sealed class NationalDemoTests(ITestOutputHelper output)
{
    [Fact]
    public async Task On_first_start_a_comparison_ranks_all_290_municipalities_on_real_values_and_no_reference_claims_more_than_it_rests_on()
    {
        var started = Stopwatch.StartNew();
        await using var platform = new PlatformFactory { ImportNationalData = true };
        var client = await platform.ReadyClientAsync();
        output.WriteLine($"first start with the national data, ready after {started.Elapsed.TotalSeconds:F1} s");

        // N15428 (pupils in year 9 eligible for a vocational programme), 2018, from Kolada's 2019 answer: every
        // municipality with a value ranked; Norrköping 0581 and Linköping 0580 among them with their published values.
        var comparison = (await client.GetFromJsonAsync<JsonNode>(new Uri("/api/benchmarking/comparisons?kpi=N15428&period=2018", UriKind.Relative)))!;
        Assert.Equal(290, comparison["municipalitiesTotal"]!.GetValue<int>());
        var rows = comparison["areas"]!.AsArray();
        Assert.Equal(290, rows.Count);
        var ranked = rows.Count(r => r!["rank"] is not null);
        Assert.True(ranked >= 285, $"{ranked} of 290 ranked");
        Assert.Equal(ranked, comparison["municipalitiesWithData"]!.GetValue<int>());
        Assert.All(rows.Where(r => r!["rank"] is not null), r => Assert.NotNull(r!["quartile"])); // "behöriga": higher is better
        Assert.Contains(rows, r => r!["areaId"]!.GetValue<string>() == "0581" && r["rank"] is not null);

        var references = comparison["references"]!.AsArray().ToDictionary(r => r!["key"]!.GetValue<string>(), r => r!);
        var average = references["average"];
        Assert.Equal((ranked, 290), (average["count"]!.GetValue<int>(), average["of"]!.GetValue<int>()));
        // Inhabitants are shipped for 2018 for Linköping only: the weighted average is absent, and says why.
        Assert.Null(references["weightedAverage"]["value"]);
        Assert.Contains("a weighted average needs it", references["weightedAverage"]["note"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var reference in references.Values)
        {
            Assert.True(reference["count"]!.GetValue<int>() <= reference["of"]!.GetValue<int>(), reference.ToJsonString());
        }

        // Kolada served Knivsta's 2014 N21804 as 1.351351 with "Privacy": shown with its status, not ranked, not in the average.
        var privacy = (await client.GetFromJsonAsync<JsonNode>(new Uri("/api/benchmarking/comparisons?kpi=N21804&period=2014", UriKind.Relative)))!;
        var knivsta = privacy["areas"]!.AsArray().Single(r => r!["areaId"]!.GetValue<string>() == "0330")!;
        Assert.Equal(("Privacy", "sekretess", 1.351351), (knivsta["status"]!.GetValue<string>(), knivsta["statusLabel"]!.GetValue<string>(), knivsta["flaggedValue"]!.GetValue<double>()));
        Assert.Null(knivsta["rank"]);
        Assert.Null(knivsta["value"]);
        var privacyAverage = privacy["references"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "average")!;
        Assert.DoesNotContain("0330", privacyAverage["areasUsed"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(privacy["municipalitiesWithData"]!.GetValue<int>(), privacyAverage["count"]!.GetValue<int>());

        // N07540 2025 (reported crimes per 100,000) with N01951 2025 for all 290: the weighted average rests on all of them.
        var crimes = (await client.GetFromJsonAsync<JsonNode>(new Uri("/api/benchmarking/comparisons?kpi=N07540&period=2025&areas=0581", UriKind.Relative)))!;
        var weighted = crimes["references"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "weightedAverage")!;
        Assert.Equal((290, 290), (weighted["count"]!.GetValue<int>(), weighted["of"]!.GetValue<int>()));
        Assert.NotNull(weighted["value"]);
        var norrkoping = crimes["areas"]!.AsArray().Single()!;
        Assert.Equal(12832.02936, norrkoping["value"]!.GetValue<double>(), 5);
        Assert.NotNull(norrkoping["rank"]);
    }
}
