using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Overview;
using static Ruichang.Dashboard.Tests.Features.Demo.DemoTestSetup;

namespace Ruichang.Dashboard.Tests.Features.Demo;

/// <summary>Ruichang's 2014 in the seeded demo, read back from the database, against its year-end work summary.</summary>
public sealed class DemoHistory2014Tests(SeededDemoDatabase seeded) : IClassFixture<SeededDemoDatabase>
{
    private const string Ruichang = ReferenceCatalog.HomeCountyCode;
    private static readonly Period January = Period.Month(2014, 1);
    private static readonly Period December = Period.Month(2014, 12);

    [Fact]
    public async Task Article_placements_in_2014_are_two_thousand_odd_over_the_eight_outlets()
    {
        await using var db = seeded.Database.CreateContext();

        var total = await SumAsync(db, MetricKeys.ArticlePlacements, Ruichang, January, December);
        var outlets = await Rows(db, MetricKeys.ArticlePlacements, Ruichang).Where(o => o.PeriodStart.Year == 2014).Select(o => o.ChannelId).Distinct().CountAsync();

        Assert.InRange(total, 2000, 2100);
        Assert.Equal(8, outlets);
    }

    [Fact]
    public async Task The_news_site_has_nothing_before_July_and_1409_stories_from_its_opening()
    {
        await using var db = seeded.Database.CreateContext();

        Assert.Equal(0, await SumAsync(db, MetricKeys.SiteArticles, Ruichang, January, Period.Month(2014, 6)));
        Assert.Equal(1409, await SumAsync(db, MetricKeys.SiteArticles, Ruichang, Period.Month(2014, 7), December));
    }

    [Fact]
    public async Task Three_Weibo_accounts_have_30000_odd_followers_in_December_2014()
    {
        await using var db = seeded.Database.CreateContext();

        var followers = await GaugeAsync(db, MetricKeys.WeiboFollowers, Ruichang, December);
        var accounts = await Rows(db, MetricKeys.WeiboFollowers, Ruichang).Where(o => o.PeriodStart == December.Start && o.ChannelId != null).CountAsync();

        Assert.InRange(followers!.Value, 30000, 31000);
        Assert.Equal(3, accounts);
    }

    [Fact]
    public async Task Three_Weibo_accounts_posted_5800_odd_times_in_2014()
    {
        await using var db = seeded.Database.CreateContext();

        Assert.InRange(await SumAsync(db, MetricKeys.WeiboPosts, Ruichang, January, December), 5800, 5900);
    }

    [Fact]
    public async Task The_mobile_paper_sent_129_issues_from_February_to_19000_subscribers()
    {
        await using var db = seeded.Database.CreateContext();

        Assert.Equal(0, await SumAsync(db, MetricKeys.MobilePaperIssues, Ruichang, January, January));
        Assert.Equal(129, await SumAsync(db, MetricKeys.MobilePaperIssues, Ruichang, January, December));
        Assert.Equal(19000, await GaugeAsync(db, MetricKeys.MobilePaperSubscribers, Ruichang, December));
    }

    [Fact]
    public async Task The_commentator_team_has_106_members_of_whom_15_are_recommended()
    {
        await using var db = seeded.Database.CreateContext();
        var home = await db.Counties.SingleAsync(c => c.Code == Ruichang);

        for (var month = January; month <= December; month = month.Next())
        {
            Assert.Equal(106, await GaugeAsync(db, MetricKeys.CommentatorCount, Ruichang, month));
        }

        Assert.Equal(106, await db.Commentators.CountAsync(c => c.CountyId == home.Id && c.IsDemo));
        Assert.Equal(15, await db.Commentators.CountAsync(c => c.CountyId == home.Id && c.IsDemo && c.IsRecommended));
        Assert.Equal(106, await db.Commentators.Where(c => c.CountyId == home.Id).Select(c => c.Name).Distinct().CountAsync());
    }

    [Fact]
    public async Task Every_commentator_has_activity_every_month_and_the_county_figures_are_their_sums()
    {
        await using var db = seeded.Database.CreateContext();
        var months = (seeded.Result.Through.Start.Year - 2014) * 12 + seeded.Result.Through.Start.Month;
        var activity = await db.CommentatorActivity.GroupBy(a => a.Month)
            .Select(g => new { Month = g.Key, Members = g.Count(), Reposts = g.Sum(a => a.Reposts), Replies = g.Sum(a => a.Replies) })
            .ToListAsync();
        var reposts = await Rows(db, MetricKeys.CommentatorReposts, Ruichang).ToDictionaryAsync(o => o.PeriodStart, o => o.Value);
        var replies = await Rows(db, MetricKeys.CommentatorReplies, Ruichang).ToDictionaryAsync(o => o.PeriodStart, o => o.Value);

        Assert.Equal(months, activity.Count);
        Assert.All(activity, a =>
        {
            Assert.Equal(106, a.Members);
            Assert.Equal(a.Reposts, reposts[a.Month]);
            Assert.Equal(a.Replies, replies[a.Month]);
        });
    }

    [Fact]
    public async Task Opinion_work_in_2014_is_18_special_reports_37_bulletins_172_forms_and_70_odd_visits()
    {
        await using var db = seeded.Database.CreateContext();

        Assert.Equal(18, await SumAsync(db, MetricKeys.OpinionSpecialReports, Ruichang, January, December));
        Assert.Equal(37, await SumAsync(db, MetricKeys.OpinionBulletins, Ruichang, January, December));
        Assert.Equal(172, await SumAsync(db, MetricKeys.OpinionHandlingForms, Ruichang, January, December));
        Assert.InRange(await SumAsync(db, MetricKeys.JournalistVisits, Ruichang, January, December), 70, 79);
    }

    [Fact]
    public async Task WeChat_starts_in_November_2014()
    {
        await using var db = seeded.Database.CreateContext();

        foreach (var metric in new[] { MetricKeys.WeChatFollowers, MetricKeys.WeChatArticles })
        {
            var first = await Rows(db, metric, Ruichang).MinAsync(o => o.PeriodStart);
            Assert.Equal(new DateOnly(2014, 11, 1), first);
        }

        Assert.True(await GaugeAsync(db, MetricKeys.WeChatFollowers, Ruichang, December) > 0);
    }

    [Fact]
    public async Task Ruichang_leads_the_thirteen_counties_in_Weibo_followers_at_every_month_end_of_2014()
    {
        await using var db = seeded.Database.CreateContext();
        var codes = await db.Counties.Select(c => c.Code).ToListAsync();

        for (var month = January; month <= December; month = month.Next())
        {
            var figures = new Dictionary<string, double>();
            foreach (var code in codes)
            {
                figures[code] = (await GaugeAsync(db, MetricKeys.WeiboFollowers, code, month))!.Value;
            }

            Assert.Equal(13, figures.Count);
            var (leader, value) = figures.MaxBy(f => f.Value);
            Assert.Equal(Ruichang, leader);
            Assert.All(figures.Where(f => f.Key != Ruichang), f => Assert.InRange(f.Value, 0.4 * value, 0.95 * value));
        }
    }

    [Fact]
    public async Task Peers_are_at_county_level_but_for_their_Weibo_account_and_within_forty_percent_of_Ruichang_in_2014()
    {
        await using var db = seeded.Database.CreateContext();
        var home = await SumAsync(db, MetricKeys.OpinionHandlingForms, Ruichang, January, December);
        string[] weibo = [MetricKeys.WeiboFollowers, MetricKeys.WeiboPosts, MetricKeys.WeiboReposts, MetricKeys.WeiboComments, MetricKeys.WeiboLikes];
        var onChannels = await db.Observations.Where(o => !o.County!.IsHome && o.ChannelId != null)
            .Select(o => new { Metric = o.Metric!.Key, o.Channel!.Kind, o.Channel.IsDemo }).Distinct().ToListAsync();

        Assert.Equal(weibo.Order(), onChannels.Select(x => x.Metric).Order());
        Assert.All(onChannels, x => Assert.True(x.Kind == ChannelKinds.Weibo && x.IsDemo));
        Assert.False(await db.Observations.AnyAsync(o => !o.County!.IsHome && o.ChannelId == null && weibo.Contains(o.Metric!.Key)));
        foreach (var code in ReferenceCatalog.Counties().Where(c => !c.IsHome).Select(c => c.Code))
        {
            Assert.InRange(await SumAsync(db, MetricKeys.OpinionHandlingForms, code, January, December), 0.55 * home, 1.45 * home);
        }
    }

    [Fact]
    public async Task The_Weibo_index_is_the_BCI_of_the_months_totals()
    {
        await using var db = seeded.Database.CreateContext();
        var month = Period.Month(2014, 9);

        var expected = WeiboIndex.Bci(
            await SumAsync(db, MetricKeys.WeiboPosts, Ruichang, month, month),
            await SumAsync(db, MetricKeys.WeiboReposts, Ruichang, month, month),
            await SumAsync(db, MetricKeys.WeiboComments, Ruichang, month, month),
            await SumAsync(db, MetricKeys.WeiboLikes, Ruichang, month, month));

        Assert.Equal(Math.Round(expected, 2), await GaugeAsync(db, MetricKeys.WeiboBci, Ruichang, month));
    }

    [Fact]
    public async Task Tencent_Weibo_stops_in_September_2020()
    {
        await using var db = seeded.Database.CreateContext();
        var tencent = await db.Channels.SingleAsync(c => c.Platform == "tencent");

        var last = await db.Observations.Where(o => o.ChannelId == tencent.Id).MaxAsync(o => o.PeriodStart);

        Assert.Equal(new DateOnly(2020, 9, 1), last);
    }

    [Fact]
    public async Task Every_county_has_every_metric_up_to_the_current_month()
    {
        await using var db = seeded.Database.CreateContext();

        var current = await db.Observations.Where(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart == new DateOnly(2026, 11, 1))
            .Select(o => new { o.CountyId, o.MetricId }).Distinct().CountAsync();

        Assert.Equal(13 * 19, current);
        Assert.False(await db.Observations.AnyAsync(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart > new DateOnly(2026, 11, 1)));
        Assert.False(await db.Observations.AnyAsync(o => o.PeriodStart > new DateOnly(2026, 11, 28)));
    }

    [Fact]
    public async Task The_provincial_ranking_of_2014_Q3_has_Ruichang_13th_and_first_of_Jiujiangs_counties()
    {
        await using var db = seeded.Database.CreateContext();
        var ranking = await db.ExternalRankings.Include(r => r.Entries).ThenInclude(e => e.County).SingleAsync();

        var ruichang = ranking.Entries.Single(e => e.AccountName == "九江瑞昌发布");
        var bestJiujiang = ranking.Entries.Where(e => e.County != null).MinBy(e => e.Rank)!;

        Assert.Equal(("江西政务微博排行榜", new DateOnly(2014, 7, 1), new DateOnly(2014, 9, 30)), (ranking.ListName, ranking.PeriodStart, ranking.PeriodEnd));
        Assert.InRange(ranking.Entries.Count, 18, 22);
        Assert.Equal(13, ruichang.Rank);
        Assert.Equal(ReferenceCatalog.HomeCountyCode, bestJiujiang.County!.Code);
        Assert.All(ranking.Entries, e => Assert.True(e.Score.HasValue && e.Influence.HasValue && e.Activity.HasValue && e.Coverage.HasValue && e.Spread.HasValue));
        Assert.Equal(ranking.Entries.OrderBy(e => e.Rank).Select(e => e.Score), ranking.Entries.OrderByDescending(e => e.Score).Select(e => e.Score));
    }

    [Fact]
    public async Task Every_story_of_this_month_so_far_and_of_the_compared_months_and_a_handful_of_the_others_are_on_Ruichangs_channels()
    {
        await using var db = seeded.Database.CreateContext();
        var articles = await db.Articles.Include(a => a.Channel).Where(a => a.County!.IsHome).ToListAsync();
        DateTime Start(Period month) => TimeZoneInfo.ConvertTimeToUtc(month.Start.ToDateTime(TimeOnly.MinValue), Shanghai);
        int In(Period month) => articles.Count(a => a.PublishedAtUtc >= Start(month) && a.PublishedAtUtc < Start(month.Next()));
        async Task<double> Stories(Period month) =>
            await SumAsync(db, MetricKeys.ArticlePlacements, Ruichang, month, month) + await SumAsync(db, MetricKeys.SiteArticles, Ruichang, month, month);

        // This month so far, and the months it is compared with (October, November a year before), whole.
        foreach (var month in new[] { Period.Month(2026, 11), Period.Month(2026, 10), Period.Month(2025, 11) })
        {
            Assert.Equal(await Stories(month), In(month));
        }

        // The other ten months of the year before: the latest placed stories, four or five a month.
        var others = Enumerable.Range(0, 10).Select(i => Period.MonthOf(new DateOnly(2025, 12, 1).AddMonths(i))).Sum(In);
        Assert.InRange(others, 40, 50);
        Assert.Equal(0, articles.Count(a => a.PublishedAtUtc < Start(Period.Month(2025, 11))));
        Assert.All(articles, a =>
        {
            Assert.True(a.IsDemo);
            Assert.Contains("瑞昌", a.Title, StringComparison.Ordinal);
            Assert.StartsWith("https://", a.Url, StringComparison.Ordinal);
            Assert.Contains(a.Channel!.Kind, new[] { ChannelKinds.NewsFeed, ChannelKinds.OwnSite });
            Assert.True(a.PublishedAtUtc <= Now.UtcDateTime);
        });
        Assert.Contains(articles, a => a.Url.Contains("people.com.cn", StringComparison.Ordinal) || a.Url.Contains("xinhuanet.com", StringComparison.Ordinal));
        Assert.Contains(articles, a => a.Channel!.Kind == ChannelKinds.OwnSite && a.PublishedAtUtc < Start(Period.Month(2026, 11)));
    }

    [Fact]
    public async Task The_overview_compares_the_month_so_far_with_the_same_days_of_the_month_before_and_a_year_before()
    {
        var time = Clock();
        var overview = await new OverviewQueries(seeded.Database.Factory, new ObservationQueries(seeded.Database.Factory), new CountyClock(time, Shanghai), time)
            .GetAsync(FigureView.All, CancellationToken.None);

        // Counted from the stored stories and commentators' tasks of 1 to 28 October and of 1 to 28 November 2025;
        // the followers and subscribers are the day readings of 28 October and of 28 November 2025, the posts and issues
        // the Weibo accounts' and the mobile paper's of each of those days.
        Assert.True(overview!.IsSoFar);
        foreach (var metric in new[]
        {
            MetricKeys.ArticlePlacements, MetricKeys.CommentatorReposts, MetricKeys.CommentatorReplies, MetricKeys.WeiboFollowers, MetricKeys.WeiboPosts,
            MetricKeys.MobilePaperSubscribers, MetricKeys.MobilePaperIssues,
        })
        {
            var card = overview.Cards.Single(c => c.Metric.Key == metric);
            Assert.True(card.PreviousMonth > 0 && card.LastYear > 0, $"{metric}: {card.PreviousMonth} / {card.LastYear}");
        }

        await using var db = seeded.Database.CreateContext();
        var october = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 10, 1), Shanghai);
        var sameDays = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 10, 29), Shanghai);
        Assert.Equal(
            await db.Articles.CountAsync(a => a.County!.IsHome && a.Channel!.Kind == ChannelKinds.NewsFeed && a.PublishedAtUtc >= october && a.PublishedAtUtc < sameDays),
            overview.Cards.Single(c => c.Metric.Key == MetricKeys.ArticlePlacements).PreviousMonth);
        var followers = await db.Observations
            .Where(o => o.Metric!.Key == MetricKeys.WeiboFollowers && o.County!.IsHome && o.Granularity == PeriodGranularity.Day && o.PeriodStart == new DateOnly(2026, 10, 28))
            .SumAsync(o => o.Value);
        Assert.Equal(followers, overview.Cards.Single(c => c.Metric.Key == MetricKeys.WeiboFollowers).PreviousMonth);
        Assert.InRange(followers, await GaugeAsync(db, MetricKeys.WeiboFollowers, Ruichang, Period.Month(2026, 9)) ?? 0, await GaugeAsync(db, MetricKeys.WeiboFollowers, Ruichang, Period.Month(2026, 10)) ?? 0);
        var posts = await db.Observations
            .Where(o => o.Metric!.Key == MetricKeys.WeiboPosts && o.County!.IsHome && o.Granularity == PeriodGranularity.Day
                && o.PeriodStart >= new DateOnly(2026, 10, 1) && o.PeriodStart <= new DateOnly(2026, 10, 28))
            .SumAsync(o => o.Value);
        Assert.Equal(posts, overview.Cards.Single(c => c.Metric.Key == MetricKeys.WeiboPosts).PreviousMonth);
    }

    [Fact]
    public async Task A_story_naming_a_neighbour_is_stored_for_the_neighbour_too_as_the_collector_stores_it()
    {
        await using var db = seeded.Database.CreateContext();

        var shared = await db.Articles.Where(a => !a.County!.IsHome).Select(a => new { a.CanonicalUrl, a.Title, a.IsDemo }).ToListAsync();
        var home = await db.Articles.Where(a => a.County!.IsHome).Select(a => a.CanonicalUrl).ToListAsync();

        Assert.NotEmpty(shared);
        Assert.All(shared, a =>
        {
            Assert.True(a.IsDemo);
            Assert.StartsWith("瑞昌与", a.Title, StringComparison.Ordinal);
            Assert.Contains(a.CanonicalUrl, home);
        });
    }

    [Fact]
    public async Task Every_demo_row_is_marked_as_demo()
    {
        await using var db = seeded.Database.CreateContext();

        Assert.False(await db.Observations.AnyAsync(o => !o.IsDemo || o.Source != ObservationSource.Demo || o.RecordedBy != DemoHistorySeeder.RecordedBy));
        Assert.False(await db.CommentatorActivity.AnyAsync(a => !a.IsDemo));
        Assert.True(await db.CommentatorTasks.AnyAsync() && await db.CommentatorTasks.AllAsync(t => t.IsDemo));
        Assert.True(await db.ExternalRankings.AllAsync(r => r.IsDemo));
    }
}
