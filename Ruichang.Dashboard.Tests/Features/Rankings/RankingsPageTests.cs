using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Components.Shared;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Rankings;

/// <summary>The rankings page over a real SQLite database, on 15 September 2014.</summary>
public sealed class RankingsPageTests : BunitTestBase
{
    private readonly TestDatabase _database = new();
    private readonly BunitJSModuleInterop _chart;
    private int _homeId;
    private int _metricId;

    public RankingsPageTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2014, 9, 15, 2, 0, 0, TimeSpan.Zero));
        Services.AddSingleton(_database.Factory);
        Services.AddSingleton(new CountyClock(time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        Services.AddSingleton<ObservationQueries>();
        Services.AddSingleton<FigureViews>();
        AddAuthorization().SetAuthorized("leader").SetRoles(Roles.Leader);
        Services.AddSingleton<RankingQueries>();
        Services.AddSingleton<ChangeNotifier>();
        Services.AddLogging();
        JSInterop.Mode = JSRuntimeMode.Loose;
        _chart = SetupCharts();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    /// <summary>August placements: 濂溪区 120, 瑞昌市 95, 浔阳区 0; July: 瑞昌市 first.</summary>
    private async Task SeedAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        var counties = await db.Counties.ToDictionaryAsync(c => c.Code, c => c.Id);
        _homeId = counties["360481"];
        _metricId = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements)).Id;
        ObservationWrite W(string county, int month, double value) => new(_metricId, counties[county], null, Period.Month(2014, month), value);
        await new ObservationWriter(TimeProvider.System).UpsertAsync(
            db,
            [W("360402", 8, 120), W("360481", 8, 95), W("360403", 8, 0), W("360481", 7, 130), W("360402", 7, 100)],
            new WriteProvenance(ObservationSource.Manual, "test"),
            CancellationToken.None);
    }

    private IRenderedComponent<RankingsPage> RenderAt(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/rankings" + query);
        return Render<RankingsPage>();
    }

    [Fact]
    public async Task Shows_the_home_countys_place_change_and_the_gap_to_the_county_above()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();

        var page = RenderAt("?metric=article_placements&period=2014-08");

        page.WaitForAssertion(() => Assert.Contains("瑞昌市第 2 名", page.Find("[data-testid=home-place]").TextContent, StringComparison.Ordinal));
        Assert.Contains("比上期（第 1 名）下降 1 位", page.Find("[data-testid=home-place]").TextContent, StringComparison.Ordinal);
        Assert.Equal("再增加 26 可超越濂溪区", page.Find("[data-testid=home-gap]").TextContent.Trim());
        var rows = page.FindAll("[data-testid=ranking-row]");
        Assert.Equal(13, rows.Count);
        Assert.Equal(["360402", "360481", "360403"], rows.Take(3).Select(r => r.GetAttribute("data-county")));
        Assert.Equal("↓1", rows[1].QuerySelector("[data-testid=rank-change]")!.TextContent.Trim());
        // Zero ranks; the ten without a figure are unranked and say so.
        Assert.Equal("3", rows[2].GetAttribute("data-rank"));
        Assert.All(rows.Skip(3), r => Assert.Contains("无数据", r.TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=so-far]"));
    }

    [Fact]
    public async Task With_leaders_kept_to_approved_figures_a_leader_sees_only_the_entered_months_that_are_approved()
    {
        Services.AddSingleton<IOptionsMonitor<FigureOptions>>(new FixedOptions<FigureOptions>(new FigureOptions { LeadersSeeApprovedOnly = true }));
        await SeedAsync();
        await using (var db = _database.CreateContext())
        {
            db.Submissions.Add(new Submission { CountyId = _homeId, Month = new DateOnly(2014, 8, 1), Status = SubmissionStatus.Approved, ApprovedBy = "admin" });
            await db.SaveChangesAsync();
        }

        var page = RenderAt("?metric=article_placements&period=2014-08");

        // Every seeded figure was entered by hand; only 瑞昌市's August is approved.
        page.WaitForAssertion(() => Assert.Equal(
            ["360481"],
            page.FindAll("[data-testid=ranking-row]").Where(r => !string.IsNullOrEmpty(r.GetAttribute("data-rank"))).Select(r => r.GetAttribute("data-county"))));
    }

    [Fact]
    public async Task The_provincial_positions_are_saved_by_the_browser_with_their_quarters_and_source()
    {
        await SeedAsync();
        await using (var db = _database.CreateContext())
        {
            foreach (var quarter in new[] { 2, 3 })
            {
                db.ExternalRankings.Add(new ExternalRanking
                {
                    ListName = "江西政务微博排行榜", PeriodLabel = $"2014年第{quarter}季度",
                    PeriodStart = new DateOnly(2014, (3 * quarter) - 2, 1), PeriodEnd = new DateOnly(2014, 3 * quarter, 1).AddMonths(1).AddDays(-1),
                    Entries = [new ExternalRankingEntry { CountyId = _homeId, AccountName = "九江瑞昌发布", Rank = 10 + quarter }],
                });
            }

            await db.SaveChangesAsync();
        }

        var save = _chart.SetupVoid("saveImage", _ => true);
        save.SetVoidResult();
        var page = RenderAt("?metric=article_placements&period=2014-08");
        page.WaitForAssertion(() => Assert.Equal(2, _chart.Invocations["initialize"].Count));

        await page.Find("[data-testid=positions-save-svg]").ClickAsync(new());

        var call = Assert.Single(save.Invocations);
        Assert.Equal(["svg", "全省政务微博排行榜名次-2014年第3季度.svg"], call.Arguments.Skip(1).Take(2));
        Assert.Equal(
            new ChartCaption("瑞昌市政务微博在全省排行榜中的名次（越小越好）", "2014年第2季度至2014年第3季度", "数据来源：中共瑞昌市委宣传部"),
            call.Arguments[3]);
    }

    [Fact]
    public async Task Highlights_the_home_county_in_the_bar_chart_of_the_thirteen()
    {
        await SeedAsync();

        var page = RenderAt("?metric=article_placements&period=2014-08");

        page.WaitForAssertion(() => Assert.NotEmpty(_chart.Invocations["initialize"]));
        var config = System.Text.Json.Nodes.JsonNode.Parse((string)_chart.Invocations["initialize"][0].Arguments[2]!)!;
        Assert.Equal(13, config["xaxis"]!["categories"]!.AsArray().Count);
        Assert.Equal("瑞昌", (string?)config["xaxis"]!["categories"]![1]);
        var colors = config["colors"]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Equal(1, colors.Count(c => c == colors[1]));
        Assert.Equal(95, (double)config["series"]![0]!["data"]![1]!);
    }

    [Fact]
    public async Task In_English_the_period_and_the_unit_are_English()
    {
        using var culture = UiCulture.Use("en");
        await SeedAsync();

        var page = RenderAt("?metric=article_placements&period=2014-Q3");

        page.WaitForAssertion(() => Assert.Contains("Article placements · 2014 Q3", page.Find("[data-testid=ranking-summary]").TextContent, StringComparison.Ordinal));
        Assert.Contains("items", page.Find("[data-testid=ranking-table] thead").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("季度", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_period_that_holds_today_says_it_is_to_date()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();

        var page = RenderAt("?metric=article_placements&period=2014-Q3");

        page.WaitForAssertion(() => Assert.Contains("至今（截至9月15日）", page.Find("[data-testid=so-far]").TextContent, StringComparison.Ordinal));
        Assert.Contains("瑞昌市第 1 名", page.Find("[data-testid=home-place]").TextContent, StringComparison.Ordinal);
        Assert.Contains("领先第二名 5", page.Find("[data-testid=home-gap]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_to_the_metric_re_ranks_the_open_page()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        var page = RenderAt("?metric=article_placements&period=2014-08");
        page.WaitForAssertion(() => Assert.Contains("瑞昌市第 2 名", page.Find("[data-testid=home-place]").TextContent, StringComparison.Ordinal));

        await using (var db = _database.CreateContext())
        {
            await new ObservationWriter(TimeProvider.System).UpsertAsync(db, [new ObservationWrite(_metricId, _homeId, null, Period.Month(2014, 8), 121)],
                new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
        }

        Services.GetRequiredService<ChangeNotifier>().Publish(
            new ChangeNotice("entry", new HashSet<string> { MetricKeys.ArticlePlacements }, new HashSet<int> { _homeId }, DateTime.UtcNow));

        page.WaitForAssertion(() => Assert.Contains("瑞昌市第 1 名", page.Find("[data-testid=home-place]").TextContent, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.NotEmpty(_chart.Invocations["update"]));
    }

    [Fact]
    public async Task Without_a_period_it_shows_the_last_whole_month()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();

        var page = RenderAt("");

        page.WaitForAssertion(() => Assert.Contains("稿件刊发 · 2014年8月", page.Find("[data-testid=ranking-summary]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_export_buttons_download_the_shown_ranking_as_xlsx_and_csv()
    {
        await SeedAsync();

        var page = RenderAt("?metric=article_placements&period=2014-Q3");

        page.WaitForAssertion(() => Assert.Equal(
            "/exports/rankings.xlsx?metric=article_placements&period=2014-Q3", page.Find("[data-testid=export-xlsx]").GetAttribute("href")));
        Assert.Equal("/exports/rankings.csv?metric=article_placements&period=2014-Q3", page.Find("[data-testid=export-csv]").GetAttribute("href"));
        Assert.True(page.Find("[data-testid=export-xlsx]").HasAttribute("download"));
    }
}
