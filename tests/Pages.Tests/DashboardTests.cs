using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jamforelse.Tests;
using Microsoft.Playwright;

namespace Jamforelse.Pages.Tests;

/// <summary>
/// The dashboard in Debian's Chromium: opened with a key figure chosen it draws one bar per municipality
/// with data in its quartile's colour, an import made through the API redraws it within 2 s without a
/// reload, and the export holds the table's numbers. Screenshots are saved under screenshots/.
/// </summary>
public sealed class DashboardTests(PagesFactory factory) : IClassFixture<PagesFactory>
{
    private const string Kpi = "N03920";
    private static readonly string[] Municipalities = ["0580", "0581", "0583", "0584", "0586", "0604", "0617", "0642", "0643", "0665", "0680", "0682"];
    private static readonly Dictionary<string, string> Colours = new() { ["BEST"] = "#1a7f37", ["MIDDLE"] = "#9a6700", ["WORST"] = "#cf222e" };

    private async Task<Uri> StartWithValuesAsync()
    {
        var address = await factory.StartAsync();
        using var admin = factory.AdminClient();
        var csv = new StringBuilder("kpi,area,period,gender,value\n");
        for (var year = 2020; year <= 2024; year++)
        {
            for (var i = 0; i < Municipalities.Length; i++)
            {
                // 0583 has no value in 2024: the page shows it grey.
                if (year == 2024 && Municipalities[i] == "0583")
                {
                    continue;
                }
                csv.Append(CultureInfo.InvariantCulture, $"{Kpi},{Municipalities[i]},{year},T,{4 + (i * 0.7) + ((year - 2020) * 0.3)}\n");
            }
        }
        using var import = await admin.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Testdata", UriKind.Relative), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
        for (var waited = 0; ; waited += 100)
        {
            using var comparison = await admin.GetAsync(new Uri($"/api/benchmarking/comparisons?kpi={Kpi}&period=2024", UriKind.Relative));
            if (comparison.IsSuccessStatusCode && (await comparison.Content.ReadFromJsonAsync<JsonNode>())!["municipalitiesWithData"]!.GetValue<int>() >= Municipalities.Length - 1)
            {
                return address;
            }
            Assert.True(waited < 20_000, "The comparison was not computed within 20 s.");
            await Task.Delay(100);
        }
    }

    private static async Task<(IPlaywright, IBrowser, IPage)> OpenAsync(Uri address)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(ChromiumFactAttribute.Launch);
        var page = await browser.NewPageAsync(new() { AcceptDownloads = true, ViewportSize = new() { Width = 1280, Height = 1600 } });
        await page.AddInitScriptAsync($"sessionStorage.setItem('jamforelse.apiKey', '{TestKeys.Linkoping}');");
        await page.GotoAsync($"{address}dashboard?kpi={Kpi}&areas=0580,0581,0583&from=2020&to=2024&year=2024");
        await page.WaitForFunctionAsync("() => window.jamforelseDashboard && window.jamforelseDashboard.loaded", null, new() { Timeout = 20_000 });
        return (playwright, browser, page);
    }

    [ChromiumFact]
    public async Task Opened_with_a_key_figure_it_draws_one_bar_per_municipality_with_data_in_its_quartiles_colour()
    {
        var address = await StartWithValuesAsync();
        var (playwright, browser, page) = await OpenAsync(address);
        using var _ = playwright;
        await using var __ = browser;

        using var admin = factory.AdminClient();
        var comparison = (await admin.GetFromJsonAsync<JsonNode>(new Uri($"/api/benchmarking/comparisons?kpi={Kpi}&period=2024", UriKind.Relative)))!;
        var expected = comparison["areas"]!.AsArray().Where(a => a!["value"] is not null).ToDictionary(a => a!["areaId"]!.GetValue<string>(), a => a!["quartile"]!.GetValue<string>());
        var bars = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.jamforelseDashboard.bar)")).RootElement;
        var withData = bars.EnumerateArray().Where(b => b.GetProperty("value").ValueKind != JsonValueKind.Null).ToList();
        Assert.Equal(comparison["municipalitiesWithData"]!.GetValue<int>(), withData.Count);
        foreach (var b in withData)
        {
            var quartile = expected[b.GetProperty("areaId").GetString()!].ToUpperInvariant();
            Assert.Equal(Colours[quartile], b.GetProperty("colour").GetString());
        }
        // A chosen municipality without a value for the year is a grey bar.
        var missing = Assert.Single(bars.EnumerateArray(), b => b.GetProperty("value").ValueKind == JsonValueKind.Null);
        Assert.Equal("0583", missing.GetProperty("areaId").GetString());
        Assert.Equal("#8c959f", missing.GetProperty("colour").GetString());
        // Swedish labels, decimal comma and the source under the charts.
        await Assertions.Expect(page.Locator("#table")).ToContainTextAsync(",");
        await Assertions.Expect(page.Locator("#bar-source")).ToHaveTextAsync("Källa: Kolada");
        await Assertions.Expect(page.Locator("#line-source")).ToHaveTextAsync("Källa: Kolada");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Målbedömningar för din organisation" })).ToBeVisibleAsync();
        Directory.CreateDirectory("screenshots");
        await page.ScreenshotAsync(new() { Path = Path.Combine("screenshots", "dashboard.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task An_import_made_while_the_page_is_open_redraws_it_within_two_seconds_without_a_reload()
    {
        var address = await StartWithValuesAsync();
        var (playwright, browser, page) = await OpenAsync(address);
        using var _ = playwright;
        await using var __ = browser;
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;
        // Subscribed once graphql-ws is connected (subscribe goes out right after connection_ack).
        await page.WaitForFunctionAsync("() => window.jamforelseDashboard.connected === true", null, new() { Timeout = 10_000 });
        await Task.Delay(300);
        var updates = await page.EvaluateAsync<int>("() => window.jamforelseDashboard.updates");

        using var admin = factory.AdminClient();
        using var import = await admin.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Testdata", UriKind.Relative),
            new StringContent($"kpi,area,period,gender,value\n{Kpi},0581,2024,T,12.34\n", Encoding.UTF8, "text/csv"));
        Assert.True(import.IsSuccessStatusCode);
        var answered = DateTime.UtcNow;
        await page.WaitForFunctionAsync($"() => window.jamforelseDashboard.updates > {updates}", null, new() { Timeout = 2_000 });
        Assert.True(DateTime.UtcNow - answered < TimeSpan.FromSeconds(2));
        await Assertions.Expect(page.Locator("#table")).ToContainTextAsync("12,34");
        Assert.Equal(0, navigations);
    }

    [ChromiumFact]
    public async Task The_export_downloads_the_tables_numbers_as_csv_and_excel()
    {
        var address = await StartWithValuesAsync();
        var (playwright, browser, page) = await OpenAsync(address);
        using var _ = playwright;
        await using var __ = browser;
        var cells = await page.Locator("#table tbody td").AllInnerTextsAsync();

        var csvDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        var csv = await File.ReadAllTextAsync(await csvDownload.PathAsync());
        Assert.StartsWith("År;", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        foreach (var cell in cells.Where(c => c != "–"))
        {
            Assert.Contains(cell.Replace("\u00A0", "", StringComparison.Ordinal), csv.Replace("\u00A0", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        Assert.Contains("Källa: Kolada", csv, StringComparison.Ordinal);

        var xlsxDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
        Assert.Equal($"jamforelse-{Kpi}.xlsx", xlsxDownload.SuggestedFilename);
        await using var file = File.OpenRead(await xlsxDownload.PathAsync());
        using var workbook = new ClosedXML.Excel.XLWorkbook(file);
        var sheet = workbook.Worksheet(1);
        var numbers = sheet.CellsUsed().Where(c => c.DataType == ClosedXML.Excel.XLDataType.Number).Select(c => c.GetDouble()).ToList();
        Assert.Equal(cells.Count(c => c != "–"), numbers.Count);
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == "Källa: Kolada");
    }
}
