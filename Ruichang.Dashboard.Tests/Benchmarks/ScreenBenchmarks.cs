using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Features.Screen;
using Ruichang.Dashboard.Tests.Browser;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>
/// The big screen as issue 7 loads it: the demo app on loopback (its history from 2014, so the stage is
/// full), walls opened through a display key in one headless Chromium, each wall a browser context of its
/// own at 1920×1080. Figures are written the way every collected figure reaches the walls: a counters
/// run (<see cref="CollectionRunner"/>) reads a mobile-paper channel of the home county from a loopback
/// server, stores its month's issue count and publishes the change notice after its commit. Nothing bare
/// does what these measure, so the latency and the memory are reported against the budgets the issue
/// sets (ratio = value / budget, the budget named as the limit), the heap against the same wall's heap
/// after its second round of panels, measured in the same run.
/// </summary>
[Collection(BenchReport.Collection)]
[Trait("Category", BenchReport.Category)]
public sealed class ScreenBenchmarks(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    public const int Walls = 20;
    public const double UpdateBudgetMilliseconds = 1000;
    public const double CircuitBudgetKilobytes = 1024;
    public const int Rotations = 200;
    public const double HeapGrowthTarget = 1.10;

    private const int WarmUpWrites = 2, TimedWrites = 10;
    private const float OpenDeadline = 30_000;
    private static readonly TimeSpan ShowDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RotationPace = TimeSpan.FromMilliseconds(150);

    // Each wall draws on a machine of its own; here twenty share the server's two cores, and their CSS
    // animations alone (the ranking board scrolls at 60 frames a second) keep a core busy. Without them
    // the walls still apply every render and redraw every chart (ApexCharts animates in script, not CSS).
    private const string StillStyle = "*, *::before, *::after { animation: none !important; transition: none !important; }";

    // How the heap benchmark waits on its wall: a condition polled every 20 ms, failing after 30 s. Not
    // Playwright's locators and expectations: their selector and accessibility engines run in the page's
    // heap too, and 200 rotations of polling them leave V8 compiling their code ever hotter, which a wall
    // on its own never runs.
    private const string WallProbe = """
        () => {
          window.wallProbe = {
            until(condition) {
              const deadline = Date.now() + 30000;
              return new Promise((resolve, reject) => {
                const poll = () => condition() ? resolve(true)
                  : Date.now() > deadline ? reject(new Error('the wall did not show it within 30 s'))
                  : setTimeout(poll, 20);
                poll();
              });
            }
          };
        }
        """;

    // Resolves with [first change, final text] (Date.now(), ms since the epoch) once the numeral shows the
    // expected text with its count over: the moment a DOM mutation left it so, which the browser paints within a frame.
    private const string WatchNumeral = $$"""
        ([selector, expected]) => {
          const numeral = document.querySelector(selector);
          const start = {{ScreenWall.ShownText}};
          let first = 0;
          window.benchShown = new Promise(resolve => {
            const observer = new MutationObserver(() => {
              const now = Date.now();
              const text = {{ScreenWall.ShownText}};
              if (!first && text !== start) first = now;
              if (text === expected && !('shown' in numeral.dataset)) {
                observer.disconnect();
                resolve([first, now]);
              }
            });
            observer.observe(numeral, { subtree: true, childList: true, characterData: true, attributes: true });
          });
        }
        """;

    /// <summary>
    /// From a figure written to the new figure shown on each of 20 open walls: from the time the collector
    /// stamped on the figure's row (taken as its write's transaction begins, so the commit is inside) to
    /// the moment the wall's KPI numeral reads the final figure, its count-up over (not its first change,
    /// which only says that the wall has begun to count), both on this machine's clock. Two writes warm
    /// up, ten are timed, on every wall: p95 of the 200, in ms; target at most 1 s. The walls' CSS
    /// animations are stilled (<see cref="StillStyle"/>); the first changes go to the test's output.
    /// </summary>
    [BrowserFact]
    public async Task A_figure_written_shows_on_twenty_open_walls()
    {
        using var app = new DemoAppFactory();
        var baseUrl = app.StartOnLoopback();
        await using var paper = await PaperIssues.StartAsync(app);
        await using var walls = await OpenWallsAsync(app, baseUrl, Walls);

        var selector = ScreenWall.KpiNumeral(MetricKeys.MobilePaperIssues);
        var shown = new List<double>();
        var firstChanges = new List<double>();
        for (var write = 0; write < WarmUpWrites + TimedWrites; write++)
        {
            var issues = paper.Next;
            await Task.WhenAll(walls.Pages.Select(async page =>
            {
                var before = double.Parse((await page.Locator(selector).GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
                await page.EvaluateAsync(WatchNumeral, new object[] { selector, ScreenWall.NumeralText(before + issues - paper.Issues) });
            }));

            var written = await paper.WriteAsync(issues);
            var times = await Task.WhenAll(walls.Pages.Select(page => page.EvaluateAsync<double[]>("() => window.benchShown").WaitAsync(ShowDeadline)));
            var first = times.Select(t => t[0] - written).Order().ToList();
            var final = times.Select(t => t[1] - written).Order().ToList();
            output.WriteLine($"write {write + 1}: first change {first[0]:0}–{first[^1]:0} ms, final {final[0]:0}–{final[^1]:0} ms");
            if (write >= WarmUpWrites)
            {
                firstChanges.AddRange(first);
                shown.AddRange(final);
            }

            // The charts redraw after the numerals; the next write starts on walls at rest.
            await Task.Delay(Settle);
        }

        var p95 = Percentile95(shown);
        output.WriteLine($"p95 first change {Percentile95(firstChanges):0} ms, final figure {p95:0} ms, over {shown.Count} wall updates");
        await BenchReport.WriteAsync(new BenchFigure(
            "screen-update-20-walls", p95, "ms", p95 / UpdateBudgetMilliseconds, 1, "1 s budget (issue 7)", MaxValue: UpdateBudgetMilliseconds));
    }

    /// <summary>
    /// The server's managed memory per open wall: with one wall open (the app warm: queries compiled, the
    /// components' code run), the managed heap after full collections, then again with 20 more walls open
    /// and live, the difference over 20, in KB; target at most 1 MB. The app runs in the test's process, so
    /// the figure also holds what a page costs the test's Playwright and the server's connection before any
    /// circuit (about 40 KB, measured apart with plain pages in December 2026).
    /// </summary>
    [BrowserFact]
    public async Task Server_memory_per_open_wall()
    {
        using var app = new DemoAppFactory();
        var baseUrl = app.StartOnLoopback();
        var notifier = app.Services.GetRequiredService<ChangeNotifier>();
        await using var warm = await OpenWallsAsync(app, baseUrl, 1);
        var before = await ManagedHeapAsync();

        await using var walls = await OpenWallsAsync(app, baseUrl, Walls);
        // Each wall's stage subscribes to the notices for as long as its circuit lives.
        Assert.Equal(Walls + 1, notifier.SubscriberCount);
        var after = await ManagedHeapAsync();

        var perWall = (after - before) / 1024.0 / Walls;
        output.WriteLine($"managed heap {before / 1048576.0:0.0} MB with one wall, {after / 1048576.0:0.0} MB with {Walls + 1}");
        await BenchReport.WriteAsync(new BenchFigure(
            "screen-memory-per-wall", perWall, "KB", perWall / CircuitBudgetKilobytes, 1, "1 MB budget per circuit (issue 7)", MaxValue: CircuitBudgetKilobytes));
    }

    /// <summary>
    /// The JS heap of one wall, animations and all, after 200 rotations of its panels, against the same
    /// wall after its second round (warm: every panel has shown once with a written figure drawn, since a
    /// panel off its turn draws a change only when its turn comes), each the used heap after a full garbage
    /// collection; target at most 10 % growth. A figure is written at the end of every
    /// round, so the numerals count and the charts redraw as on a wall in use. <c>Screen:PanelInterval</c>
    /// cannot be set under 5 s, and 200 rotations at its 15 s are 50 minutes: the app runs on a fake clock,
    /// advanced a second at a time through each interval (the wall's clock ticks as it would), a rotation
    /// every 150 ms of real time, each waited for until the browser shows it (by <see cref="WallProbe"/>, not by Playwright's locators).
    /// </summary>
    [BrowserFact]
    public async Task Browser_heap_after_200_rotations()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new DemoAppFactory { Time = clock };
        var baseUrl = app.StartOnLoopback();
        await using var paper = await PaperIssues.StartAsync(app);
        await using var wall = await OpenWallsAsync(app, baseUrl, 1, animated: true);
        var page = wall.Pages[0];
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var panelCount = await page.Locator(ScreenWall.Panels).CountAsync();
        var interval = app.Services.GetRequiredService<IOptionsMonitor<ScreenOptions>>().CurrentValue.PanelInterval;
        var numeral = ScreenWall.KpiNumeral(MetricKeys.MobilePaperIssues);
        await page.EvaluateAsync(WallProbe);

        double warm = 0;
        for (var rotation = 1; rotation <= Rotations; rotation++)
        {
            var paced = Task.Delay(RotationPace);
            for (var elapsed = TimeSpan.Zero; elapsed < interval; elapsed += TimeSpan.FromSeconds(1))
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            await page.EvaluateAsync(
                "([selector, index]) => wallProbe.until(() => document.querySelectorAll(selector)[index]?.dataset.active === 'true')",
                new object[] { ScreenWall.Panels, rotation % panelCount });
            await paced;
            if (rotation % panelCount == 0)
            {
                var before = double.Parse(await page.EvaluateAsync<string>("selector => document.querySelector(selector).dataset.value", numeral), CultureInfo.InvariantCulture);
                var (previous, issues) = (paper.Issues, paper.Next);
                await paper.WriteAsync(issues);
                await page.EvaluateAsync(
                    "([selector, value]) => wallProbe.until(() => document.querySelector(selector)?.dataset.value === value)",
                    new object[] { numeral, (before + issues - previous).ToString(CultureInfo.InvariantCulture) });
                if (rotation == 2 * panelCount)
                {
                    warm = await JsHeapAsync(cdp);
                }
            }
        }

        var heap = await JsHeapAsync(cdp);
        output.WriteLine($"JS heap {warm:0.00} MB after the second round, {heap:0.00} MB after {Rotations} rotations");
        await BenchReport.WriteAsync(new BenchFigure(
            "screen-heap-200-rotations", heap, "MB", heap / warm, HeapGrowthTarget, "JS heap after the second round of panels"));
    }

    // Nearest rank: the smallest value that at least 95 % of the samples do not exceed.
    private static double Percentile95(List<double> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted[(int)Math.Ceiling(0.95 * sorted.Count) - 1];
    }

    private static async Task<long> ManagedHeapAsync()
    {
        // The walls' first renders and their prerendered pages are garbage by now; finalizers may free more.
        await Task.Delay(Settle);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<double> JsHeapAsync(ICDPSession cdp)
    {
        // The animations of the last write's redraw end first, so both measurements see the same page at rest.
        await Task.Delay(Settle);
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var usage = await cdp.SendAsync("Runtime.getHeapUsage");
        return usage!.Value.GetProperty("usedSize").GetDouble() / (1024 * 1024);
    }

    private async Task<WallSet> OpenWallsAsync(DemoAppFactory app, string baseUrl, int count, bool animated = false)
    {
        var key = await app.Services.GetRequiredService<DisplayKeys>().CreateAsync($"基准大屏 {Guid.NewGuid():N}", "bench", CancellationToken.None);
        var walls = new WallSet();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var context = await ScreenWall.NewContextAsync(browser.Browser, baseUrl, output);
                walls.Contexts.Add(context);
                var page = await context.NewPageAsync();
                await page.GotoAsync($"/screen?key={key.Key}");
                // Twenty walls and the server share two cores: a wall may take a while to start.
                await ScreenWall.ExpectConnectedAsync(page, OpenDeadline);
                await ScreenWall.ExpectChartDrawnAsync(page, OpenDeadline);
                if (!animated)
                {
                    await page.AddStyleTagAsync(new() { Content = StillStyle });
                }

                walls.Pages.Add(page);
            }
        }
        catch
        {
            await walls.DisposeAsync();
            throw;
        }

        return walls;
    }

    private sealed class WallSet : IAsyncDisposable
    {
        public List<IBrowserContext> Contexts { get; } = [];

        public List<IPage> Pages { get; } = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var context in Contexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A mobile-paper channel of the home county, served by a loopback server, whose month-to-date issue
    /// count the benchmark sets and the counters job reads, as an operator's channel would be read. The
    /// demo's own counter channels are turned off, so that each run writes this channel's figure alone.
    /// </summary>
    private sealed class PaperIssues : IAsyncDisposable
    {
        private const string Path = "/paper.json";
        private readonly DemoAppFactory _app;
        private readonly LoopbackServer _server;
        private readonly int _channelId;

        private PaperIssues(DemoAppFactory app, LoopbackServer server, int channelId) =>
            (_app, _server, _channelId) = (app, server, channelId);

        /// <summary>The issues last written (none yet: 0).</summary>
        public double Issues { get; private set; }

        /// <summary>
        /// The issues to write next, 0 and 5,000 in turn: a jump of thousands reads out only on the count-up's
        /// last frame (a change of a few reads out half-way), and the county's figure stays under 10,000,
        /// where the wall writes every digit (past it, 1.9万 would read out early too).
        /// </summary>
        public double Next => Issues == 0 ? 5000 : 0;

        private static CollectionJobDefinition Job => CollectionJobDefinitions.Find(CollectionJobDefinitions.Counters)!;

        public static async Task<PaperIssues> StartAsync(DemoAppFactory app)
        {
            var server = await LoopbackServer.StartAsync();
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            var kinds = Job.Kinds;
            await db.Channels.Where(c => kinds.Contains(c.Kind)).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsEnabled, false));
            var channel = new Channel
            {
                CountyId = (await db.Counties.SingleAsync(c => c.IsHome)).Id,
                Kind = ChannelKinds.MobilePaper,
                Name = "基准手机报",
                Url = server.Url(Path).ToString(),
                OptionsJson = JsonSerializer.Serialize(new { fields = new Dictionary<string, string> { [MetricKeys.MobilePaperIssues] = "$.issues" } }),
            };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            return new PaperIssues(app, server, channel.Id);
        }

        /// <summary>Serves <paramref name="issues"/> and runs the counters job; returns when the collector wrote the figure, in ms since the epoch.</summary>
        public async Task<double> WriteAsync(double issues)
        {
            _server.Serve(Path, JsonSerializer.Serialize(new { issues }), "application/json");
            var run = await _app.Services.GetRequiredService<CollectionRunner>().RunAsync(Job, "bench", CancellationToken.None);
            Assert.Equal(JobRunStatus.Succeeded, run.Status);
            await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            var row = await db.Observations.SingleAsync(o => o.ChannelId == _channelId && o.Granularity == PeriodGranularity.Month);
            Assert.Equal(issues, row.Value);
            Issues = issues;
            return (row.RecordedAtUtc - DateTime.UnixEpoch).TotalMilliseconds;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
