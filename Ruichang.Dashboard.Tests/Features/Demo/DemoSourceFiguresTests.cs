using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using static Ruichang.Dashboard.Tests.Features.Demo.DemoTestSetup;

namespace Ruichang.Dashboard.Tests.Features.Demo;

/// <summary>
/// The figures behind the demo sources on a database seeded at noon on 28 November 2026, with the
/// clock set where each test needs it: what a collector reads at a given moment, against the stored
/// history and the demo history's whole month.
/// </summary>
public sealed class DemoSourceFiguresTests(SeededDemoSources seeded) : IClassFixture<SeededDemoSources>
{
    private const string Ruichang = ReferenceCatalog.HomeCountyCode;
    private static readonly Period November = Period.Month(2026, 11);
    private static readonly DateTimeOffset EndOfNovember = At(2026, 11, 30, 23, 59, 59);
    private static readonly DemoDataSet Whole = DemoHistory.WholeMonths(November);

    [Fact]
    public async Task At_the_moment_of_the_seed_the_feeds_serve_exactly_the_stored_stories_of_the_month()
    {
        var figures = Figures(seeded.Database, Now);
        await using var db = seeded.Database.CreateContext();
        var start = new DateTime(2026, 10, 31, 16, 0, 0);

        foreach (var (outlet, slug) in DemoSourceLinks.OutletSlugs.Append(new(DemoSourceLinks.OwnSiteName, DemoSourceLinks.OwnSiteSlug)))
        {
            var feed = await figures.FeedAsync(slug, CancellationToken.None);
            var stored = await db.Articles.Where(a => a.County!.IsHome && a.Channel!.Name == outlet && a.PublishedAtUtc >= start).Select(a => a.Url).ToListAsync();
            var metric = slug == DemoSourceLinks.OwnSiteSlug ? MetricKeys.SiteArticles : MetricKeys.ArticlePlacements;
            Assert.Equal(await StoredAsync(seeded.Database, metric, Ruichang, outlet, November), feed!.Items.Count);
            Assert.Equal(stored.Order(), feed.Items.Select(i => i.Url).Order());
        }
    }

    [Fact]
    public async Task At_the_moment_of_the_seed_the_timeline_and_the_counters_serve_exactly_the_stored_month()
    {
        var figures = Figures(seeded.Database, Now);

        foreach (var (county, account) in new[] { (Ruichang, "九江瑞昌发布"), ("360423", "武宁发布") })
        {
            var timeline = await figures.WeiboTimelineAsync(DemoSourceLinks.WeiboUid(county), CancellationToken.None);
            var month = timeline!.Posts.Where(p => Period.MonthOf(DateOnly.FromDateTime(p.CreatedAtLocal)) == November).ToList();
            Assert.Equal(await StoredAsync(seeded.Database, MetricKeys.WeiboPosts, county, account, November), month.Count);
            Assert.Equal(await StoredAsync(seeded.Database, MetricKeys.WeiboReposts, county, account, November), month.Sum(p => p.Reposts));
            Assert.Equal(await StoredAsync(seeded.Database, MetricKeys.WeiboComments, county, account, November), month.Sum(p => p.Comments));
            Assert.Equal(await StoredAsync(seeded.Database, MetricKeys.WeiboLikes, county, account, November), month.Sum(p => p.Likes));
        }

        var paper = await figures.MobilePaperAsync(CancellationToken.None);
        var weChat = await figures.WeChatAsync(CancellationToken.None);
        Assert.Equal(await StoredAsync(seeded.Database, MetricKeys.MobilePaperIssues, Ruichang, "江西手机报瑞昌报", November), paper!.Value.ThisMonth);
        Assert.Equal(await StoredAsync(seeded.Database, MetricKeys.WeChatArticles, Ruichang, "瑞昌市新闻中心", November), weChat!.Value.ThisMonth);
        Assert.InRange(paper.Value.Level - await StoredAsync(seeded.Database, MetricKeys.MobilePaperSubscribers, Ruichang, "江西手机报瑞昌报", November), 1, 3);
    }

    [Fact]
    public async Task At_the_moment_of_the_seed_the_export_lists_exactly_the_stored_tasks_of_the_month()
    {
        var tasks = await Figures(seeded.Database, Now).CommentatorTasksAsync(CancellationToken.None);

        await using var db = seeded.Database.CreateContext();
        var stored = await db.CommentatorTasks.Where(t => t.Date >= November.Start).Select(t => new { t.Commentator!.Name, t.Date, t.Task, t.Reposts, t.Replies, t.IsDemo }).ToListAsync();
        var activity = (await db.CommentatorActivity.Where(a => a.Month == November.Start).Select(a => new { a.Commentator!.Name, a.Reposts, a.Replies }).ToListAsync())
            .ToDictionary(a => a.Name, a => (a.Reposts, a.Replies));
        Assert.NotEmpty(tasks);
        Assert.All(stored, t => Assert.True(t.IsDemo));
        Assert.Equal(
            stored.Select(t => $"{t.Name}|{t.Date}|{t.Task}|{t.Reposts}|{t.Replies}").Order(),
            tasks.Select(t => $"{t.Name}|{t.Date}|{t.Task}|{t.Reposts}|{t.Replies}").Order());
        Assert.All(activity, a => Assert.Equal(a.Value, (tasks.Where(t => t.Name == a.Key).Sum(t => t.Reposts), tasks.Where(t => t.Name == a.Key).Sum(t => t.Replies))));
    }

    [Fact]
    public async Task At_the_end_of_the_month_each_feed_has_served_the_whole_month()
    {
        var figures = Figures(seeded.Database, EndOfNovember);

        foreach (var (outlet, slug) in DemoSourceLinks.OutletSlugs)
        {
            var feed = await figures.FeedAsync(slug, CancellationToken.None);
            Assert.Equal(WholeMonth(MetricKeys.ArticlePlacements, Ruichang, outlet), feed!.Items.Count);
        }

        var site = await figures.FeedAsync(DemoSourceLinks.OwnSiteSlug, CancellationToken.None);
        Assert.Equal(WholeMonth(MetricKeys.SiteArticles, Ruichang, "瑞昌新闻网"), site!.Items.Count);
    }

    [Fact]
    public async Task At_the_end_of_the_month_the_timeline_holds_the_whole_month_of_posts_and_reactions()
    {
        var figures = Figures(seeded.Database, EndOfNovember);

        var timeline = await figures.WeiboTimelineAsync(DemoSourceLinks.WeiboUid(Ruichang), CancellationToken.None);

        var month = timeline!.Posts.Where(p => Period.MonthOf(DateOnly.FromDateTime(p.CreatedAtLocal)) == November).ToList();
        Assert.Equal(WholeMonth(MetricKeys.WeiboPosts, Ruichang, "九江瑞昌发布"), month.Count);
        Assert.Equal(WholeMonth(MetricKeys.WeiboReposts, Ruichang, "九江瑞昌发布"), month.Sum(p => p.Reposts));
        Assert.Equal(WholeMonth(MetricKeys.WeiboComments, Ruichang, "九江瑞昌发布"), month.Sum(p => p.Comments));
        Assert.Equal(WholeMonth(MetricKeys.WeiboLikes, Ruichang, "九江瑞昌发布"), month.Sum(p => p.Likes));
    }

    [Fact]
    public async Task At_the_end_of_the_month_the_counters_and_the_commentator_export_reach_the_whole_month()
    {
        var figures = Figures(seeded.Database, EndOfNovember);

        var paper = await figures.MobilePaperAsync(CancellationToken.None);
        var weChat = await figures.WeChatAsync(CancellationToken.None);
        var tasks = await figures.CommentatorTasksAsync(CancellationToken.None);

        Assert.Equal(WholeMonth(MetricKeys.MobilePaperIssues, Ruichang, "江西手机报瑞昌报"), paper!.Value.ThisMonth);
        Assert.Equal(WholeMonth(MetricKeys.WeChatArticles, Ruichang, "瑞昌市新闻中心"), weChat!.Value.ThisMonth);
        var whole = Whole.Commentators.ToDictionary(c => c.Name, c => c.Activity.Single(a => a.Month == November.Start));
        var served = tasks.GroupBy(t => t.Name).ToDictionary(g => g.Key, g => (g.Sum(t => t.Reposts), g.Sum(t => t.Replies)));
        Assert.Equal(106, served.Count);
        Assert.All(served, s => Assert.Equal((whole[s.Key].Reposts, whole[s.Key].Replies), s.Value));
        Assert.Equal(10, tasks.Select(t => t.Task).Distinct().Count());
    }

    [Fact]
    public async Task On_the_first_of_the_next_month_the_timeline_has_the_whole_previous_month()
    {
        var figures = Figures(seeded.Database, At(2026, 12, 1, 9, 0, 0));
        var uid = DemoSourceLinks.WeiboUid("360426");

        var timeline = await figures.WeiboTimelineAsync(uid, CancellationToken.None);

        var november = timeline!.Posts.Where(p => Period.MonthOf(DateOnly.FromDateTime(p.CreatedAtLocal)) == November).ToList();
        var december = timeline.Posts.Where(p => Period.MonthOf(DateOnly.FromDateTime(p.CreatedAtLocal)) == November.Next()).ToList();
        Assert.Equal(WholeMonth(MetricKeys.WeiboPosts, "360426", "德安发布"), november.Count);
        Assert.Equal(WholeMonth(MetricKeys.WeiboLikes, "360426", "德安发布"), november.Sum(p => p.Likes));
        Assert.InRange(december.Count, 1, 30);
        Assert.Equal(november.Count + december.Count, timeline.Posts.Count);
    }

    [Fact]
    public async Task A_feed_grows_as_the_month_goes_on_and_keeps_every_story_it_has_served()
    {
        var early = await Figures(seeded.Database, At(2026, 11, 10, 12, 0, 0)).FeedAsync("jjxw", CancellationToken.None);
        var later = await Figures(seeded.Database, At(2026, 11, 20, 12, 0, 0)).FeedAsync("jjxw", CancellationToken.None);

        Assert.True(later!.Items.Count > early!.Items.Count);
        Assert.All(early.Items, story => Assert.Contains(story, later.Items));
        Assert.All(later.Items.Except(early.Items), story => Assert.True(story.PublishedAtLocal > new DateTime(2026, 11, 10, 12, 0, 0)));
    }

    [Fact]
    public async Task Now_and_then_a_story_names_a_neighbour_and_counts_for_both_counties()
    {
        var figures = Figures(seeded.Database, EndOfNovember);
        var counties = ReferenceCatalog.Counties();

        var stories = new List<DemoArticle>();
        foreach (var slug in DemoSourceLinks.OutletSlugs.Values)
        {
            stories.AddRange((await figures.FeedAsync(slug, CancellationToken.None))!.Items);
        }

        var matches = stories.Select(s => CountyMatcher.Match(s.Title, counties)).ToList();
        Assert.All(matches, m => Assert.Contains(Ruichang, m));
        var shared = matches.Count(m => m.Count == 2);
        Assert.InRange(shared, stories.Count / 20, stories.Count / 4);
        Assert.DoesNotContain(matches, m => m.Count > 2);
    }

    [Fact]
    public async Task Once_a_collector_has_written_the_month_the_whole_month_still_comes_from_the_demo_history()
    {
        using var database = seeded.Copy();
        await using (var db = database.CreateContext())
        {
            // A collector's month-to-date figure replaces the demo's month at the same key.
            var row = await db.Observations.SingleAsync(o => o.Metric!.Key == MetricKeys.SiteArticles && o.Channel!.Name == "瑞昌新闻网" && o.PeriodStart == November.Start);
            (row.Value, row.Source, row.IsDemo) = (12, ObservationSource.Collector, false);
            await db.SaveChangesAsync();
        }

        var feed = await Figures(database, EndOfNovember).FeedAsync(DemoSourceLinks.OwnSiteSlug, CancellationToken.None);

        Assert.Equal(WholeMonth(MetricKeys.SiteArticles, Ruichang, "瑞昌新闻网"), feed!.Items.Count);
    }

    [Fact]
    public async Task Followers_never_go_down_when_the_app_restarts_after_a_collector_stored_the_last_reading()
    {
        using var database = seeded.Copy();
        var uid = DemoSourceLinks.WeiboUid(Ruichang);
        var now = At(2026, 11, 28, 15, 0, 0);
        var before = Figures(database, now);
        long last = 0;
        for (var i = 0; i < 5; i++)
        {
            last = (await before.WeiboUserAsync(uid, CancellationToken.None))!.FollowersCount;
        }

        await using (var db = database.CreateContext())
        {
            var metric = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboFollowers);
            var channel = await db.Channels.SingleAsync(c => c.ExternalId == uid);
            await new ObservationWriter(Clock()).UpsertAsync(db, [new ObservationWrite(metric.Id, channel.CountyId, channel.Id, Period.Day(new DateOnly(2026, 11, 28)), last)],
                new WriteProvenance(ObservationSource.Collector, "weibo:" + channel.Id), CancellationToken.None);
        }

        var afterRestart = await Figures(database, now).WeiboUserAsync(uid, CancellationToken.None);

        Assert.InRange(afterRestart!.FollowersCount - last, 1, 3);
    }

    [Fact]
    public async Task A_gauge_is_served_from_its_latest_reading_but_never_below_the_latest_a_collector_stored()
    {
        using var database = seeded.Copy();
        await using (var db = database.CreateContext())
        {
            var metric = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.MobilePaperSubscribers);
            var channel = await db.Channels.SingleAsync(c => c.County!.IsHome && c.Kind == ChannelKinds.MobilePaper);
            // A collector read 30,000 an hour before the seed; a demo row written after it says less.
            var earlier = new FakeTimeProvider(Now.AddHours(-1));
            await new ObservationWriter(earlier).UpsertAsync(db, [new ObservationWrite(metric.Id, channel.CountyId, channel.Id, Period.Day(new DateOnly(2026, 11, 27)), 30_000)],
                new WriteProvenance(ObservationSource.Collector, "counters:" + channel.Id), CancellationToken.None);
            await new ObservationWriter(Clock()).UpsertAsync(db, [new ObservationWrite(metric.Id, channel.CountyId, channel.Id, Period.Day(new DateOnly(2026, 11, 28)), 100)],
                new WriteProvenance(ObservationSource.Demo, DemoHistorySeeder.RecordedBy, IsDemo: true), CancellationToken.None);
        }

        var paper = await Figures(database, Now).MobilePaperAsync(CancellationToken.None);

        Assert.InRange(paper!.Value.Level, 30_001, 30_003);
    }

    [Fact]
    public async Task At_the_moment_of_the_seed_the_home_accounts_posts_count_is_its_whole_stored_history()
    {
        var figures = Figures(seeded.Database, Now);
        await using var db = seeded.Database.CreateContext();
        var all = await db.Observations.Where(o => o.Metric!.Key == MetricKeys.WeiboPosts && o.Granularity == PeriodGranularity.Month && o.Channel!.Name == "九江瑞昌发布").SumAsync(o => o.Value);

        var user = await figures.WeiboUserAsync(DemoSourceLinks.WeiboUid(Ruichang), CancellationToken.None);

        Assert.Equal((long)all, user!.StatusesCount);
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(8));

    private static double WholeMonth(string metric, string county, string channel) =>
        Whole.Figures.Single(f => f.CountyCode == county && f.MetricKey == metric && f.Channel?.Name == channel && f.Period == November).Value;

    private static DemoSourceFigures Figures(TestDatabase database, DateTimeOffset now) =>
        new(database.Factory, new CountyClock(new FakeTimeProvider(now), Shanghai));

    private static async Task<double> StoredAsync(TestDatabase database, string metric, string county, string channel, Period month)
    {
        await using var db = database.CreateContext();
        return await db.Observations
            .Where(o => o.Metric!.Key == metric && o.County!.Code == county && o.Channel!.Name == channel
                && o.Granularity == PeriodGranularity.Month && o.PeriodStart == month.Start)
            .Select(o => o.Value).SingleAsync();
    }
}

/// <summary>A database with the demo history seeded on 28 November 2026 and the home channels pointed at the demo sources.</summary>
public sealed class SeededDemoSources : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public async Task InitializeAsync()
    {
        await Database.MigrateAsync();
        var time = Clock();
        await Seeder(Database, time).SeedHistoryAsync(CancellationToken.None);
        await SourcesSeeder(Database, time).ConfigureChannelsAsync(CancellationToken.None);
    }

    /// <summary>A copy of the seeded database, for a test that changes it.</summary>
    public TestDatabase Copy()
    {
        var copy = new TestDatabase();
        foreach (var file in Directory.GetFiles(Database.Folder, "dashboard.db*"))
        {
            File.Copy(file, Path.Combine(copy.Folder, Path.GetFileName(file)));
        }

        return copy;
    }

    public Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }
}
