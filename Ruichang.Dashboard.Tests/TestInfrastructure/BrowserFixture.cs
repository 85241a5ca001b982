using Microsoft.Playwright;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// One headless Debian Chromium for the browser tests, driven by Playwright's bundled driver.
/// Playwright's own browser download is never used (no network here): the executable is
/// /usr/bin/chromium, which scripts/test.sh installs.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Why no browser can be started here, or null when Chromium is installed.</summary>
    public static string? Missing => File.Exists(ChromiumPath)
        ? null
        : $"{ChromiumPath} is missing: run scripts/test.sh as root, or `apt-get install chromium`.";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (Missing is not null)
        {
            // Every browser test is then skipped (BrowserFact, BrowserTheory) and none asks for the browser.
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>
    /// Saves a full-page screenshot to the folder named by <c>RUICHANG_SCREENSHOTS</c>, when set, for
    /// a person to look at what the tests saw; does nothing otherwise.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("RUICHANG_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// A fact that needs Chromium, skipped with <see cref="BrowserFixture.Missing"/> as its reason where it is
/// not installed (xunit 2 has no dynamic skip; the attribute decides when tests are discovered).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = BrowserFixture.Missing;
}

/// <summary>A theory that needs Chromium, skipped like <see cref="BrowserFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute() => Skip = BrowserFixture.Missing;
}
