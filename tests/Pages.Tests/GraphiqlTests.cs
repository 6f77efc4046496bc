using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Jamforelse.Tests;
using Microsoft.Playwright;

namespace Jamforelse.Pages.Tests;

/// <summary>
/// GraphiQL at /graphiql: bundled into the platform at build time (nothing from a CDN), and working in a
/// real browser: a query over HTTP, and a subscription over graphql-ws that receives an import.
/// </summary>
public sealed partial class GraphiqlTests(NationalPagesFactory national) : IClassFixture<NationalPagesFactory>
{
    // The platform as the standalone demo starts it: GraphiQL's default query asks for a figure of the national data.
    private PagesFactory Factory => national.Factory;

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex References();

    [Fact]
    public async Task The_page_and_its_assets_come_from_the_platform_itself()
    {
        var address = await Factory.StartAsync();
        using var client = new HttpClient { BaseAddress = address };
        using var page = await client.GetAsync(new Uri("/graphiql", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        var assets = References().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["/graphiql/assets/graphiql.css", "/graphiql/assets/graphiql.js"], assets.Order(StringComparer.Ordinal));
        foreach (var (asset, type) in new[] { ("graphiql.js", "text/javascript"), ("graphiql.css", "text/css"), ("graphql.worker.js", "text/javascript"), ("codicon.ttf", "application/x-font-ttf") })
        {
            using var response = await client.GetAsync(new Uri("/graphiql/assets/" + asset, UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, asset);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            if (asset.EndsWith(".js", StringComparison.Ordinal))
            {
                var code = await response.Content.ReadAsStringAsync();
                foreach (var cdn in new[] { "unpkg.com", "cdn.jsdelivr", "esm.sh", "cdnjs" })
                {
                    Assert.DoesNotContain(cdn, code, StringComparison.Ordinal);
                }
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/graphiql/assets/nothing.js", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/graphiql/assets/..%2Fgraphiql.js", UriKind.Relative))).StatusCode);
    }

    [ChromiumFact]
    public async Task In_a_browser_a_query_answers_and_a_subscription_receives_an_import()
    {
        var address = await Factory.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(ChromiumFactAttribute.Launch);
        var page = await browser.NewPageAsync();
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);

        // The page's own query (the README's comparison of Norrköping and Linköping with riket, on the shipped
        // sample values), with the key typed into the page's key field.
        await page.GotoAsync($"{address}graphiql");
        await page.GetByLabel("API-nyckel").FillAsync(TestKeys.Linkoping);
        await page.Locator(".graphiql-execute-button").ClickAsync();
        // (the editor shows the top of the answer: the references come before the rows)
        await Assertions.Expect(page.Locator(".graphiql-response")).ToContainTextAsync("\"label\": \"Riket\"", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator(".graphiql-response")).ToContainTextAsync("Källa: Kolada");

        // A subscription over graphql-ws: an import made meanwhile arrives in the response pane.
        var subscription = """subscription { comparisonUpdated(kpi: "N03920", areas: ["0581"]) { kpi period comparison { rows { areaId value } } } }""";
        await page.GotoAsync($"{address}graphiql?query={Uri.EscapeDataString(subscription)}");
        await page.Locator(".graphiql-execute-button").ClickAsync();
        // The subscription is open once graphql-ws has sent subscribe: import (a new value each time) until one arrives.
        using var admin = Factory.AdminClient();
        var response = page.Locator(".graphiql-response");
        string? arrived = null;
        for (var attempt = 1; arrived is null && attempt <= 10; attempt++)
        {
            var value = $"6.{attempt}";
            using var import = await admin.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Webbläsartest", UriKind.Relative),
                new StringContent($"kpi,area,period,gender,value\nN03920,0581,2024,T,{value}\n", Encoding.UTF8, "text/csv"));
            Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
            for (var waited = 0; waited < 2000 && arrived is null; waited += 100)
            {
                arrived = (await response.InnerTextAsync()).Contains(value, StringComparison.Ordinal) ? value : null;
                await Task.Delay(100);
            }
        }
        Assert.NotNull(arrived);
        Directory.CreateDirectory("screenshots");
        await page.ScreenshotAsync(new() { Path = Path.Combine("screenshots", "graphiql-subscription.png"), FullPage = true });
        Assert.DoesNotContain(failedRequests, url => !url.Contains("/graphql", StringComparison.Ordinal));
    }
}
