using System.Globalization;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// When the things of a demo month happen. A month's posts, stories, issues and commentator tasks
/// fall at fixed moments spread over the month, and a gauge moves from the previous month's level
/// to this month's in proportion to the time gone by. The demo history stores the current month up
/// to the moment it is seeded by these rules, and the demo sources serve it up to the moment they
/// are called by the same rules: a collection after the seed finds exactly what was seeded, and
/// what happened since. Times are local to the county, without an offset.
/// </summary>
internal static class DemoSchedule
{
    /// <summary>The commentator platform hands out this many tasks a month.</summary>
    public const int CommentatorTasksPerMonth = 10;

    public static int MonthSeed(Period month) => (month.Start.Year * 100) + month.Start.Month;

    /// <summary>The month's first moment.</summary>
    public static DateTime StartOf(Period month) => month.Start.ToDateTime(TimeOnly.MinValue);

    /// <summary>The first moment after the month.</summary>
    public static DateTime EndOf(Period month) => month.End.AddDays(1).ToDateTime(TimeOnly.MinValue);

    /// <summary>A month's items at fixed moments: item i falls in the i-th of <c>count</c> equal slices of the month, to the second.</summary>
    public static List<DateTime> Times(Random rng, Period month, int count)
    {
        var start = StartOf(month);
        var length = EndOf(month) - start;
        var times = new List<DateTime>(Math.Max(0, count));
        for (var i = 0; i < count; i++)
        {
            var at = start + (length * ((i + rng.Between(0.15, 0.85)) / count));
            times.Add(new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified));
        }

        return times;
    }

    /// <summary>How many of a counter's <paramref name="total"/> items of the month have happened by <paramref name="now"/>.</summary>
    public static int CountBy(string scope, string key, Period month, double total, DateTime now) =>
        now >= EndOf(month) ? (int)Math.Round(total)
        : Times(DemoRandom.For(scope, key, MonthSeed(month)), month, (int)Math.Round(total)).Count(t => t <= now);

    /// <summary>The days on which the items <see cref="CountBy"/> counts by <paramref name="now"/> happened, one date per item.</summary>
    public static IEnumerable<DateOnly> DaysBy(string scope, string key, Period month, double total, DateTime now) =>
        Times(DemoRandom.For(scope, key, MonthSeed(month)), month, (int)Math.Round(total)).Where(t => t <= now).Select(DateOnly.FromDateTime);

    /// <summary>A gauge at <paramref name="now"/>: from <paramref name="start"/> (last month's level) to <paramref name="end"/> (this month's) as the month goes by.</summary>
    public static double GaugeAt(double start, double end, Period month, DateTime now)
    {
        var from = StartOf(month);
        var fraction = Math.Clamp((now - from) / (EndOf(month) - from), 0, 1);
        return fraction >= 1 ? end : Math.Round(start + ((end - start) * fraction));
    }

    // ---- Weibo ------------------------------------------------------------------------------

    /// <summary>A Sina account's month: its posts and how the month's reactions fall on them, oldest first.</summary>
    public static IReadOnlyList<DemoWeiboPost> WeiboPosts(string uid, string countyCode, string countyShortName, Period month, DemoWeiboMonth totals)
    {
        var seed = MonthSeed(month);
        var times = Times(DemoRandom.For("weibo_times", uid, seed), month, (int)totals.Posts);
        var weights = DemoRandom.For("weibo_weights", uid, seed);
        double[] Weights() => [.. times.Select(_ => weights.Between(0.2, 1.8))];
        var reposts = DemoRandom.Allocate((int)totals.Reposts, Weights());
        var comments = DemoRandom.Allocate((int)totals.Comments, Weights());
        var likes = DemoRandom.Allocate((int)totals.Likes, Weights());
        var suffix = int.Parse(countyCode, CultureInfo.InvariantCulture) % 1000;
        var posts = new List<DemoWeiboPost>(times.Count);
        for (var i = 0; i < times.Count; i++)
        {
            var topic = DemoCatalog.TitleTopics[DemoRandom.For("weibo_text", uid, (seed * 1000) + i).Next(DemoCatalog.TitleTopics.Length)];
            var unixSeconds = new DateTimeOffset(times[i], TimeSpan.FromHours(8)).ToUnixTimeSeconds();
            posts.Add(new DemoWeiboPost(4_000_000_000_000_000 + (unixSeconds * 1000) + suffix, times[i],
                $"【{countyShortName}】{topic}。#{countyShortName}新闻#", reposts[i], comments[i], likes[i]));
        }

        return posts;
    }

    // ---- feeds ------------------------------------------------------------------------------

    /// <summary>
    /// Every story of <paramref name="month"/> on an outlet's feed (or the own site's), oldest first:
    /// the stories <see cref="DemoHistory.ArticlesOf"/> places on the outlet that month, and as many
    /// more as make up the month's <paramref name="count"/>. Null for an unknown slug.
    /// </summary>
    public static IReadOnlyList<DemoArticle>? FeedStories(string slug, Period month, int count)
    {
        var ownSite = slug == DemoSourceLinks.OwnSiteSlug;
        var name = ownSite ? DemoSourceLinks.OwnSiteName : DemoSourceLinks.OutletSlugs.FirstOrDefault(o => o.Value == slug).Key;
        if (name is null)
        {
            return null;
        }

        var kind = ownSite ? ChannelKinds.OwnSite : ChannelKinds.NewsFeed;
        var seed = MonthSeed(month);
        var placed = ownSite ? [] : DemoHistory.ArticlesOf(month).Where(a => a.Outlet == name).ToList();
        var stories = new List<DemoArticle>(placed);
        var urls = placed.Select(a => a.Url).ToHashSet(StringComparer.Ordinal);
        var peers = ReferenceCatalog.Counties().Where(c => !c.IsHome).ToList();
        var times = Times(DemoRandom.For("feed_times", slug, seed), month, Math.Max(0, count - placed.Count));
        for (var i = 0; i < times.Count; i++)
        {
            var rng = DemoRandom.For("feed_story", slug, (seed * 1000) + i);
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
            stories.Add(new DemoArticle(name, url, title, times[i], kind));
        }

        return [.. stories.OrderBy(s => s.PublishedAtLocal).ThenBy(s => s.Url, StringComparer.Ordinal)];
    }

    // ---- commentator tasks ------------------------------------------------------------------

    /// <summary>The platform's tasks of <paramref name="month"/>: when each is done, its name and its size.</summary>
    public static IReadOnlyList<DemoTaskSlot> CommentatorTaskSlots(Period month)
    {
        var seed = MonthSeed(month);
        var times = Times(DemoRandom.For("commentator_tasks", ReferenceCatalog.HomeCountyCode, seed), month, CommentatorTasksPerMonth);
        var sizes = DemoRandom.For("commentator_task_sizes", ReferenceCatalog.HomeCountyCode, seed);
        return
        [
            .. times.Select((at, i) => new DemoTaskSlot(
                at,
                "转发评论：" + DemoCatalog.TitlePrefixes[0] + DemoCatalog.TitleTopics[(seed + (i * 7)) % DemoCatalog.TitleTopics.Length],
                sizes.Between(0.5, 1.5))),
        ];
    }

    /// <summary>
    /// One commentator's tasks of the month done by <paramref name="now"/>: their month's reposts and
    /// replies shared over the month's tasks. All the month's tasks add up to the month exactly.
    /// </summary>
    public static IEnumerable<DemoCommentatorTask> CommentatorTasks(
        IReadOnlyList<DemoTaskSlot> slots, string name, string? externalId, string? unit, Period month, int reposts, int replies, DateTime now)
    {
        var noise = DemoRandom.For("commentator_task_share", name, MonthSeed(month));
        var weights = slots.Select(s => s.Weight * noise.Between(0.7, 1.3)).ToArray();
        var r = DemoRandom.Allocate(reposts, weights);
        var p = DemoRandom.Allocate(replies, weights);
        for (var i = 0; i < slots.Count && slots[i].At <= now; i++)
        {
            yield return new DemoCommentatorTask(name, externalId, unit, slots[i].Task, DateOnly.FromDateTime(slots[i].At), r[i], p[i]);
        }
    }
}

/// <summary>One task the commentator platform hands out: when it is done, its name, and how big it is against the others.</summary>
internal sealed record DemoTaskSlot(DateTime At, string Task, double Weight);

/// <summary>A Sina account's month as the demo history stores it.</summary>
internal sealed record DemoWeiboMonth(double Posts, double Reposts, double Comments, double Likes);
