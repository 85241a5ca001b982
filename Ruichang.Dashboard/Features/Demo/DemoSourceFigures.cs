using System.Globalization;
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

public sealed record DemoCommentatorTask(string Name, string? ExternalId, string? Unit, string Task, DateOnly Date, int Reposts, int Replies);

/// <summary>
/// The figures the demo sources serve, derived from the stored demo history so that collecting them
/// continues the history instead of jumping: the collectors overwrite the current month (Weibo also
/// the previous one) at the same keys the history uses.
/// </summary>
/// <remarks>
/// <para>Gauges (followers, subscribers) start from the highest reading stored for the channel in
/// the last two months and grow by one to three at every call, so they move a little each time
/// and never go back, across restarts too (the last served value has been collected by then).</para>
/// <para>Counters serve a month's items (posts, stories, issues, commentator tasks) on a fixed
/// schedule spread over the month, up to now: the previous month in full — its totals equal the
/// stored month — and the current month prorated to the moment, growing as time passes. A month's
/// full total is the stored figure unless a collector wrote it (then it is already prorated); in
/// that case it is the generator's, which is the figure the demo seeded.</para>
/// </remarks>
public sealed class DemoSourceFigures(IDbContextFactory<DashboardDbContext> factory, CountyClock clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int ChannelId, string Metric), (int Calls, double Last)> _gauges = [];
    private GeneratedHistory? _generated;

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
        var total = await StatusesCountAsync(db, metrics, channel, (await WeiboPostsAsync(db, metrics, channel, ct)).Count, ct);
        var friends = 200 + DemoRandom.For("weibo_friends", uid).Next(300);
        return new DemoWeiboUser(uid, channel.Name, (long)followers, total, friends);
    }

    /// <summary><c>statuses/user_timeline</c>: the previous and current month's posts up to now, newest first.</summary>
    public async Task<DemoWeiboTimeline?> WeiboTimelineAsync(string uid, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await WeiboChannelAsync(db, uid, ct) is not { } channel)
        {
            return null;
        }

        var metrics = await MetricIdsAsync(db, ct);
        var posts = await WeiboPostsAsync(db, metrics, channel, ct);
        var total = await StatusesCountAsync(db, metrics, channel, posts.Count, ct);
        return new DemoWeiboTimeline(posts, total);
    }

    private async Task<List<DemoWeiboPost>> WeiboPostsAsync(DashboardDbContext db, IReadOnlyDictionary<string, int> metrics, Channel channel, CancellationToken ct)
    {
        var current = clock.CurrentMonth;
        var now = clock.Now.DateTime;
        var months = await MonthTotalsAsync(db, metrics, channel, [current.Previous(), current],
            [MetricKeys.WeiboPosts, MetricKeys.WeiboReposts, MetricKeys.WeiboComments, MetricKeys.WeiboLikes], ct);
        var name = channel.County!.ShortName;
        var posts = new List<DemoWeiboPost>();
        foreach (var month in new[] { current.Previous(), current })
        {
            var count = (int)months[(MetricKeys.WeiboPosts, month)];
            var seed = MonthSeed(month);
            var times = Schedule.Times(DemoRandom.For("weibo_times", channel.ExternalId!, seed), month, count);
            var weights = DemoRandom.For("weibo_weights", channel.ExternalId!, seed);
            double[] Weights() => [.. times.Select(_ => weights.Between(0.2, 1.8))];
            var reposts = DemoRandom.Allocate((int)months[(MetricKeys.WeiboReposts, month)], Weights());
            var comments = DemoRandom.Allocate((int)months[(MetricKeys.WeiboComments, month)], Weights());
            var likes = DemoRandom.Allocate((int)months[(MetricKeys.WeiboLikes, month)], Weights());
            var suffix = int.Parse(channel.County.Code, CultureInfo.InvariantCulture) % 1000;
            for (var i = 0; i < times.Count && times[i] <= now; i++)
            {
                var topic = DemoCatalog.TitleTopics[DemoRandom.For("weibo_text", channel.ExternalId!, (seed * 1000) + i).Next(DemoCatalog.TitleTopics.Length)];
                var unixSeconds = new DateTimeOffset(times[i], clock.Zone.GetUtcOffset(times[i])).ToUnixTimeSeconds();
                posts.Add(new DemoWeiboPost(4_000_000_000_000_000 + (unixSeconds * 1000) + suffix, times[i], $"【{name}】{topic}。#{name}新闻#",
                    reposts[i], comments[i], likes[i]));
            }
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
    /// An outlet's feed (or the own site's): this month's stories up to now, as many as the month's
    /// stored placements prorated, the stories the demo history placed among them. Null for an unknown slug.
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

        var name = ownSite ? channel.Name : outlet!;
        var month = clock.CurrentMonth;
        var metric = ownSite ? MetricKeys.SiteArticles : MetricKeys.ArticlePlacements;
        var totals = await MonthTotalsAsync(db, await MetricIdsAsync(db, ct), channel, [month], [metric], ct);
        var count = (int)totals[(metric, month)];

        // The stories the history stored keep their URLs, so they are not counted a second time.
        var placed = ownSite ? [] : DemoHistory.ArticlesOf(month).Where(a => a.Outlet == name).ToList();
        var stories = new List<DemoArticle>(placed);
        var urls = placed.Select(a => a.Url).ToHashSet(StringComparer.Ordinal);
        var peers = ReferenceCatalog.Counties().Where(c => !c.IsHome).ToList();
        var times = Schedule.Times(DemoRandom.For("feed_times", slug, MonthSeed(month)), month, Math.Max(0, count - placed.Count));
        for (var i = 0; i < times.Count; i++)
        {
            var rng = DemoRandom.For("feed_story", slug, (MonthSeed(month) * 1000) + i);
            var date = DateOnly.FromDateTime(times[i]);
            string url;
            do
            {
                url = DemoCatalog.StoryUrl(name, date, rng.Next(10_000_000, 100_000_000));
            }
            while (!urls.Add(url));

            // One story in eight is shared with a neighbour and counts for both counties.
            var title = !ownSite && rng.Next(8) == 0
                ? "瑞昌与" + peers[rng.Next(peers.Count)].KeywordList[0] + DemoCatalog.JointTopics[rng.Next(DemoCatalog.JointTopics.Length)]
                : DemoCatalog.TitlePrefixes[rng.Next(DemoCatalog.TitlePrefixes.Length)] + DemoCatalog.TitleTopics[rng.Next(DemoCatalog.TitleTopics.Length)];
            stories.Add(new DemoArticle(name, url, title, times[i]));
        }

        var now = clock.Now.DateTime;
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

        var metrics = await MetricIdsAsync(db, ct);
        var month = clock.CurrentMonth;
        var totals = await MonthTotalsAsync(db, metrics, channel, [month], [counter], ct);
        var times = Schedule.Times(DemoRandom.For(counter, kind, MonthSeed(month)), month, (int)totals[(counter, month)]);
        var now = clock.Now.DateTime;
        var level = await GaugeAsync(db, metrics, gauge, channel, ct);
        return ((long)level, times.Count(t => t <= now));
    }

    // ---- commentators -----------------------------------------------------------------------

    /// <summary>
    /// The commentator platform's export for the current month: a row per commentator and task done
    /// so far. Its members are the home county's commentators in the database, so the collector finds
    /// them all and adds nobody; each member's month grows towards the month stored for them.
    /// </summary>
    public async Task<IReadOnlyList<DemoCommentatorTask>> CommentatorTasksAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var month = clock.CurrentMonth;
        var members = await db.Commentators.AsNoTracking()
            .Where(c => c.County!.IsHome && c.IsActive)
            .OrderBy(c => c.ExternalId).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.ExternalId, c.Unit })
            .ToListAsync(ct);
        var stored = await db.CommentatorActivity.AsNoTracking()
            .Where(a => a.Month == month.Start && a.Commentator!.County!.IsHome && a.IsDemo)
            .ToDictionaryAsync(a => a.CommentatorId, a => (a.Reposts, a.Replies), ct);

        var seed = MonthSeed(month);
        var tasks = Schedule.Times(DemoRandom.For("commentator_tasks", ReferenceCatalog.HomeCountyCode, seed), month, 10);
        var sizes = DemoRandom.For("commentator_task_sizes", ReferenceCatalog.HomeCountyCode, seed);
        var taskWeights = tasks.Select(_ => sizes.Between(0.5, 1.5)).ToArray();
        var names = tasks.Select((_, i) => "转发评论：" + DemoCatalog.TitlePrefixes[0] + DemoCatalog.TitleTopics[(seed + (i * 7)) % DemoCatalog.TitleTopics.Length]).ToArray();
        var now = clock.Now.DateTime;
        var done = tasks.Count(t => t <= now);

        var rows = new List<DemoCommentatorTask>();
        foreach (var member in members)
        {
            var (reposts, replies) = stored.TryGetValue(member.Id, out var s) ? s
                : Generated().CommentatorMonth(member.Name, month) ?? ((int)DemoCurves.CommentatorRepostsPerMonth, (int)DemoCurves.CommentatorRepliesPerMonth);
            var noise = DemoRandom.For("commentator_task_share", member.Name, seed);
            var weights = taskWeights.Select(w => w * noise.Between(0.7, 1.3)).ToArray();
            var r = DemoRandom.Allocate(reposts, weights);
            var p = DemoRandom.Allocate(replies, weights);
            for (var i = 0; i < done; i++)
            {
                rows.Add(new DemoCommentatorTask(member.Name, member.ExternalId, member.Unit, names[i], DateOnly.FromDateTime(tasks[i]), r[i], p[i]));
            }
        }

        return rows;
    }

    // ---- shared -----------------------------------------------------------------------------

    /// <summary>
    /// A gauge of a channel at this call: the highest reading stored in the last two months (a month's
    /// value, a collector's day snapshots) or what this process served last, whichever is higher, plus
    /// one to three.
    /// </summary>
    private async Task<double> GaugeAsync(DashboardDbContext db, IReadOnlyDictionary<string, int> metrics, string metric, Channel channel, CancellationToken ct)
    {
        var since = clock.CurrentMonth.Previous().Start;
        var metricId = metrics[metric];
        var stored = await db.Observations
            .Where(o => o.MetricId == metricId && o.ChannelId == channel.Id && o.PeriodStart >= since)
            .MaxAsync(o => (double?)o.Value, ct)
            ?? Generated().Figure(channel, metric, clock.CurrentMonth)
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

    /// <summary>The full totals of the channel's counters for the months (see the class remarks).</summary>
    private async Task<Dictionary<(string Metric, Period Month), double>> MonthTotalsAsync(
        DashboardDbContext db, IReadOnlyDictionary<string, int> metrics, Channel channel, Period[] months, string[] keys, CancellationToken ct)
    {
        var ids = keys.Select(k => metrics[k]).ToList();
        var starts = months.Select(m => m.Start).ToList();
        var rows = await db.Observations.AsNoTracking()
            .Where(o => o.ChannelId == channel.Id && o.Granularity == PeriodGranularity.Month && ids.Contains(o.MetricId) && starts.Contains(o.PeriodStart))
            .Select(o => new { o.MetricId, o.PeriodStart, o.Value, o.Source })
            .ToListAsync(ct);
        var totals = new Dictionary<(string, Period), double>();
        foreach (var key in keys)
        {
            foreach (var month in months)
            {
                var row = rows.FirstOrDefault(r => r.MetricId == metrics[key] && r.PeriodStart == month.Start);
                totals[(key, month)] = row is not null && row.Source != ObservationSource.Collector
                    ? row.Value
                    : Generated().Figure(channel, key, month) ?? row?.Value ?? 0;
            }
        }

        return totals;
    }

    private static async Task<IReadOnlyDictionary<string, int>> MetricIdsAsync(DashboardDbContext db, CancellationToken ct) =>
        await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Key, m => m.Id, StringComparer.Ordinal, ct);

    private static int MonthSeed(Period month) => (month.Start.Year * 100) + month.Start.Month;

    /// <summary>The demo history as generated through the current month; made once a month, on first need.</summary>
    private GeneratedHistory Generated()
    {
        var through = clock.CurrentMonth;
        lock (_gate)
        {
            if (_generated is not { } cached || cached.Through != through)
            {
                _generated = cached = new GeneratedHistory(DemoHistory.Generate(clock.Today));
            }

            return cached;
        }
    }

    private sealed class GeneratedHistory(DemoDataSet data)
    {
        private readonly Dictionary<(string County, string Metric, string Channel, DateOnly Month), double> _figures =
            data.Figures.GroupBy(f => (f.CountyCode, f.MetricKey, f.Channel is { } c ? $"{c.Kind}|{c.Name}" : "", f.Period.Start))
                .ToDictionary(g => g.Key, g => g.Sum(f => f.Value));

        private readonly Dictionary<string, DemoCommentator> _commentators =
            data.Commentators.ToDictionary(c => c.Name, StringComparer.Ordinal);

        public Period Through => data.Through;

        public double? Figure(Channel channel, string metric, Period month) =>
            _figures.TryGetValue((channel.County!.Code, metric, $"{channel.Kind}|{channel.Name}", month.Start), out var value) ? value : null;

        public (int Reposts, int Replies)? CommentatorMonth(string name, Period month) =>
            _commentators.TryGetValue(name, out var c) && c.Activity.FirstOrDefault(a => a.Month == month.Start) is { } a ? (a.Reposts, a.Replies) : null;
    }

    /// <summary>A month's items at fixed moments: item i falls in the i-th of <c>count</c> equal slices of the month.</summary>
    private static class Schedule
    {
        public static List<DateTime> Times(Random rng, Period month, int count)
        {
            var start = month.Start.ToDateTime(TimeOnly.MinValue);
            var length = month.End.AddDays(1).ToDateTime(TimeOnly.MinValue) - start;
            var times = new List<DateTime>(Math.Max(0, count));
            for (var i = 0; i < count; i++)
            {
                var at = start + (length * ((i + rng.Between(0.15, 0.85)) / count));
                times.Add(new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified));
            }

            return times;
        }
    }
}
