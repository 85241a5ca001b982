using System.Diagnostics;
using Microsoft.Playwright;
using Ruichang.Dashboard.Components.Shared;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>A browser window as a wall opens the big screen, and what the screen tests ask of it.</summary>
internal static class ScreenWall
{
    private static readonly string[] NoisyLines = ["Failed to fetch", "ERR_CONNECTION_REFUSED", "Normalizing '_blazor'"];

    /// <summary>
    /// A browser context with the wall's window size and pixel ratio (and its viewer's motion preference,
    /// the system's by default); what its pages log and where
    /// they go is written to the test's output, with the seconds since it was made (a failure here is
    /// usually about timing).
    /// </summary>
    public static async Task<IBrowserContext> NewContextAsync(
        IBrowser browser, string baseUrl, ITestOutputHelper output, int width = 1920, int height = 1080, float scale = 1, Stopwatch? clock = null,
        ReducedMotion? motion = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = scale,
            ReducedMotion = motion,
        });
        clock ??= Stopwatch.StartNew();
        context.Console += (_, message) =>
        {
            // Each try while the server is away logs the same few lines.
            if (!NoisyLines.Any(noise => message.Text.Contains(noise, StringComparison.Ordinal)))
            {
                Note(output, clock, $"console {message.Type}: {message.Text}");
            }
        };
        context.Page += (_, page) => page.FrameNavigated += (_, frame) => Note(output, clock, $"navigated to {frame.Url}");
        return context;
    }

    public static void Note(ITestOutputHelper output, Stopwatch clock, string line)
    {
        try
        {
            output.WriteLine($"{clock.Elapsed.TotalSeconds,7:0.000} {line}");
        }
        catch (InvalidOperationException)
        {
            // An event that came after the test ended.
        }
    }

    /// <summary>screen.js keeps the connection's state on &lt;html&gt;: <c>data-connection</c>, <c>-losses</c>, <c>data-reconnect-attempts</c>.</summary>
    public static ILocator Html(IPage page) => page.Locator("html");

    public static async Task ExpectConnectedAsync(IPage page, float timeout = 10_000) =>
        await Assertions.Expect(Html(page)).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = timeout });

    /// <summary>The wall's rotating panels, as a CSS selector; the one on show has <c>data-active="true"</c>.</summary>
    public const string Panels = "[data-testid=screen-panel]";

    /// <summary>The first panel's chart is drawn in the browser: the circuit is live and the charts' script has run.</summary>
    public static async Task ExpectChartDrawnAsync(IPage page, float timeout = 5_000) =>
        await Assertions.Expect(page.Locator($"{Panels}[data-active=true] svg.apexcharts-svg").First).ToBeVisibleAsync(new() { Timeout = timeout });

    /// <summary>
    /// The numeral of the KPI card of <paramref name="metric"/> (a metric key), as a CSS selector: its
    /// <c>data-value</c> and its text are the figure at once; in the browser it counts up to it (<see cref="ShownText"/>).
    /// </summary>
    public static string KpiNumeral(string metric) => $"[data-testid=screen-kpi][data-metric={metric}] [data-testid=count-up]";

    /// <summary>
    /// What a numeral shows, as a JS expression over <c>numeral</c> (the element): while it counts, the
    /// frame on show (<c>data-shown</c>), else its figure.
    /// </summary>
    public const string ShownText = "(numeral.dataset.shown ?? numeral.textContent)";

    /// <summary>What a numeral reads once it has counted up to <paramref name="value"/>, as the wall writes it (zh-CN).</summary>
    public static string NumeralText(double value)
    {
        using var culture = UiCulture.Use("zh-CN");
        return NumberFormat.Compact(value);
    }

    /// <summary>The clock is rendered by the server every second: a clock that changes is a live circuit.</summary>
    public static async Task ExpectClockTicksAsync(IPage page)
    {
        var time = page.Locator("[data-testid=screen-clock] .screen-clock-time");
        var now = await time.TextContentAsync();
        await Assertions.Expect(time).Not.ToHaveTextAsync(now!, new() { Timeout = 5_000 });
    }
}
