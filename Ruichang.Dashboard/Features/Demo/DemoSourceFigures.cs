using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Demo;

public sealed record DemoWeiboUser(string Uid, string ScreenName, long FollowersCount, long StatusesCount, int FriendsCount);

/// <summary>A post of a demo Weibo account; <see cref="CreatedAtLocal"/> is in the county's time zone.</summary>
public sealed record DemoWeiboPost(long Id, DateTime CreatedAtLocal, string Text, int Reposts, int Comments, int Likes);

public sealed record DemoWeiboTimeline(IReadOnlyList<DemoWeiboPost> Posts, long TotalNumber);

/// <summary>A demo feed: the outlet (or own site) and its stories, newest first.</summary>
public sealed record DemoFeed(string Title, string Link, IReadOnlyList<DemoArticle> Items);


/// <summary>
/// The figures the demo sources serve. A month's posts, stories, issues and commentator tasks come
/// from the demo history's whole month, spread over the month by <see cref="DemoSchedule"/> and
/// served up to now: the seeded current month is exactly what they served at the moment of the seed,
/// so collecting them continues the stored history instead of jumping, and a collector's writes land
/// at the keys the history uses.
/// </summary>
/// <remarks>
/// Gauges (followers, subscribers) start from the highest reading stored for the channel in the
/// current month (the seeded level, a collector's readings), or in the previous month when there is
/// none yet, and grow by one to three at every call, so they move a little each time and never go
/// back, across restarts too (the last served value has been collected by then). The Weibo timeline
/// holds the previous month whole and the current month up to now.
/// </remarks>
public sealed class DemoSourceFigures(IDbContextFactory<DashboardDbContext> factory, CountyClock clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int ChannelId, string Metric), (int Calls, double Last)> _gauges = [];
    private WholeMonths? _whole;

    // ---- Weibo ------------------------------------------------------------------------------

    /// <summary><c>users/show</c> of a demo Sina account; null when no channel has that uid.</summary>
    public async Task<DemoWeiboUser?> WeiboUserAsync(string uid, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await WeiboChannelAsync(db, uid, ct) is not { } channel)
        {
            return null;
        }

        var metrics = await MetricIdsAsync(db, ct);
        var followers = await GaugeAsync(db, metrics, MetricKeys.WeiboFollowers, channel, ct);
        var total = await StatusesCountAsync(db, metrics, channel, WeiboPosts(channel).Count, ct);
        var friends = 200 + DemoRandom.For("weibo_friends", uid).Next(300);
        return new DemoWeiboUser(uid, channel.Name, (long)followers, total, friends);
    }

    /// <summary><c>statuses/user_timeline</c>: the previous month's posts and the current month's up to now, newest first.</summary>
    public async Task<DemoWeiboTimeline?> WeiboTimelineAsync(string uid, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await WeiboChannelAsync(db, uid, ct) is not { } channel)
        {
            return null;
        }

        var posts = WeiboPosts(channel);
        var total = await StatusesCountAsync(db, await MetricIdsAsync(db, ct), channel, posts.Count, ct);
        return new DemoWeiboTimeline(posts, total);
    }

    private List<DemoWeiboPost> WeiboPosts(Channel channel)
    {
        var current = clock.CurrentMonth;
        var now = clock.Now.DateTime;
        var whole = Whole();
        var posts = new List<DemoWeiboPost>();
        foreach (var month in new[] { current.Previous(), current })
        {
            var totals = new DemoWeiboMonth(
                whole.Figure(channel, MetricKeys.WeiboPosts, month) ?? 0,
                whole.Figure(channel, MetricKeys.WeiboReposts, month) ?? 0,
                whole.Figure(channel, MetricKeys.WeiboComments, month) ?? 0,
                whole.Figure(channel, MetricKeys.WeiboLikes, month) ?? 0);
            posts.AddRange(DemoSchedule.WeiboPosts(channel.ExternalId!, channel.County!.Code, channel.County.ShortName, month, totals).Where(p => p.CreatedAtLocal <= now));
        }

        posts.Reverse();
        return posts;
    }

    // All the account's posts: the stored months before the two the timeline serves, and those two as served.
    private async Task<long> StatusesCountAsync(DashboardDbContext db, IReadOnlyDictionary<string, int> metrics, Channel channel, int served, CancellationToken ct)
    {
        var since = clock.CurrentMonth.Previous().Start;
        var metricId = metrics[MetricKeys.WeiboPosts];
        var before = await db.Observations
            .Where(o => o.MetricId == metricId && o.ChannelId == channel.Id && o.Granularity == PeriodGranularity.Month && o.PeriodStart < since)
            .SumAsync(o => o.Value, ct);
        return (long)before + served;
    }

    private static Task<Channel?> WeiboChannelAsync(DashboardDbContext db, string uid, CancellationToken ct) =>
        db.Channels.AsNoTracking().Include(c => c.County)
            .Where(c => c.Kind == ChannelKinds.Weibo && c.Platform == "sina" && c.ExternalId == uid)
            .OrderBy(c => c.Id).FirstOrDefaultAsync(ct);

    // ---- feeds ------------------------------------------------------------------------------

    /// <summary>
    /// An outlet's feed (or the own site's): this month's stories up to now, among them the stories
    /// the demo history placed on the outlet. Null for an unknown slug.
    /// </summary>
    public async Task<DemoFeed?> FeedAsync(string slug, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var ownSite = slug == DemoSourceLinks.OwnSiteSlug;
        var outlet = DemoSourceLinks.OutletSlugs.FirstOrDefault(o => o.Value == slug).Key;
        if (!ownSite && outlet is null)
        {
            return null;
        }

        var kind = ownSite ? ChannelKinds.OwnSite : ChannelKinds.NewsFeed;
        var channel = await db.Channels.AsNoTracking().Include(c => c.County)
            .Where(c => c.County!.IsHome && c.Kind == kind && (ownSite || c.Name == outlet))
            .OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (channel is null)
        {
            return null;
        }

        var name = ownSite ? DemoSourceLinks.OwnSiteName : outlet!;
        var month = clock.CurrentMonth;
        var metric = ownSite ? MetricKeys.SiteArticles : MetricKeys.ArticlePlacements;
        var count = (int)(Whole().Figure(channel, metric, month) ?? 0);
        var now = clock.Now.DateTime;
        var stories = DemoSchedule.FeedStories(slug, month, count) ?? [];
        var link = new Uri(DemoCatalog.StoryUrl(name, month.Start, 1)).GetLeftPart(UriPartial.Authority) + "/";
        return new DemoFeed(name, link, [.. stories.Where(s => s.PublishedAtLocal <= now).OrderByDescending(s => s.PublishedAtLocal)]);
    }

    // ---- counters ---------------------------------------------------------------------------

    /// <summary>The mobile paper's subscribers (a gauge) and this month's issues so far; null when the home county has no mobile paper.</summary>
    public Task<(long Level, long ThisMonth)?> MobilePaperAsync(CancellationToken ct) =>
        CounterAsync(ChannelKinds.MobilePaper, MetricKeys.MobilePaperSubscribers, MetricKeys.MobilePaperIssues, ct);

    /// <summary>The WeChat account's followers and this month's articles so far; null when the home county has no account.</summary>
    public Task<(long Level, long ThisMonth)?> WeChatAsync(CancellationToken ct) =>
        CounterAsync(ChannelKinds.WeChat, MetricKeys.WeChatFollowers, MetricKeys.WeChatArticles, ct);

    private async Task<(long Level, long ThisMonth)?> CounterAsync(string kind, string gauge, string counter, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().Include(c => c.County)
            .Where(c => c.County!.IsHome && c.Kind == kind).OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (channel is null)
        {
            return null;
        }

        var month = clock.CurrentMonth;
        var thisMonth = DemoSchedule.CountBy(counter, kind, month, Whole().Figure(channel, counter, month) ?? 0, clock.Now.DateTime);
        var level = await GaugeAsync(db, await MetricIdsAsync(db, ct), gauge, channel, ct);
        return ((long)level, thisMonth);
    }

    // ---- commentators -----------------------------------------------------------------------

    /// <summary>
    /// The commentator platform's export for the current month: a row per commentator and task done
    /// so far. Its members are the home county's commentators in the database, so the collector finds
    /// them all and adds nobody; a member of the demo history does the tasks the history gives them.
    /// </summary>
    public async Task<IReadOnlyList<DemoCommentatorTask>> CommentatorTasksAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var month = clock.CurrentMonth;
        var members = await db.Commentators.AsNoTracking()
            .Where(c => c.County!.IsHome && c.IsActive)
            .OrderBy(c => c.ExternalId).ThenBy(c => c.Id)
            .Select(c => new { c.Name, c.ExternalId, c.Unit })
            .ToListAsync(ct);

        var slots = DemoSchedule.CommentatorTaskSlots(month);
        var now = clock.Now.DateTime;
        var whole = Whole();
        return
        [
            .. members.SelectMany(m =>
            {
                var (reposts, replies) = whole.CommentatorMonth(m.Name, month)
                    ?? ((int)DemoCurves.CommentatorRepostsPerMonth, (int)DemoCurves.CommentatorRepliesPerMonth);
                return DemoSchedule.CommentatorTasks(slots, m.Name, m.ExternalId, m.Unit, month, reposts, replies, now);
            }),
        ];
    }

    // ---- shared -----------------------------------------------------------------------------

    /// <summary>
    /// A gauge of a channel at this call: its latest reading stored in the current month (the seeded
    /// level, a collector's month or day reading; the latest, not the highest, since a gauge may have
    /// stood higher earlier in the month), never below the latest a collector stored (what this source
    /// served before a restart) — or, with none yet, the same in the previous month, or else the
    /// history's level by now — or what this process served last, whichever is higher, plus one to three.
    /// </summary>
    private async Task<double> GaugeAsync(DashboardDbContext db, IReadOnlyDictionary<string, int> metrics, string metric, Channel channel, CancellationToken ct)
    {
        var month = clock.CurrentMonth;
        var metricId = metrics[metric];
        // The two months' readings (a month row and a row a day at most), newest first, read once.
        var readings = (await db.Observations
                .Where(o => o.MetricId == metricId && o.ChannelId == channel.Id && o.PeriodStart >= month.Previous().Start)
                .Select(o => new { o.PeriodStart, o.RecordedAtUtc, o.Value, o.IsDemo })
                .ToListAsync(ct))
            .OrderByDescending(o => o.RecordedAtUtc).ThenByDescending(o => o.PeriodStart)
            .ToList();
        double? Level(DateOnly since) =>
            readings.FirstOrDefault(o => o.PeriodStart >= since) is { } latest
                ? Math.Max(latest.Value, readings.FirstOrDefault(o => o.PeriodStart >= since && !o.IsDemo)?.Value ?? latest.Value)
                : null;
        var stored = Level(month.Start)
            ?? Level(month.Previous().Start)
            ?? Whole().GaugeAt(channel, metric, month, clock.Now.DateTime)
            ?? 0;
        lock (_gate)
        {
            var (calls, last) = _gauges.GetValueOrDefault((channel.Id, metric));
            calls++;
            var value = Math.Max(stored, last) + 1 + DemoRandom.For("gauge_step", metric, (channel.Id * 100_000) + calls).Next(3);
            _gauges[(channel.Id, metric)] = (calls, value);
            return value;
        }
    }

    private static async Task<IReadOnlyDictionary<string, int>> MetricIdsAsync(DashboardDbContext db, CancellationToken ct) =>
        await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Key, m => m.Id, StringComparer.Ordinal, ct);

    /// <summary>The demo history through the current month, that month whole; made once a month, on first need.</summary>
    private WholeMonths Whole()
    {
        var through = clock.CurrentMonth;
        lock (_gate)
        {
            if (_whole is not { } cached || cached.Through != through)
            {
                _whole = cached = new WholeMonths(DemoHistory.WholeMonths(through));
            }

            return cached;
        }
    }

    private sealed class WholeMonths(DemoDataSet data)
    {
        private readonly Dictionary<(string County, string Metric, string Channel, DateOnly Month), double> _figures =
            data.Figures.Where(f => f.Period.Granularity == PeriodGranularity.Month)
                .GroupBy(f => (f.CountyCode, f.MetricKey, f.Channel is { } c ? $"{c.Kind}|{c.Name}" : "", f.Period.Start))
                .ToDictionary(g => g.Key, g => g.Sum(f => f.Value));

        private readonly Dictionary<string, DemoCommentator> _commentators =
            data.Commentators.ToDictionary(c => c.Name, StringComparer.Ordinal);

        public Period Through => data.Through;

        public double? Figure(Channel channel, string metric, Period month) =>
            _figures.TryGetValue((channel.County!.Code, metric, $"{channel.Kind}|{channel.Name}", month.Start), out var value) ? value : null;

        /// <summary>A gauge's level by <paramref name="now"/> within <paramref name="month"/>, as the history seeds it.</summary>
        public double? GaugeAt(Channel channel, string metric, Period month, DateTime now) =>
            Figure(channel, metric, month) is { } end ? DemoSchedule.GaugeAt(Figure(channel, metric, month.Previous()) ?? end, end, month, now) : null;

        public (int Reposts, int Replies)? CommentatorMonth(string name, Period month) =>
            _commentators.TryGetValue(name, out var c) && c.Activity.FirstOrDefault(a => a.Month == month.Start) is { } a ? (a.Reposts, a.Replies) : null;
    }
}
