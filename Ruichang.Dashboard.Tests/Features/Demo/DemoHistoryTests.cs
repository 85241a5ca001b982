using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Features.Overview;

namespace Ruichang.Dashboard.Tests.Features.Demo;

/// <summary>The generator on its own, without a database.</summary>
public sealed class DemoHistoryTests
{
    private const string Ruichang = ReferenceCatalog.HomeCountyCode;
    private static readonly DateTime Now = DemoTestSetup.NowLocal;
    private static readonly Period November = Period.Month(2026, 11);

    [Fact]
    public void Two_generations_are_identical()
    {
        var first = DemoHistory.Generate(Now);
        var second = DemoHistory.Generate(Now);

        Assert.Equal(first.Figures, second.Figures);
        Assert.Equal(first.Articles, second.Articles);
        Assert.Equal(first.CommentatorTasks, second.CommentatorTasks);
        Assert.Equal(Flatten(first), Flatten(second));
        Assert.Equal(first.Rankings.SelectMany(r => r.Entries), second.Rankings.SelectMany(r => r.Entries));
    }

    [Fact]
    public void A_later_day_keeps_every_earlier_month_and_adds_the_new_ones()
    {
        var earlier = DemoHistory.Generate(new DateTime(2025, 6, 15, 9, 0, 0));
        var later = DemoHistory.Generate(Now);

        var cutoff = Period.Month(2025, 6);
        Assert.Equal(earlier.Figures.Where(f => f.Period < cutoff), later.Figures.Where(f => f.Period < cutoff));
        Assert.Contains(later.Figures, f => f.Period == November);
        Assert.DoesNotContain(later.Figures, f => f.Period.Granularity == PeriodGranularity.Month ? f.Period > November : f.Period.Start > DateOnly.FromDateTime(Now));
    }

    [Fact]
    public void The_current_month_ends_at_the_moment_given()
    {
        var second = DemoHistory.Generate(new DateTime(2026, 12, 2, 10, 0, 0));
        var whole = DemoHistory.WholeMonths(Period.Month(2026, 12));
        var december = Period.Month(2026, 12);

        double Figure(DemoDataSet data, string metric, string? channel, Period month) =>
            data.Figures.Where(f => f.CountyCode == Ruichang && f.MetricKey == metric && f.Period == month && (channel is null || f.Channel?.Name == channel)).Sum(f => f.Value);

        // Two days of thirty-one: placements, posts and tasks of about two days, gauges a fifteenth of their month's way.
        var placements = Figure(second, MetricKeys.ArticlePlacements, null, december);
        Assert.InRange(placements, 1, Figure(whole, MetricKeys.ArticlePlacements, null, december) * 0.12);
        Assert.InRange(Figure(second, MetricKeys.WeiboPosts, "九江瑞昌发布", december), 1, Figure(whole, MetricKeys.WeiboPosts, "九江瑞昌发布", december) * 0.12);
        var followersBefore = Figure(second, MetricKeys.WeiboFollowers, "九江瑞昌发布", december.Previous());
        var followersEnd = Figure(whole, MetricKeys.WeiboFollowers, "九江瑞昌发布", december);
        var followers = Figure(second, MetricKeys.WeiboFollowers, "九江瑞昌发布", december);
        Assert.InRange(followers, followersBefore, followersBefore + ((followersEnd - followersBefore) * 0.07));
        Assert.Equal(second.CommentatorTasks.Where(t => Period.MonthOf(t.Date) == december).Sum(t => t.Reposts), Figure(second, MetricKeys.CommentatorReposts, null, december));
        Assert.All(second.Figures.Where(f => f.Period == december.Previous()), f =>
            Assert.Equal(whole.Figures.Single(w => w.CountyCode == f.CountyCode && w.MetricKey == f.MetricKey && w.Channel == f.Channel && w.Period == f.Period).Value, f.Value));
    }

    [Fact]
    public void At_the_last_moment_of_the_month_it_is_the_whole_month()
    {
        var last = DemoHistory.Generate(new DateTime(2026, 11, 30, 23, 59, 59));
        var whole = DemoHistory.WholeMonths(November);

        Assert.Equal(whole.Figures, last.Figures);
        Assert.Equal(Flatten(whole), Flatten(last));
    }

    [Fact]
    public void Later_in_the_month_only_adds()
    {
        var earlier = DemoHistory.Generate(new DateTime(2026, 11, 10, 8, 0, 0));
        var later = DemoHistory.Generate(new DateTime(2026, 11, 20, 8, 0, 0));

        var counters = ReferenceCatalog.Metrics().Where(m => m.Kind == MetricKind.Counter).Select(m => m.Key).ToHashSet();
        Dictionary<string, double> Counters(DemoDataSet data) => data.Figures.Where(f => f.Period == November && counters.Contains(f.MetricKey))
            .ToDictionary(f => $"{f.CountyCode}|{f.MetricKey}|{f.Channel?.Kind}|{f.Channel?.Name}", f => f.Value);
        var before = Counters(earlier);
        var after = Counters(later);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, b => Assert.True(after[b.Key] >= b.Value, $"{b.Key} went down"));
        Assert.True(after.Where(a => a.Key.Contains(MetricKeys.ArticlePlacements)).Sum(a => a.Value) > before.Where(b => b.Key.Contains(MetricKeys.ArticlePlacements)).Sum(b => b.Value));
        Assert.Subset(later.Articles.ToHashSet(), earlier.Articles.ToHashSet());
        Assert.Subset(later.CommentatorTasks.ToHashSet(), earlier.CommentatorTasks.ToHashSet());
    }

    [Fact]
    public void The_current_months_stories_and_tasks_add_up_to_its_figures()
    {
        var data = DemoHistory.Generate(Now);
        var stories = data.Articles.Where(a => Period.MonthOf(DateOnly.FromDateTime(a.PublishedAtLocal)) == November).ToList();

        foreach (var outlet in DemoSourceLinks.OutletSlugs.Keys)
        {
            var figure = data.Figures.Single(f => f.CountyCode == Ruichang && f.MetricKey == MetricKeys.ArticlePlacements && f.Channel?.Name == outlet && f.Period == November);
            Assert.Equal(figure.Value, stories.Count(s => s.Outlet == outlet && s.Kind == ChannelKinds.NewsFeed));
        }

        var site = data.Figures.Single(f => f.CountyCode == Ruichang && f.MetricKey == MetricKeys.SiteArticles && f.Period == November);
        Assert.Equal(site.Value, stories.Count(s => s.Kind == ChannelKinds.OwnSite));
        Assert.All(stories, s => Assert.True(s.PublishedAtLocal <= Now));

        var tasks = data.CommentatorTasks.Where(t => Period.MonthOf(t.Date) == November).ToList();
        var months = data.Commentators.ToDictionary(c => c.Name, c => c.Activity.Single(a => a.Month == November.Start));
        Assert.All(tasks.GroupBy(t => t.Name), g =>
            Assert.Equal((months[g.Key].Reposts, months[g.Key].Replies), (g.Sum(t => t.Reposts), g.Sum(t => t.Replies))));
        Assert.All(months.Where(m => !tasks.Any(t => t.Name == m.Key)), m => Assert.Equal((0, 0), (m.Value.Reposts, m.Value.Replies)));
        Assert.All(tasks, t => Assert.True(t.Date <= DateOnly.FromDateTime(Now)));
        var reposts = data.Figures.Single(f => f.CountyCode == Ruichang && f.MetricKey == MetricKeys.CommentatorReposts && f.Period == November);
        Assert.Equal(reposts.Value, tasks.Sum(t => t.Reposts));
    }

    [Fact]
    public void The_stories_and_tasks_of_the_months_the_overview_compares_with_add_up_to_their_whole_figures()
    {
        var data = DemoHistory.Generate(Now);

        // November so far is compared with the same days of October and of November a year before.
        var (previous, lastYear) = OverviewQueries.ComparedMonths(November);
        Assert.Equal((Period.Month(2026, 10), Period.Month(2025, 11)), (previous, lastYear));
        foreach (var month in new[] { previous, lastYear })
        {
            var stories = data.Articles.Where(a => Period.MonthOf(DateOnly.FromDateTime(a.PublishedAtLocal)) == month).ToList();
            double Home(string metric) => data.Figures.Where(f => f.CountyCode == Ruichang && f.MetricKey == metric && f.Period == month).Sum(f => f.Value);
            Assert.Equal(Home(MetricKeys.ArticlePlacements), stories.Count(s => s.Kind == ChannelKinds.NewsFeed));
            Assert.Equal(Home(MetricKeys.SiteArticles), stories.Count(s => s.Kind == ChannelKinds.OwnSite));

            var tasks = data.CommentatorTasks.Where(t => Period.MonthOf(t.Date) == month).ToList();
            Assert.All(data.Commentators, c =>
            {
                var activity = c.Activity.SingleOrDefault(a => a.Month == month.Start);
                var theirs = tasks.Where(t => t.Name == c.Name).ToList();
                Assert.Equal((activity?.Reposts ?? 0, activity?.Replies ?? 0), (theirs.Sum(t => t.Reposts), theirs.Sum(t => t.Replies)));
            });
            Assert.Equal(Home(MetricKeys.CommentatorReplies), tasks.Sum(t => t.Replies));
        }

        // The other months of the year before hold a handful of stories and no tasks.
        var september = data.Articles.Count(a => Period.MonthOf(DateOnly.FromDateTime(a.PublishedAtLocal)) == Period.Month(2026, 9));
        Assert.InRange(september, 1, 10);
        Assert.DoesNotContain(data.CommentatorTasks, t => Period.MonthOf(t.Date) == Period.Month(2026, 9));
    }

    [Fact]
    public void The_home_channels_counted_items_of_each_day_add_up_to_each_months_figure_up_to_the_moment_given()
    {
        var data = DemoHistory.Generate(Now);

        string[] counted = [MetricKeys.WeiboPosts, MetricKeys.MobilePaperIssues, MetricKeys.WeChatArticles];
        var months = data.Figures
            .Where(f => f.CountyCode == Ruichang && counted.Contains(f.MetricKey) && f.Channel is not null
                && f.Period.Granularity == PeriodGranularity.Month && f.Period.Start >= new DateOnly(2025, 1, 1))
            .ToList();
        Assert.Equal(
            ["九江瑞昌发布", "江西手机报瑞昌报", "瑞昌市新闻中心", "瑞昌市民生博客"],
            months.Select(f => f.Channel!.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.All(months, month =>
        {
            var days = data.Figures.Where(f => f.MetricKey == month.MetricKey && f.Channel == month.Channel
                && f.Period.Granularity == PeriodGranularity.Day && Period.MonthOf(f.Period.Start) == month.Period).ToList();
            var last = month.Period == November ? DateOnly.FromDateTime(Now) : month.Period.End;
            Assert.Equal(last.Day, days.Count);
            Assert.Equal(month.Value, days.Sum(d => d.Value));
        });
        Assert.DoesNotContain(data.Figures, f => counted.Contains(f.MetricKey) && f.Period.Granularity == PeriodGranularity.Day && f.Period.Start < new DateOnly(2025, 1, 1));
    }

    [Fact]
    public void The_home_channels_gauges_have_a_reading_every_day_ending_at_their_months_level()
    {
        var data = DemoHistory.Generate(Now);

        var months = data.Figures
            .Where(f => f.CountyCode == Ruichang && f.Channel is not null && f.Period.Granularity == PeriodGranularity.Month && f.Period.Start >= new DateOnly(2025, 1, 1)
                && f.MetricKey is MetricKeys.WeiboFollowers or MetricKeys.WeChatFollowers or MetricKeys.MobilePaperSubscribers)
            .ToList();
        Assert.Equal(
            [MetricKeys.MobilePaperSubscribers, MetricKeys.WeChatFollowers, MetricKeys.WeiboFollowers],
            months.Select(f => f.MetricKey).Distinct().Order(StringComparer.Ordinal));
        Assert.All(months, month =>
        {
            var days = data.Figures.Where(f => f.MetricKey == month.MetricKey && f.Channel == month.Channel
                && f.Period.Granularity == PeriodGranularity.Day && Period.MonthOf(f.Period.Start) == month.Period).OrderBy(f => f.Period.Start).ToList();
            Assert.Equal((month.Period == November ? DateOnly.FromDateTime(Now) : month.Period.End).Day, days.Count);
            // The month's level is its latest day's.
            Assert.Equal(month.Value, days[^1].Value);
        });
    }

    [Fact]
    public void The_figures_do_not_depend_on_the_process()
    {
        // Pinned values: a seed taken from string.GetHashCode or HashCode would change them in every run.
        var figures = DemoHistory.Generate(Now).Figures;

        double Value(string county, string metric, int year, int month) =>
            figures.Single(f => f.CountyCode == county && f.MetricKey == metric && f.Period == Period.Month(year, month)).Value;

        Assert.Equal(PinnedSiteArticlesJuly2014, Value("360481", MetricKeys.SiteArticles, 2014, 7));
        Assert.Equal(PinnedLianxiPlacementsMarch2015, Value("360402", MetricKeys.ArticlePlacements, 2015, 3));
        Assert.Equal(PinnedChecksum2014, Math.Round(figures.Where(f => f.Period.Start.Year == 2014).Sum(f => f.Value), 1));
    }

    [Fact]
    public void Nothing_is_generated_before_2014()
    {
        var data = DemoHistory.Generate(new DateTime(2013, 12, 31, 23, 0, 0));

        Assert.Empty(data.Figures);
        Assert.Empty(data.Articles);
        Assert.Empty(data.CommentatorTasks);
    }

    private const double PinnedSiteArticlesJuly2014 = 217;
    private const double PinnedLianxiPlacementsMarch2015 = 192;

    // The Weibo index is rounded to two decimals, as the Weibo collector stores it (it was one).
    private const double PinnedChecksum2014 = 6275666.8;

    private static IEnumerable<string> Flatten(DemoDataSet data) =>
        data.Commentators.SelectMany(c => c.Activity.Select(a => $"{c.Name}|{c.Unit}|{c.ExternalId}|{c.JoinedOn}|{c.IsRecommended}|{a}"));
}
