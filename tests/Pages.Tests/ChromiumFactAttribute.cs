namespace Jamforelse.Pages.Tests;

/// <summary>A browser test: runs in Debian's Chromium, and is skipped, saying why, where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path))
        {
            Skip = $"Chromium is not installed at {Path} (apt-get install -y chromium; .ci/run installs it).";
        }
    }

    /// <summary>The launch the platform's browser tests use: Debian's Chromium, headless, never `playwright install`.</summary>
    public static Microsoft.Playwright.BrowserTypeLaunchOptions Launch => new()
    {
        ExecutablePath = Path,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    };
}
