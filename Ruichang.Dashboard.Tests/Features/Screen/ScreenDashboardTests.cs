using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Components.Shared;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Overview;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Features.Screen;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Screen;

/// <summary>What the wall shows, over a real database on 15 October 2014, and what a change notice makes it read again.</summary>
public sealed class ScreenDashboardTests : BunitTestBase
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 10, 15, 4, 0, 0, TimeSpan.Zero));
    private readonly BunitJSModuleInterop _charts;
    private readonly FigureOptions _figures = new();

    public ScreenDashboardTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(new CountyClock(_time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        Services.AddSingleton(_database.Factory);
        Services.AddSingleton<ObservationQueries>();
        Services.AddSingleton<Microsoft.Extensions.Options.IOptionsMonitor<FigureOptions>>(new FixedOptions<FigureOptions>(_figures));
        Services.AddSingleton<FigureViews>();
        Services.AddSingleton<OverviewQueries>();
        Services.AddSingleton<RankingQueries>();
        Services.AddSingleton<ScreenStageReads>();
        Services.AddSingleton<ChangeNotifier>();
        Services.AddOptions<ScreenOptions>();
        Services.AddOptions<DepartmentOptions>();
        Services.AddLogging();
        _charts = SetupCharts();
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    [Fact]
    public async Task A_freshness_notice_moves_the_as_of_time_only_and_a_figure_notice_reads_the_figures_again()
    {
        await _database.MigrateAsync();
        var homeId = await WriteHomeMonthAsync(MetricKeys.ArticlePlacements, 40);
        await using (var db = _database.CreateContext())
        {
            await db.Channels.Where(c => c.Name == "九江瑞昌发布").ExecuteUpdateAsync(s => s
                .SetProperty(c => c.IsEnabled, true).SetProperty(c => c.LastSuccessAtUtc, new DateTime(2014, 10, 15, 1, 0, 0, DateTimeKind.Utc)));
        }

        var wall = Render<ScreenDashboard>();
        var placements = () => wall.Find("[data-testid=screen-kpi][data-metric=article_placements] [data-testid=count-up]").GetAttribute("data-value");
        wall.WaitForAssertion(() => Assert.Equal("40", placements()));
        Assert.Contains("2014-10-15 09:00", wall.Find("[data-testid=screen-as-of]").TextContent, StringComparison.Ordinal);

        // A read that changed no figure, and meanwhile a figure written without its notice.
        await WriteHomeMonthAsync(MetricKeys.ArticlePlacements, 55);
        await using (var db = _database.CreateContext())
        {
            await db.Channels.Where(c => c.Name == "九江瑞昌发布").ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSuccessAtUtc, new DateTime(2014, 10, 15, 3, 0, 0, DateTimeKind.Utc)));
        }

        var notifier = Services.GetRequiredService<ChangeNotifier>();
        notifier.Publish(new ChangeNotice("weibo:1", new HashSet<string>(), new HashSet<int> { homeId }, DateTime.UtcNow));

        wall.WaitForAssertion(() => Assert.Contains("2014-10-15 11:00", wall.Find("[data-testid=screen-as-of]").TextContent, StringComparison.Ordinal));
        Assert.Equal("40", placements());

        notifier.Publish(new ChangeNotice("entry", new HashSet<string> { MetricKeys.ArticlePlacements }, new HashSet<int> { homeId }, DateTime.UtcNow));

        wall.WaitForAssertion(() => Assert.Equal("55", placements()));
    }

    [Fact]
    public async Task With_no_source_read_the_wall_dates_its_figures_by_the_day_they_run_to()
    {
        await _database.MigrateAsync();
        // Only entered figures, the latest for September; no channel of the county has been read.
        await using (var db = _database.CreateContext())
        {
            var homeId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            var metricId = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements)).Id;
            await new ObservationWriter(TimeProvider.System).UpsertAsync(db, [new ObservationWrite(metricId, homeId, null, Period.Month(2014, 9), 300)],
                new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
            Assert.False(await db.Channels.AnyAsync(c => c.LastSuccessAtUtc != null));
        }

        var wall = Render<ScreenDashboard>();

        wall.WaitForAssertion(() => Assert.Equal("300", wall.Find("[data-testid=screen-kpi][data-metric=article_placements] [data-testid=count-up]").GetAttribute("data-value")));
        Assert.Contains("2014-09-30", wall.Find("[data-testid=screen-as-of]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("—", wall.Find("[data-testid=screen-as-of]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_on_a_panel_off_its_turn_is_drawn_when_its_turn_comes_not_before()
    {
        await _database.MigrateAsync();
        await WriteHomeMonthAsync(MetricKeys.ArticlePlacements, 40);
        await WriteHomeMonthAsync(MetricKeys.MobilePaperIssues, 10);
        var wall = Render<ScreenDashboard>();
        // Seven charts: placements, two each for Weibo, the mobile paper and commentators (no provincial list yet).
        await Eventually.TrueAsync(() => Task.FromResult(_charts.Invocations["initialize"].Count == 7));

        // The mobile paper (third panel) changes while placements (the first) are on show.
        var homeId = await WriteHomeMonthAsync(MetricKeys.MobilePaperIssues, 12);
        Services.GetRequiredService<ChangeNotifier>().Publish(
            new ChangeNotice("counter:1", new HashSet<string> { MetricKeys.MobilePaperIssues }, new HashSet<int> { homeId }, DateTime.UtcNow));
        wall.WaitForAssertion(() => Assert.Equal("12", wall.Find("[data-testid=screen-kpi][data-metric=mobile_paper_issues] [data-testid=count-up]").GetAttribute("data-value")));

        _time.Advance(TimeSpan.FromSeconds(15));
        wall.WaitForAssertion(() => Assert.Equal("政务微博", wall.Find("[data-testid=screen-rotation-tab].active").TextContent));
        Assert.Empty(_charts.Invocations["update"]);

        // Its turn.
        _time.Advance(TimeSpan.FromSeconds(15));
        var update = await Eventually.ReturnsAsync(() => Task.FromResult(_charts.Invocations["update"]), updates => updates.Count > 0);
        var config = System.Text.Json.Nodes.JsonNode.Parse((string)Assert.Single(update).Arguments[1]!)!;
        Assert.Equal("手机报期数", (string?)config["title"]!["text"]);
        Assert.Equal(12, (double?)config["series"]![0]!["data"]!.AsArray()[^1]);
    }

    [Fact]
    public async Task With_leaders_kept_to_approved_figures_the_wall_shows_the_collected_figure_until_the_entered_month_is_approved()
    {
        _figures.LeadersSeeApprovedOnly = true;
        await _database.MigrateAsync();
        int homeId;
        await using (var db = _database.CreateContext())
        {
            homeId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            var metricId = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements)).Id;
            var channelId = (await db.Channels.SingleAsync(c => c.Name == "九江瑞昌发布")).Id;
            // Collected from a channel: 30. Entered by hand for the county, not yet approved: 40.
            await new ObservationWriter(TimeProvider.System).UpsertAsync(db, [new ObservationWrite(metricId, homeId, channelId, Period.Month(2014, 10), 30)],
                new WriteProvenance(ObservationSource.Collector, "articles:1"), CancellationToken.None);
        }

        await WriteHomeMonthAsync(MetricKeys.ArticlePlacements, 40);
        var wall = Render<ScreenDashboard>();
        var placements = () => wall.Find("[data-testid=screen-kpi][data-metric=article_placements] [data-testid=count-up]").GetAttribute("data-value");
        var homeRow = () => wall.Find("[data-testid=screen-ranking-row].home").TextContent;

        wall.WaitForAssertion(() => Assert.Equal("30", placements()));
        Assert.Contains("30", homeRow(), StringComparison.Ordinal);

        // Approved, the entered figure is the county's figure on the wall too.
        await using (var db = _database.CreateContext())
        {
            db.Submissions.Add(new Submission { CountyId = homeId, Month = new DateOnly(2014, 10, 1), Status = SubmissionStatus.Approved, ApprovedBy = "admin" });
            await db.SaveChangesAsync();
        }

        Services.GetRequiredService<ChangeNotifier>().Publish(
            new ChangeNotice("entry", new HashSet<string> { MetricKeys.ArticlePlacements }, new HashSet<int> { homeId }, DateTime.UtcNow));
        wall.WaitForAssertion(() => Assert.Equal("40", placements()));
        Assert.Contains("40", homeRow(), StringComparison.Ordinal);
    }

    // Writes the home county's October 2014 figure of the metric; returns the home county's id.
    [Fact]
    public async Task A_signed_in_user_saves_a_panels_chart_with_its_caption_and_a_wall_has_no_buttons()
    {
        await _database.MigrateAsync();
        await WriteHomeMonthAsync(MetricKeys.ArticlePlacements, 40);
        var save = _charts.SetupVoid("saveImage", _ => true);
        save.SetVoidResult();

        var wall = Render<ScreenDashboard>();
        await Eventually.TrueAsync(() => Task.FromResult(_charts.Invocations["initialize"].Count == 7));
        Assert.Empty(wall.FindAll("[data-testid=screen-save-png]"));

        var signedIn = Render<ScreenDashboard>(p => p.Add(x => x.CanSave, true));
        await Eventually.TrueAsync(() => Task.FromResult(_charts.Invocations["initialize"].Count == 14));
        await signedIn.Find($"[data-testid=screen-save-svg][data-chart={MetricKeys.ArticlePlacements}]").ClickAsync(new());

        var call = Assert.Single(save.Invocations);
        Assert.Equal(["svg", "趋势-稿件刊发-2014年10月.svg"], call.Arguments.Skip(1).Take(2));
        var caption = Assert.IsType<ChartCaption>(call.Arguments[3]);
        Assert.Equal("瑞昌市稿件刊发近13个月趋势（与全市平均、最高值对比）", caption.Title);
        Assert.Equal("2013年10月至2014年10月（截至10月15日）", caption.Period);
        Assert.Equal("数据来源：中共瑞昌市委宣传部", caption.Source);
    }

    private async Task<int> WriteHomeMonthAsync(string metricKey, double value)
    {
        await using var db = _database.CreateContext();
        var homeId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
        var metricId = (await db.Metrics.SingleAsync(m => m.Key == metricKey)).Id;
        await new ObservationWriter(TimeProvider.System).UpsertAsync(db, [new ObservationWrite(metricId, homeId, null, Period.Month(2014, 10), value)],
            new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
        return homeId;
    }
}
