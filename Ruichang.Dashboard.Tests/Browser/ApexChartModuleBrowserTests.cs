using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>
/// The chart component's JS module (ApexChart.razor.js) with the real ApexCharts in headless Chromium: what
/// bUnit cannot see, because there the browser side is a set-up answer. The module is imported into the
/// app's sign-in page, which loads ApexCharts as every page does, and called as the component calls it.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ApexChartModuleBrowserTests(BrowserFixture browser, ApexChartModuleBrowserTests.AppOnKestrel app)
    : IClassFixture<ApexChartModuleBrowserTests.AppOnKestrel>, IAsyncLifetime
{
    private const string Id = "apex-test";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Months = ["2014-01", "2014-02", "2014-03"];

    // Playwright raises its events on its own thread.
    private readonly ConcurrentQueue<string> _pageErrors = [];
    private readonly ConcurrentQueue<string> _consoleErrors = [];
    private IBrowserContext _context = default!;
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        _page = await _context.NewPageAsync();
        _page.PageError += (_, error) => _pageErrors.Enqueue(error);
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Enqueue(message.Text);
            }
        };

        await _page.GotoAsync("/account/login");
        await _page.EvaluateAsync("""
            async () => {
              window.unhandledRejections = [];
              window.addEventListener("unhandledrejection", (e) => window.unhandledRejections.push(String(e.reason)));
              window.chartModule = await import(new URL("Components/Shared/ApexChart.razor.js", document.baseURI).href);
              const host = document.createElement("div");
              host.id = "chart-host";
              host.style.width = "60%";
              host.innerHTML = '<div id="chart"></div>';
              document.body.prepend(host);
            }
            """);
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [BrowserFact]
    public async Task An_update_without_a_title_an_option_and_a_series_removes_them_from_the_drawn_chart()
    {
        Assert.True(await InitializeChartAsync(Config(title: "乡镇排名", colors: ["#B71C1C"], "稿件刊发", "网站访问量")));
        var chart = _page.Locator("#chart-host");
        await Assertions.Expect(chart.Locator(".apexcharts-title-text")).ToHaveTextAsync("乡镇排名");
        await Assertions.Expect(FirstSeriesLine()).ToHaveAttributeAsync("stroke", Rgb(183, 28, 28));

        await UpdateChartAsync(Config(title: null, colors: null, "稿件刊发"));

        // ApexCharts merges an update into the config it has: without the module's reset the title and the
        // red stayed. Without colors, the first series takes the first colour of ApexCharts' palette.
        await Assertions.Expect(chart.Locator(".apexcharts-title-text")).ToHaveCountAsync(0);
        await Assertions.Expect(FirstSeriesLine()).ToHaveAttributeAsync("stroke", Rgb(0, 143, 251));
        await Assertions.Expect(chart.Locator(".apexcharts-series[seriesName]")).ToHaveCountAsync(1);

        // And what was removed can come back.
        await UpdateChartAsync(Config(title: "乡镇排名", colors: ["#B71C1C"], "稿件刊发"));
        await Assertions.Expect(chart.Locator(".apexcharts-title-text")).ToHaveTextAsync("乡镇排名");
        AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task An_update_returns_before_the_redraw_and_a_failed_redraw_is_reported_on_the_console()
    {
        Assert.True(await InitializeChartAsync(Config(title: null, colors: null, "稿件刊发")));

        // A redraw that has not finished (a slow browser) until the test lets it fail.
        await _page.EvaluateAsync("""
            () => {
              window.originalUpdateOptions = ApexCharts.prototype.updateOptions;
              ApexCharts.prototype.updateOptions = function () {
                window.redrawStarted = true;
                return new Promise((_, reject) => { window.failRedraw = reject; });
              };
            }
            """);
        var outcome = await _page.EvaluateAsync<string>($$"""
            (config) => Promise.race([
              Promise.resolve(window.chartModule.update("{{Id}}", config)).then(() => "returned"),
              new Promise((resolve) => setTimeout(() => resolve("still waiting"), 3000)),
            ])
            """, Config(title: "乡镇排名", colors: null, "稿件刊发"));
        Assert.Equal("returned", outcome);

        await _page.WaitForFunctionAsync("() => window.redrawStarted === true");
        await _page.EvaluateAsync("() => window.failRedraw(new Error('redraw failed'))");
        await WaitForAsync(() => _consoleErrors.Any(e => e.Contains("redraw failed", StringComparison.Ordinal)));
        Assert.Empty(await _page.EvaluateAsync<string[]>("() => window.unhandledRejections"));

        // The chart's queue goes on after the failure.
        await _page.EvaluateAsync("() => { ApexCharts.prototype.updateOptions = window.originalUpdateOptions; }");
        await UpdateChartAsync(Config(title: "县区对比", colors: null, "稿件刊发"));
        await Assertions.Expect(_page.Locator("#chart-host .apexcharts-title-text")).ToHaveTextAsync("县区对比");
        AssertNoPageErrors();
    }

    /// <summary>
    /// On the big screen a redraw (a long task) would stall a numeral counting to its new figure: it waits
    /// until no <c>count-up</c> of the page is counting (<c>data-shown</c>), and never more than two seconds.
    /// </summary>
    [BrowserTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_redraw_waits_while_a_numeral_counts_and_at_most_two_seconds(bool countEnds)
    {
        Assert.True(await InitializeChartAsync(Config(title: "第一次", colors: null, "稿件刊发")));
        await _page.EvaluateAsync("""
            () => {
              const updateOptions = ApexCharts.prototype.updateOptions;
              ApexCharts.prototype.updateOptions = function (...args) {
                window.redrawnAt = performance.now();
                return updateOptions.apply(this, args);
              };
              const numeral = document.createElement("count-up");
              numeral.dataset.shown = "1,234";
              document.body.append(numeral);
            }
            """);

        var times = await _page.EvaluateAsync<double[]>($$"""
            async ([config, countEnds]) => {
              const updatedAt = performance.now();
              window.chartModule.update("{{Id}}", config);
              if (!countEnds) return [updatedAt];
              await new Promise((resolve) => setTimeout(resolve, 300));
              const countEndedAt = performance.now();
              delete document.querySelector("count-up").dataset.shown;
              return [updatedAt, countEndedAt];
            }
            """, new object[] { Config(title: "第二次", colors: null, "稿件刊发"), countEnds });
        await Assertions.Expect(_page.Locator("#chart-host .apexcharts-title-text")).ToHaveTextAsync("第二次", new() { Timeout = 10_000 });

        // Drawn once the count ended, or, for a count that never ends, once the wait gave up.
        var (updatedAt, countEndedAt) = (times[0], countEnds ? times[1] : double.PositiveInfinity);
        var redrawnAt = await _page.EvaluateAsync<double>("() => window.redrawnAt");
        Assert.True(redrawnAt >= countEndedAt || redrawnAt - updatedAt >= 2000, $"redrawn {redrawnAt - updatedAt:0} ms after the update; the count ended {countEndedAt - updatedAt:0} ms after it");
        AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Initialize_answers_false_when_the_chart_cannot_be_drawn_and_a_later_initialize_draws_it()
    {
        await _page.EvaluateAsync("""
            () => {
              window.originalRender = ApexCharts.prototype.render;
              ApexCharts.prototype.render = () => Promise.reject(new Error("not drawn"));
            }
            """);

        Assert.False(await InitializeChartAsync(Config(title: null, colors: null, "稿件刊发")));
        Assert.Contains(_consoleErrors, e => e.Contains("not drawn", StringComparison.Ordinal));

        await _page.EvaluateAsync("() => { ApexCharts.prototype.render = window.originalRender; }");
        Assert.True(await InitializeChartAsync(Config(title: null, colors: null, "稿件刊发")));
        await Assertions.Expect(_page.Locator("#chart-host .apexcharts-canvas")).ToHaveCountAsync(1);
        AssertNoPageErrors();
    }

    [BrowserFact]
    public async Task Initializing_the_same_chart_again_destroys_the_first_instead_of_drawing_a_second_one()
    {
        await _page.EvaluateAsync("""
            () => {
              window.destroyedCharts = 0;
              const destroy = ApexCharts.prototype.destroy;
              ApexCharts.prototype.destroy = function () { window.destroyedCharts++; return destroy.call(this); };
            }
            """);

        // What .NET does when its first initialize timed out although the browser drew the chart. A first
        // chart left alive keeps its resize listeners and redraws itself into the element, over the second.
        Assert.True(await InitializeChartAsync(Config(title: "第一次", colors: null, "稿件刊发")));
        var canvases = await _page.EvaluateAsync<int>($$"""
            async (config) => {
              await window.chartModule.initialize('{{Id}}', document.getElementById('chart'), config);
              return document.querySelectorAll('#chart-host .apexcharts-canvas').length;
            }
            """, Config(title: "第二次", colors: null, "稿件刊发"));

        Assert.Equal(1, canvases);
        Assert.Equal(1, await _page.EvaluateAsync<int>("() => window.destroyedCharts"));
        await Assertions.Expect(_page.Locator("#chart-host .apexcharts-title-text")).ToHaveTextAsync("第二次");

        await _page.EvaluateAsync($"() => window.chartModule.destroy('{Id}')");
        await Assertions.Expect(_page.Locator("#chart-host .apexcharts-canvas")).ToHaveCountAsync(0);
        Assert.Equal(2, await _page.EvaluateAsync<int>("() => window.destroyedCharts"));
        AssertNoPageErrors();
    }

    private Task<bool> InitializeChartAsync(string config) => _page.EvaluateAsync<bool>(
        $"(config) => window.chartModule.initialize('{Id}', document.getElementById('chart'), config)", config);

    private async Task UpdateChartAsync(string config) =>
        await _page.EvaluateAsync($"(config) => {{ window.chartModule.update('{Id}', config); }}", config);

    private ILocator FirstSeriesLine() => _page.Locator("#chart-host .apexcharts-series[seriesName] path.apexcharts-line").First;

    private void AssertNoPageErrors() => Assert.Empty(_pageErrors);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(50))
        {
            Assert.True(waited < TimeSpan.FromSeconds(10), "The condition did not come true within 10 s.");
            await Task.Delay(50);
        }
    }

    private static Regex Rgb(int r, int g, int b) => new($@"^rgba?\({r},\s*{g},\s*{b}\b");

    // A config as the component sends it, animations off so that the tests do not wait for them.
    private static string Config(string? title, string[]? colors, params string[] series) => JsonSerializer.Serialize(
        new Dictionary<string, object?>
        {
            ["chart"] = new { Type = "line", Height = "300px", DefaultLocale = "zh-cn", Animations = new { Enabled = false } },
            ["series"] = series.Select((name, i) => new { Name = name, Data = new double?[] { 10 + i, null, 30 - i } }),
            ["xaxis"] = new { Categories = Months },
            ["title"] = title is null ? null : new { Text = title },
            ["colors"] = colors,
        }.Where(kv => kv.Value is not null).ToDictionary(),
        Json);

    /// <summary>The app on Kestrel for the class's tests: the browser needs a real address.</summary>
    public sealed class AppOnKestrel : IDisposable
    {
        private readonly DashboardAppFactory _app = new();

        public AppOnKestrel()
        {
            BaseUrl = _app.StartOnLoopback();
        }

        public string BaseUrl { get; }

        public void Dispose() => _app.Dispose();
    }
}
