using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Components.Shared;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Overview;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Overview;

/// <summary>The overview page over a real SQLite database with a few stored figures.</summary>
public sealed class OverviewPageTests : BunitTestBase
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly TestDatabase _database = new();
    private readonly BunitJSModuleInterop _chart;

    public OverviewPageTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2014, 10, 15, 4, 0, 0, TimeSpan.Zero));
        Services.AddSingleton(_database.Factory);
        Services.AddSingleton(new CountyClock(time, Shanghai));
        Services.AddSingleton<TimeProvider>(time);
        Services.AddSingleton<ObservationQueries>();
        Services.AddSingleton<FigureViews>();
        AddAuthorization().SetAuthorized("leader").SetRoles(Roles.Leader);
        Services.AddSingleton<OverviewQueries>();
        Services.AddSingleton<ChangeNotifier>();
        Services.AddLogging();

        _chart = SetupCharts();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    private async Task SeedAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        var home = await db.Counties.SingleAsync(c => c.IsHome);
        var metrics = await db.Metrics.ToDictionaryAsync(m => m.Key, m => m.Id);
        var weibo = await db.Channels.Where(c => c.Kind == ChannelKinds.Weibo).Select(c => c.Id).ToListAsync();
        List<ObservationWrite> writes =
        [
            new(metrics[MetricKeys.ArticlePlacements], home.Id, null, Period.Month(2014, 8), 150),
            new(metrics[MetricKeys.ArticlePlacements], home.Id, null, Period.Month(2014, 9), 180),
            new(metrics[MetricKeys.ArticlePlacements], home.Id, null, Period.Month(2014, 1), 100),
            // Followers of two accounts add up: 2.1万 + 0.9万 = 3万 in September.
            new(metrics[MetricKeys.WeiboFollowers], home.Id, weibo[0], Period.Month(2014, 9), 21_000),
            new(metrics[MetricKeys.WeiboFollowers], home.Id, weibo[1], Period.Month(2014, 9), 9_000),
        ];
        await new ObservationWriter(TimeProvider.System).UpsertAsync(db, writes, new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
    }

    private static string CardText(IRenderedComponent<OverviewPage> page, string metric) =>
        page.Find($"[data-testid=kpi-card][data-metric={metric}]").TextContent;

    [Fact]
    public async Task Shows_the_home_countys_latest_month_with_month_change_and_year_to_date()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();

        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.Contains("2014年9月", page.Find("[data-testid=overview-month]").TextContent, StringComparison.Ordinal));

        var placements = CardText(page, MetricKeys.ArticlePlacements);
        Assert.Contains("稿件刊发", placements, StringComparison.Ordinal);
        Assert.Contains("180", placements, StringComparison.Ordinal);
        Assert.Contains("+20.0%", placements, StringComparison.Ordinal);
        Assert.Contains("本年累计 430", placements, StringComparison.Ordinal);
        Assert.Contains("3万", CardText(page, MetricKeys.WeiboFollowers), StringComparison.Ordinal);
        Assert.Equal(OverviewQueries.CardMetrics.Length, page.FindAll("[data-testid=kpi-card]").Count);
    }

    [Fact]
    public async Task Links_the_work_summary_of_the_shown_year_and_month_for_the_browser_to_download()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=summary-year]")));
        var year = page.Find("[data-testid=summary-year]");
        var month = page.Find("[data-testid=summary-month]");
        Assert.Equal(("reports/summary.docx?year=2014", "reports/summary.docx?month=2014-09"), (year.GetAttribute("href"), month.GetAttribute("href")));
        // A download link: Blazor's router leaves it to the browser.
        Assert.True(year.HasAttribute("download") && month.HasAttribute("download"));
        Assert.Contains("下载2014年工作总结", year.TextContent, StringComparison.Ordinal);
        Assert.Contains("下载9月工作总结", month.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draws_the_trend_with_gaps_for_months_without_figures()
    {
        await SeedAsync();

        var page = Render<OverviewPage>();

        // One small chart per card metric, each on its own axis.
        page.WaitForAssertion(() => Assert.Equal(OverviewQueries.CardMetrics.Length, _chart.Invocations["initialize"].Count));
        var config = _chart.Invocations["initialize"]
            .Select(i => System.Text.Json.Nodes.JsonNode.Parse((string)i.Arguments[2]!)!)
            .Single(c => (string?)c["title"]?["text"] == "稿件刊发");
        Assert.Equal("2014-09", (string?)config["xaxis"]!["categories"]!.AsArray()[^1]);
        Assert.Equal(["瑞昌", "全市平均", "最高"], config["series"]!.AsArray().Select(s => (string?)s!["name"]));
        var placements = config["series"]![0]!["data"]!.AsArray();
        Assert.Equal(13, placements.Count);
        Assert.Equal(180, (double)placements[^1]!);
        Assert.Null(placements[^3]);
    }

    [Fact]
    public async Task A_trend_is_saved_by_the_browser_with_its_name_months_and_source()
    {
        await SeedAsync();
        var save = _chart.SetupVoid("saveImage", _ => true);
        save.SetVoidResult();
        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.Equal(OverviewQueries.CardMetrics.Length, _chart.Invocations["initialize"].Count));

        await page.Find($"[data-testid=trend-save-png][data-metric={MetricKeys.ArticlePlacements}]").ClickAsync(new());

        var call = Assert.Single(save.Invocations);
        Assert.Equal(["png", "趋势-稿件刊发-2014年9月.png"], call.Arguments.Skip(1).Take(2));
        var caption = Assert.IsType<ChartCaption>(call.Arguments[3]);
        Assert.Equal("瑞昌市稿件刊发近13个月趋势（与全市平均、最高值对比）", caption.Title);
        Assert.StartsWith("2013年9月至2014年9月", caption.Period, StringComparison.Ordinal);
        Assert.Equal("数据来源：中共瑞昌市委宣传部", caption.Source);
    }

    [Fact]
    public async Task A_change_notice_about_the_home_county_updates_the_cards_and_the_chart_in_place()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.Contains("180", CardText(page, MetricKeys.ArticlePlacements), StringComparison.Ordinal));
        int homeId, metricId;
        await using (var db = _database.CreateContext())
        {
            homeId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            metricId = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements)).Id;
            // A correction entered over the figure entered before (a collector never overwrites an entered figure).
            await new ObservationWriter(TimeProvider.System).UpsertAsync(db, [new ObservationWrite(metricId, homeId, null, Period.Month(2014, 9), 215)],
                new WriteProvenance(ObservationSource.Manual, "zhang"), CancellationToken.None);
        }

        Services.GetRequiredService<ChangeNotifier>().Publish(
            new ChangeNotice("entry", new HashSet<string> { MetricKeys.ArticlePlacements }, new HashSet<int> { homeId }, DateTime.UtcNow));

        page.WaitForAssertion(() => Assert.Contains("215", CardText(page, MetricKeys.ArticlePlacements), StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.NotEmpty(_chart.Invocations["update"]));
        Assert.Equal(OverviewQueries.CardMetrics.Length, _chart.Invocations["initialize"].Count);
    }

    [Fact]
    public async Task Each_enabled_source_shows_its_data_as_of_time_and_a_failing_one_is_marked_stale()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        await using (var db = _database.CreateContext())
        {
            // Read at 11:00 and 09:00 Ruichang time on 15 October; the paper's last try failed.
            await db.Channels.Where(c => c.Name == "九江瑞昌发布").ExecuteUpdateAsync(s => s
                .SetProperty(c => c.IsEnabled, true).SetProperty(c => c.LastSuccessAtUtc, new DateTime(2014, 10, 15, 3, 0, 0, DateTimeKind.Utc)));
            await db.Channels.Where(c => c.Name == "江西手机报瑞昌报").ExecuteUpdateAsync(s => s
                .SetProperty(c => c.IsEnabled, true).SetProperty(c => c.LastSuccessAtUtc, new DateTime(2014, 10, 15, 1, 0, 0, DateTimeKind.Utc))
                .SetProperty(c => c.LastError, "HTTP 500"));
        }

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=source]").Count));
        var sources = page.FindAll("[data-testid=source]").ToDictionary(e => e.TextContent.Contains("九江瑞昌发布", StringComparison.Ordinal) ? "weibo" : "paper");
        Assert.Contains("数据截至 2014-10-15 11:00", sources["weibo"].TextContent, StringComparison.Ordinal);
        Assert.Null(sources["weibo"].QuerySelector("[data-testid=source-stale]"));
        Assert.Contains("数据截至 2014-10-15 09:00", sources["paper"].TextContent, StringComparison.Ordinal);
        Assert.NotNull(sources["paper"].QuerySelector("[data-testid=source-stale]"));
    }

    [Fact]
    public async Task A_read_that_found_nothing_new_still_moves_its_sources_as_of_time()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        int homeId;
        await using (var db = _database.CreateContext())
        {
            homeId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            await db.Channels.Where(c => c.Name == "九江瑞昌发布").ExecuteUpdateAsync(s => s
                .SetProperty(c => c.IsEnabled, true).SetProperty(c => c.LastSuccessAtUtc, new DateTime(2014, 10, 15, 1, 0, 0, DateTimeKind.Utc)));
        }

        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.Contains("数据截至 2014-10-15 09:00", page.Find("[data-testid=source]").TextContent, StringComparison.Ordinal));
        await using (var db = _database.CreateContext())
        {
            await db.Channels.Where(c => c.Name == "九江瑞昌发布").ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSuccessAtUtc, new DateTime(2014, 10, 15, 3, 0, 0, DateTimeKind.Utc)));
        }

        Services.GetRequiredService<ChangeNotifier>().Publish(new ChangeNotice("weibo:1", new HashSet<string>(), new HashSet<int> { homeId }, DateTime.UtcNow));

        page.WaitForAssertion(() => Assert.Contains("数据截至 2014-10-15 11:00", page.Find("[data-testid=source]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Leaving_the_page_ends_its_subscription()
    {
        await SeedAsync();
        var notifier = Services.GetRequiredService<ChangeNotifier>();
        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.Equal(1, notifier.SubscriberCount));

        await DisposeComponentsAsync();

        Assert.Equal(0, notifier.SubscriberCount);
    }

    [Fact]
    public async Task Says_so_when_there_are_no_figures_yet()
    {
        await _database.MigrateAsync();

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("还没有任何数据", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=kpi-card]"));
    }

    [Fact]
    public async Task With_leaders_kept_to_approved_figures_a_leader_sees_no_month_that_holds_only_unapproved_entries()
    {
        Services.AddSingleton<Microsoft.Extensions.Options.IOptionsMonitor<FigureOptions>>(new FixedOptions<FigureOptions>(new FigureOptions { LeadersSeeApprovedOnly = true }));
        await SeedAsync();

        var page = Render<OverviewPage>();

        // Every seeded figure was entered by hand and no month is approved: nothing is the county's figure yet.
        page.WaitForAssertion(() => Assert.Contains("还没有任何数据", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=kpi-card]"));
    }

    [Fact]
    public async Task An_empty_page_goes_live_when_the_first_figures_arrive()
    {
        using var culture = UiCulture.Use("zh-CN");
        await _database.MigrateAsync();
        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.Contains("还没有任何数据", page.Markup, StringComparison.Ordinal));

        await SeedAsync();
        Services.GetRequiredService<ChangeNotifier>().Publish(
            new ChangeNotice("entry", new HashSet<string> { MetricKeys.ArticlePlacements }, new HashSet<int> { 11 }, DateTime.UtcNow));

        page.WaitForAssertion(() => Assert.Contains("180", CardText(page, MetricKeys.ArticlePlacements), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_card_gives_the_home_countys_rank_among_the_counties_and_its_target()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        await using (var db = _database.CreateContext())
        {
            var metric = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements);
            var home = await db.Counties.SingleAsync(c => c.IsHome);
            var lianxi = await db.Counties.SingleAsync(c => c.Code == "360402");
            db.Targets.Add(new Target { MetricId = metric.Id, CountyId = home.Id, Year = 2014, Value = 2000 });
            await db.SaveChangesAsync();
            // August: Ruichang 150 first; September: 濂溪区 200 passes its 180.
            await new ObservationWriter(TimeProvider.System).UpsertAsync(db,
                [new ObservationWrite(metric.Id, lianxi.Id, null, Period.Month(2014, 9), 200), new ObservationWrite(metric.Id, lianxi.Id, null, Period.Month(2014, 8), 100)],
                new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
        }

        var page = Render<OverviewPage>();

        // Only two of the thirteen counties have figures: the rank says so.
        page.WaitForAssertion(() => Assert.Contains("第 2 名（13 个县区中 2 个有数据） ↓1", CardText(page, MetricKeys.ArticlePlacements), StringComparison.Ordinal));
        Assert.DoesNotContain("全市第", CardText(page, MetricKeys.ArticlePlacements), StringComparison.Ordinal);
        // 430 of 2,000 by the end of September.
        Assert.Contains("年度目标 2,000，已完成 22%", CardText(page, MetricKeys.ArticlePlacements), StringComparison.Ordinal);
    }
}

/// <summary>The overview on 2 October 2014: the month to date against the same two days of September and of October 2013.</summary>
public sealed class OverviewMonthToDateTests : BunitTestBase
{
    private readonly TestDatabase _database = new();

    public OverviewMonthToDateTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2014, 10, 2, 4, 0, 0, TimeSpan.Zero));
        Services.AddSingleton(_database.Factory);
        Services.AddSingleton(new CountyClock(time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        Services.AddSingleton<TimeProvider>(time);
        Services.AddSingleton<ObservationQueries>();
        Services.AddSingleton<FigureViews>();
        AddAuthorization().SetAuthorized("leader").SetRoles(Roles.Leader);
        Services.AddSingleton<OverviewQueries>();
        Services.AddSingleton<ChangeNotifier>();
        Services.AddLogging();
        SetupCharts();
        // The latest stories are a MudList, which listens to the keyboard.
        JSInterop.SetupVoid("mudKeyInterceptor.connect", _ => true).SetVoidResult();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    [Fact]
    public async Task The_month_to_date_is_compared_with_the_same_days_never_with_a_whole_month()
    {
        using var culture = UiCulture.Use("zh-CN");
        // September: 3 stories on its first two days and 27 after; October so far: 4. Followers read daily.
        // A commentator's tasks: on 1 and 20 September, and on 1 October.
        var september = Enumerable.Range(0, 30).Select(i => new DateTime(2014, 9, 1, 2, 0, 0, DateTimeKind.Utc).AddDays(i < 3 ? 0 : 2 + (i % 27)).AddMinutes(i));
        var october = Enumerable.Range(0, 4).Select(i => new DateTime(2014, 10, 1, 2, 0, 0, DateTimeKind.Utc).AddMinutes(i));
        await StoreHomeAsync(
            september.Concat(october),
            [(new DateOnly(2014, 9, 1), 4, 1), (new DateOnly(2014, 9, 20), 9, 9), (new DateOnly(2014, 10, 1), 5, 1)],
            home =>
            [
                home.Write(MetricKeys.ArticlePlacements, home.Channel, Period.Month(2014, 9), 30),
                home.Write(MetricKeys.ArticlePlacements, home.Channel, Period.Month(2014, 10), 4),
                home.Write(MetricKeys.WeiboFollowers, home.Weibo, Period.Day(new DateOnly(2014, 9, 2)), 20_000),
                home.Write(MetricKeys.WeiboFollowers, home.Weibo, Period.Day(new DateOnly(2014, 9, 30)), 21_000),
                home.Write(MetricKeys.WeiboFollowers, home.Weibo, Period.Day(new DateOnly(2014, 10, 2)), 21_100),
                // Posts are known only as whole months: nothing like the first two days to compare with.
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Month(2014, 9), 300),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Month(2014, 10), 20),
                home.Write(MetricKeys.CommentatorReposts, null, Period.Month(2014, 9), 13),
                home.Write(MetricKeys.CommentatorReposts, null, Period.Month(2014, 10), 5),
            ]);

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("本月至今（截至10月2日）", page.Find("[data-testid=overview-month]").TextContent, StringComparison.Ordinal));
        string Card(string metric) => page.Find($"[data-testid=kpi-card][data-metric={metric}]").TextContent;
        Assert.Contains("较上月同期 +33.3%", Card(MetricKeys.ArticlePlacements), StringComparison.Ordinal);
        Assert.DoesNotContain("环比", Card(MetricKeys.ArticlePlacements), StringComparison.Ordinal);
        Assert.DoesNotContain("-86.7%", Card(MetricKeys.ArticlePlacements), StringComparison.Ordinal);
        // Followers on 2 October against 2 September: +5.5%, not against the 30th.
        Assert.Contains("较上月同期 +5.5%", Card(MetricKeys.WeiboFollowers), StringComparison.Ordinal);
        Assert.Empty(page.FindAll($"[data-testid=kpi-card][data-metric={MetricKeys.WeiboPosts}] [data-testid=kpi-previous]"));
        // Reposts to 2 October (5) against the tasks of 1 and 2 September (4), not the whole of September (13).
        Assert.Contains("较上月同期 +25.0%", Card(MetricKeys.CommentatorReposts), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=kpi-last-year]"));
    }

    [Fact]
    public async Task The_month_before_and_the_year_before_are_each_compared_by_their_own_first_days()
    {
        using var culture = UiCulture.Use("zh-CN");
        // October so far: 4 stories, 5 reposts, 21,100 followers. September: 3 stories and 4 reposts on its first two
        // days of 30 and 13. October 2013: 2 stories and 2 reposts on its first two days of 10 and 9; 10,000 followers.
        var september = Enumerable.Range(0, 30).Select(i => new DateTime(2014, 9, 1, 2, 0, 0, DateTimeKind.Utc).AddDays(i < 3 ? 0 : 2 + (i % 27)).AddMinutes(i));
        var october2013 = Enumerable.Range(0, 10).Select(i => new DateTime(2013, 10, 1, 2, 0, 0, DateTimeKind.Utc).AddDays(i < 2 ? 0 : 5 + i).AddMinutes(i));
        var october = Enumerable.Range(0, 4).Select(i => new DateTime(2014, 10, 1, 2, 0, 0, DateTimeKind.Utc).AddMinutes(i));
        await StoreHomeAsync(
            september.Concat(october2013).Concat(october),
            [
                (new DateOnly(2013, 10, 2), 2, 0), (new DateOnly(2013, 10, 20), 7, 0),
                (new DateOnly(2014, 9, 1), 4, 1), (new DateOnly(2014, 9, 20), 9, 9), (new DateOnly(2014, 10, 1), 5, 1),
            ],
            home =>
            [
                home.Write(MetricKeys.ArticlePlacements, home.Channel, Period.Month(2013, 10), 10),
                home.Write(MetricKeys.ArticlePlacements, home.Channel, Period.Month(2014, 9), 30),
                home.Write(MetricKeys.ArticlePlacements, home.Channel, Period.Month(2014, 10), 4),
                home.Write(MetricKeys.WeiboFollowers, home.Weibo, Period.Day(new DateOnly(2013, 10, 2)), 10_000),
                home.Write(MetricKeys.WeiboFollowers, home.Weibo, Period.Day(new DateOnly(2014, 9, 2)), 20_000),
                home.Write(MetricKeys.WeiboFollowers, home.Weibo, Period.Day(new DateOnly(2014, 10, 2)), 21_100),
                home.Write(MetricKeys.CommentatorReposts, null, Period.Month(2013, 10), 9),
                home.Write(MetricKeys.CommentatorReposts, null, Period.Month(2014, 9), 13),
                home.Write(MetricKeys.CommentatorReposts, null, Period.Month(2014, 10), 5),
            ]);

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("本月至今（截至10月2日）", page.Find("[data-testid=overview-month]").TextContent, StringComparison.Ordinal));
        string Change(string metric, string which) => page.Find($"[data-testid=kpi-card][data-metric={metric}] [data-testid={which}]").TextContent;
        Assert.Contains("+33.3%", Change(MetricKeys.ArticlePlacements, "kpi-previous"), StringComparison.Ordinal);
        Assert.Contains("+100.0%", Change(MetricKeys.ArticlePlacements, "kpi-last-year"), StringComparison.Ordinal);
        Assert.Contains("+5.5%", Change(MetricKeys.WeiboFollowers, "kpi-previous"), StringComparison.Ordinal);
        Assert.Contains("+111.0%", Change(MetricKeys.WeiboFollowers, "kpi-last-year"), StringComparison.Ordinal);
        Assert.Contains("+25.0%", Change(MetricKeys.CommentatorReposts, "kpi-previous"), StringComparison.Ordinal);
        Assert.Contains("+150.0%", Change(MetricKeys.CommentatorReposts, "kpi-last-year"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weibo_posts_are_compared_by_the_posts_of_each_day_where_the_days_make_up_the_month()
    {
        using var culture = UiCulture.Use("zh-CN");
        // September: 300 posts of the first account, of which 6 and 10 on its first two days, as its collector counts them
        // day by day beside the month. October so far: 20. A year before, October 2013: 90 posts of which only the first
        // two days (5 and 5) are stored, so its days do not make up its month.
        await StoreHomeAsync(
            [],
            [],
            home =>
            [
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Month(2014, 9), 300),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Day(new DateOnly(2014, 9, 1)), 6),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Day(new DateOnly(2014, 9, 2)), 10),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Day(new DateOnly(2014, 9, 15)), 284),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Month(2014, 10), 20),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Day(new DateOnly(2014, 10, 1)), 12),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Day(new DateOnly(2014, 10, 2)), 8),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Month(2013, 10), 90),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Day(new DateOnly(2013, 10, 1)), 5),
                home.Write(MetricKeys.WeiboPosts, home.Weibo, Period.Day(new DateOnly(2013, 10, 2)), 5),
            ]);

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("本月至今（截至10月2日）", page.Find("[data-testid=overview-month]").TextContent, StringComparison.Ordinal));
        var card = $"[data-testid=kpi-card][data-metric={MetricKeys.WeiboPosts}]";
        // 20 against the 16 of 1 and 2 September, not against the whole 300; nothing against October 2013's 10 of 90.
        Assert.Contains("较上月同期 +25.0%", page.Find($"{card} [data-testid=kpi-previous]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll($"{card} [data-testid=kpi-last-year]"));
    }

    [Fact]
    public async Task A_month_so_far_that_only_the_home_county_has_figures_for_ranks_it_among_those_and_claims_no_rise()
    {
        using var culture = UiCulture.Use("zh-CN");
        // September: 濂溪区 50 placements (from the prefecture's notice), Ruichang 30. October so far: only Ruichang's
        // collected 4; the notice for October comes after the month.
        await StoreHomeAsync(
            Enumerable.Range(0, 4).Select(i => new DateTime(2014, 10, 1, 2, i, 0, DateTimeKind.Utc)),
            [],
            home =>
            [
                home.Write(MetricKeys.ArticlePlacements, home.Channel, Period.Month(2014, 9), 30),
                home.Write(MetricKeys.ArticlePlacements, home.Channel, Period.Month(2014, 10), 4),
            ]);
        await using (var db = _database.CreateContext())
        {
            var lianxi = await db.Counties.SingleAsync(c => c.Code == "360402");
            var placements = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements);
            await new ObservationWriter(TimeProvider.System).UpsertAsync(db,
                [new ObservationWrite(placements.Id, lianxi.Id, null, Period.Month(2014, 9), 50)], new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
        }

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("本月至今（截至10月2日）", page.Find("[data-testid=overview-month]").TextContent, StringComparison.Ordinal));
        // First among one, not "全市第 1 名 ↑1" over the thirteen of September.
        var rank = page.Find($"[data-testid=kpi-card][data-metric={MetricKeys.ArticlePlacements}] [data-testid=kpi-rank]").TextContent;
        Assert.Equal("第 1 名（13 个县区中 1 个有数据）", rank.Trim());
    }

    [Fact]
    public async Task A_month_whose_stored_items_do_not_make_up_its_figure_is_not_compared_by_its_first_days()
    {
        using var culture = UiCulture.Use("zh-CN");
        // September's 290 placements are its history from before the channel was collected: two of its stories
        // are stored (one on the 1st, as the first read of a feed stores the last stories it still carries).
        // October so far: 4 stories, all stored and counted. September's reposts come from the prefecture's
        // notice (20); one task of that month is stored.
        await StoreHomeAsync(
            [new(2014, 9, 1, 2, 0, 0, DateTimeKind.Utc), new(2014, 9, 29, 2, 0, 0, DateTimeKind.Utc), .. Enumerable.Range(0, 4).Select(i => new DateTime(2014, 10, 1, 2, i, 0, DateTimeKind.Utc))],
            [(new DateOnly(2014, 9, 1), 4, 1), (new DateOnly(2014, 10, 1), 5, 1)],
            home =>
            [
                home.Write(MetricKeys.ArticlePlacements, home.Channel, Period.Month(2014, 9), 290),
                home.Write(MetricKeys.ArticlePlacements, home.Channel, Period.Month(2014, 10), 4),
                home.Write(MetricKeys.CommentatorReposts, null, Period.Month(2014, 9), 20),
                home.Write(MetricKeys.CommentatorReposts, null, Period.Month(2014, 10), 5),
            ]);

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("本月至今（截至10月2日）", page.Find("[data-testid=overview-month]").TextContent, StringComparison.Ordinal));
        // Counted from the stored items, the first two days of September would hold 1 story and 4 reposts
        // (+300 % and +25 %): a fraction of a month of 290 and of 20, not its like.
        Assert.Contains("4", page.Find($"[data-testid=kpi-card][data-metric={MetricKeys.ArticlePlacements}]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll($"[data-testid=kpi-card][data-metric={MetricKeys.ArticlePlacements}] [data-testid=kpi-previous]"));
        Assert.Empty(page.FindAll($"[data-testid=kpi-card][data-metric={MetricKeys.CommentatorReposts}] [data-testid=kpi-previous]"));
    }

    /// <summary>The home county's first news channel and Weibo account, and the metric ids, for writing its figures.</summary>
    private sealed record HomeIds(int County, int Channel, int Weibo, IReadOnlyDictionary<string, int> Metrics)
    {
        public ObservationWrite Write(string metric, int? channel, Period period, double value) => new(Metrics[metric], County, channel, period, value);
    }

    // Migrates the database, then stores the home county's stories (on its first news channel, published at
    // the times given) and one commentator's tasks (date, reposts, replies), then the figures that figures
    // gives, as a collector writes them.
    private async Task StoreHomeAsync(
        IEnumerable<DateTime> stories, IEnumerable<(DateOnly Date, int Reposts, int Replies)> tasks, Func<HomeIds, IReadOnlyList<ObservationWrite>> figures)
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        var home = await db.Counties.SingleAsync(c => c.IsHome);
        var channel = await db.Channels.FirstAsync(c => c.CountyId == home.Id && c.Kind != ChannelKinds.OwnSite);
        var weibo = await db.Channels.FirstAsync(c => c.CountyId == home.Id && c.Kind == ChannelKinds.Weibo);
        db.Articles.AddRange(stories.Select((at, i) => new Article
        {
            ChannelId = channel.Id, CountyId = home.Id, Url = $"https://www.jjxw.cn/{i}.html", CanonicalUrl = $"https://www.jjxw.cn/{i}.html",
            Title = $"瑞昌新闻{i}", PublishedAtUtc = at, CollectedAtUtc = at,
        }));
        var commentator = new Commentator { CountyId = home.Id, Name = "网评员甲" };
        db.Commentators.Add(commentator);
        db.CommentatorTasks.AddRange(tasks.Select((t, i) => new CommentatorTask
        {
            Commentator = commentator, ChannelId = channel.Id, Task = $"转发{i + 1}", Date = t.Date, Reposts = t.Reposts, Replies = t.Replies,
        }));
        await db.SaveChangesAsync();
        var ids = new HomeIds(home.Id, channel.Id, weibo.Id, await db.Metrics.ToDictionaryAsync(m => m.Key, m => m.Id));
        await new ObservationWriter(TimeProvider.System).UpsertAsync(db, figures(ids), new WriteProvenance(ObservationSource.Collector, "test"), CancellationToken.None);
    }
}
