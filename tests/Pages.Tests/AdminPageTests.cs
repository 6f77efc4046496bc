using Jamforelse.Tests;
using Microsoft.Playwright;

namespace Jamforelse.Pages.Tests;

/// <summary>The platform administrator's Kolada sync page in Debian's Chromium: the list is set, a run is started and its state shown.</summary>
public sealed class AdminPageTests(PagesFactory factory) : IClassFixture<PagesFactory>
{
    [ChromiumFact]
    public async Task The_administrator_sets_the_list_starts_a_run_and_sees_its_progress_and_why_it_failed()
    {
        var address = await factory.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(ChromiumFactAttribute.Launch);
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync($"sessionStorage.setItem('jamforelse.apiKey', '{TestKeys.PlatformAdmin}');");
        await page.GotoAsync($"{address}admin");
        await page.WaitForFunctionAsync("() => window.jamforelseAdmin && window.jamforelseAdmin.loaded", null, new() { Timeout = 20_000 });

        await page.Locator("#kpis").FillAsync("N15428, U21468");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara listan" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sync")).ToContainTextAsync("N15428, U21468");

        // This machine has no Kolada: the run fails at once, and the page says why.
        await page.GetByRole(AriaRole.Button, new() { Name = "Kör nu" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.jamforelseAdmin.run && window.jamforelseAdmin.run.state === 'failed'", null, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#run-state")).ToContainTextAsync("Misslyckades");
        await Assertions.Expect(page.Locator("#run-error")).ToContainTextAsync("could not be reached");
        await Assertions.Expect(page.Locator("#progress")).ToBeVisibleAsync();
        Assert.Equal("1", await page.Locator("#progress").GetAttributeAsync("max"));

        // A tenant's key is told the sync is not theirs.
        await page.Locator("#key").FillAsync(TestKeys.Norrkoping);
        await page.Locator("#key").DispatchEventAsync("change");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Fel:");
    }
}
