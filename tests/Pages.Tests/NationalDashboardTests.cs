using System.Text.Json;
using Jamforelse.Tests;
using Microsoft.Playwright;

namespace Jamforelse.Pages.Tests;

/// <summary>The platform started as the standalone demo (the national Kolada data imported on first start).</summary>
public sealed class NationalPagesFactory : IAsyncLifetime
{
    public PagesFactory Factory { get; } = new() { ImportNationalData = true };

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync() => Address = await Factory.StartAsync();

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>
/// The dashboard as a newcomer first opens it: with no choice in its address it shows a real Kolada figure for
/// all 290 municipalities, draws no reference line that rests on fewer areas than it claims, and shows a value
/// that came with a status with its Swedish label.
/// </summary>
public sealed class NationalDashboardTests(NationalPagesFactory platform) : IClassFixture<NationalPagesFactory>
{
    private static async Task<(IPlaywright, IBrowser, IPage)> OpenAsync(Uri address, string query)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(ChromiumFactAttribute.Launch);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1600 } });
        await page.AddInitScriptAsync($"sessionStorage.setItem('jamforelse.apiKey', '{TestKeys.Norrkoping}');");
        await page.GotoAsync($"{address}dashboard{query}");
        await page.WaitForFunctionAsync("() => window.jamforelseDashboard && window.jamforelseDashboard.loaded", null, new() { Timeout = 30_000 });
        return (playwright, browser, page);
    }

    private static async Task<JsonElement> StateAsync(IPage page, string property) =>
        JsonDocument.Parse(await page.EvaluateAsync<string>($"() => JSON.stringify(window.jamforelseDashboard.{property})")).RootElement;

    [ChromiumFact]
    public async Task It_opens_on_a_real_figure_ranking_all_290_municipalities()
    {
        var (playwright, browser, page) = await OpenAsync(platform.Address, "");
        using var _ = playwright;
        await using var __ = browser;

        await Assertions.Expect(page.Locator("#title")).ToContainTextAsync("N15428");
        var bars = (await StateAsync(page, "bar")).EnumerateArray().ToList();
        Assert.True(bars.Count(b => b.GetProperty("value").ValueKind == JsonValueKind.Number) >= 285, $"{bars.Count} bars");
        // The table: 2014–2018, Linköping and Norrköping, then the references that are drawn.
        var table = await StateAsync(page, "table");
        Assert.Equal(5, table.GetProperty("rows").GetArrayLength());
        Assert.StartsWith("Kommunsnitt (", table.GetProperty("headers").EnumerateArray().Last().GetString(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#line-source")).ToHaveTextAsync("Källa: Kolada");
        Directory.CreateDirectory("screenshots");
        await page.ScreenshotAsync(new() { Path = Path.Combine("screenshots", "dashboard-national.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task A_reference_resting_on_few_areas_is_not_drawn_and_a_flagged_value_shows_its_label()
    {
        // N07926 has shipped sample values for nine municipalities only: its "average" rests on 9 of 290 and is
        // not drawn. Knivsta (0330) had N21804 1.351351 marked "Privacy" in 2014: shown as "sekretess", not ranked.
        var (playwright, browser, page) = await OpenAsync(platform.Address, "?kpi=N07926&areas=0580,0581&from=2019&to=2025&year=2025");
        using var _ = playwright;
        await using var __ = browser;
        var omitted = (await StateAsync(page, "omittedReferences")).EnumerateArray().Select(o => o.GetString()!).ToList();
        Assert.Contains(omitted, o => o.StartsWith("Kommunsnitt 2025 (vilar på", StringComparison.Ordinal));
        var table = await StateAsync(page, "table");
        var averageColumn = table.GetProperty("headers").EnumerateArray().Select(h => h.GetString()!).ToList().FindIndex(h => h.StartsWith("Kommunsnitt", StringComparison.Ordinal));
        Assert.All(table.GetProperty("rows").EnumerateArray(), row => Assert.Equal(JsonValueKind.Null, row[averageColumn].GetProperty("number").ValueKind));
        await Assertions.Expect(page.Locator("#line-note")).ToContainTextAsync("Ritas inte");

        await page.GotoAsync($"{platform.Address}dashboard?kpi=N21804&areas=0330,0580&from=2014&to=2016&year=2014");
        await page.WaitForFunctionAsync("() => window.jamforelseDashboard && window.jamforelseDashboard.loaded", null, new() { Timeout = 30_000 });
        var knivsta = (await StateAsync(page, "bar")).EnumerateArray().Single(b => b.GetProperty("areaId").GetString() == "0330");
        Assert.Equal("sekretess", knivsta.GetProperty("statusLabel").GetString());
        Assert.Equal(JsonValueKind.Null, knivsta.GetProperty("value").ValueKind);
        await Assertions.Expect(page.Locator("#table")).ToContainTextAsync("1,35 (sekretess)");
    }
}
