using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Jamforelse.Benchmarking.Tests.Api;

/// <summary>The Kolada sync of the embedded platform keeps current what the adopted plans use, for the years they need.</summary>
public sealed class KoladaSyncPlanTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task The_sync_keeps_the_adopted_plans_Kolada_key_figures_current_from_their_baseline_to_their_end()
    {
        var client = await factory.ReadyClientAsync();
        var sync = (await client.GetFromJsonAsync<JsonNode>(new Uri("/api/indicator-data/kolada-sync", UriKind.Relative)))!;

        // Norrköping's council goals 2023–2026 (adopted) grade N15428 and U21401 among others, from their earliest baseline.
        var plan = sync["plans"]!.AsArray().Single(p => p!["planId"]!.GetValue<string>() == "norrkoping-kf-2023-2026")!;
        Assert.Contains("N15428", plan["kpiIds"]!.AsArray().Select(k => k!.GetValue<string>()));
        var from = plan["fromYear"]!.GetValue<int>();
        Assert.InRange(from, 2015, 2022);
        Assert.Equal(2026, plan["toYear"]!.GetValue<int>());
        var kpis = sync["kpis"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        Assert.Contains("N15428", kpis);
        Assert.Contains("U21401", kpis);
        Assert.DoesNotContain(kpis, k => k.Contains('.', StringComparison.Ordinal)); // a tenant's own figures are not Kolada's
        var years = sync["years"]!.AsArray().Select(y => y!.GetValue<int>()).ToList();
        Assert.All(Enumerable.Range(from, 2026 - from + 1), year => Assert.Contains(year, years));
    }
}
