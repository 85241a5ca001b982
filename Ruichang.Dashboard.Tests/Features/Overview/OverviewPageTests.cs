using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Components.Shared;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
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
        Services.AddSingleton<OverviewQueries>();
        Services.AddSingleton<ChangeNotifier>();
        Services.AddLogging();

        _chart = JSInterop.SetupModule(ApexChart.ModulePath);
        _chart.Setup<bool>("initialize", _ => true).SetResult(true);
        _chart.SetupVoid("update", _ => true).SetVoidResult();
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
    public async Task Draws_the_trend_with_gaps_for_months_without_figures()
    {
        await SeedAsync();

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Equal(2, _chart.Invocations["initialize"].Count));
        var config = System.Text.Json.Nodes.JsonNode.Parse((string)_chart.Invocations["initialize"][0].Arguments[2]!)!;
        Assert.Equal("2014-09", (string?)config["xaxis"]!["categories"]!.AsArray()[^1]);
        var placements = config["series"]!.AsArray().Single(s => (string?)s!["name"] == "稿件刊发")!["data"]!.AsArray();
        Assert.Equal(12, placements.Count);
        Assert.Equal(180, (double)placements[^1]!);
        Assert.Null(placements[^3]);
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
            await new ObservationWriter(TimeProvider.System).UpsertAsync(db, [new ObservationWrite(metricId, homeId, null, Period.Month(2014, 9), 215)],
                new WriteProvenance(ObservationSource.Collector, "articles"), CancellationToken.None);
        }

        Services.GetRequiredService<ChangeNotifier>().Publish(
            new ChangeNotice("articles", new HashSet<string> { MetricKeys.ArticlePlacements }, new HashSet<int> { homeId }, DateTime.UtcNow));

        page.WaitForAssertion(() => Assert.Contains("215", CardText(page, MetricKeys.ArticlePlacements), StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.NotEmpty(_chart.Invocations["update"]));
        Assert.Equal(2, _chart.Invocations["initialize"].Count);
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
}
