using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>The big screen of the demo, opened through a display key in headless Chromium, as a wall shows it.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ScreenContentBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private readonly DemoAppFactory _app = new();
    private string _baseUrl = "";

    public Task InitializeAsync()
    {
        _baseUrl = _app.StartOnLoopback();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();

    [BrowserFact]
    public async Task The_wall_shows_the_figures_and_a_figure_written_meanwhile_appears_without_a_reload_counting_up_unless_the_viewer_asked_for_reduced_motion()
    {
        var key = await _app.Services.GetRequiredService<DisplayKeys>().CreateAsync("会议室大屏", "test", CancellationToken.None);
        await using var context = await ScreenWall.NewContextAsync(browser.Browser, _baseUrl, output);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"/screen?key={key.Key}");

        await Assertions.Expect(page.Locator("[data-testid=screen-kpi]")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("[data-testid=screen-ranking-row]")).ToHaveCountAsync(13);
        await Assertions.Expect(page.Locator("[data-testid=screen-ranking-row].home")).ToHaveAttributeAsync("data-county", "360481");
        await ScreenWall.ExpectChartDrawnAsync(page);
        // A second wall, whose viewer asked the system for reduced motion.
        await using var stillContext = await ScreenWall.NewContextAsync(browser.Browser, _baseUrl, output, motion: ReducedMotion.Reduce);
        var still = await stillContext.NewPageAsync();
        await still.GotoAsync($"/screen?key={key.Key}");
        await ScreenWall.ExpectChartDrawnAsync(still);

        int homeId, metricId;
        Period month;
        double before;
        var placements = page.Locator(ScreenWall.KpiNumeral(MetricKeys.ArticlePlacements));
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            homeId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            metricId = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements)).Id;
            month = _app.Services.GetRequiredService<CountyClock>().CurrentMonth;
            before = double.Parse((await placements.GetAttributeAsync("data-value"))!, System.Globalization.CultureInfo.InvariantCulture);
        }

        // A county-level figure for this month (as an entry would write it) stands for the county's month.
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            await _app.Services.GetRequiredService<ObservationWriter>().UpsertAsync(db, [new ObservationWrite(metricId, homeId, null, month, before + 500)],
                new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
        }

        // Every text the numeral shows from now on, as each wall's viewer sees it.
        var stillPlacements = still.Locator(ScreenWall.KpiNumeral(MetricKeys.ArticlePlacements));
        foreach (var numeral in new[] { placements, stillPlacements })
        {
            await numeral.EvaluateAsync($$"""
                numeral => {
                  window.shownTexts = [];
                  new MutationObserver(() => {
                    const text = {{ScreenWall.ShownText}};
                    if (window.shownTexts.at(-1) !== text) window.shownTexts.push(text);
                  }).observe(numeral, { attributes: true, childList: true, characterData: true, subtree: true });
                }
                """);
        }

        _app.Services.GetRequiredService<ChangeNotifier>().Publish(
            new ChangeNotice("entry", new HashSet<string> { MetricKeys.ArticlePlacements }, new HashSet<int> { homeId }, DateTime.UtcNow));

        // On the wall without a reload (how fast is scripts/bench.sh's screen-update figure, not a test's: the machines are shared).
        var written = (before + 500).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(placements).ToHaveAttributeAsync("data-value", written, new() { Timeout = 10_000 });
        // The numeral counts up to it in the browser, from the figure before, and then shows the figure itself.
        var final = ScreenWall.NumeralText(before + 500);
        await placements.EvaluateAsync(
            "(numeral, final) => new Promise(resolve => { const settled = () => !('shown' in numeral.dataset) && numeral.textContent === final ? resolve() : requestAnimationFrame(settled); settled(); })",
            final).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await placements.EvaluateAsync<bool>("numeral => numeral.shadowRoot.querySelector('[part=frame]').hidden"));
        var shown = await page.EvaluateAsync<string[]>("() => window.shownTexts");
        Assert.Equal(ScreenWall.NumeralText(before), shown[0]);
        Assert.Equal(final, shown[^1]);
        // At least one figure between: how many depends on how many frames a loaded machine draws in the 0.4 s.
        Assert.True(shown.Length >= 3, string.Join(" → ", shown));
        // With reduced motion the figure shows at once, without a count.
        await Assertions.Expect(stillPlacements).ToHaveAttributeAsync("data-value", written);
        Assert.Equal([final], await still.EvaluateAsync<string[]>("() => window.shownTexts"));
        await BrowserFixture.ScreenshotAsync(page, "screen-content");
        Assert.Empty(errors);
    }
}
