using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Articles;

/// <summary>How stories are stored and counted: whole article runs on a fixed clock (10:00 on 8 October 2014 in Ruichang).</summary>
public sealed class ArticleItemsTests() : CollectorTest(new DateTimeOffset(2014, 10, 8, 2, 0, 0, TimeSpan.Zero))
{
    private static string Feed(params (string Title, string Link, string? PubDate)[] items) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>人民网</title>" +
        string.Concat(items.Select(i => $"<item><title>{i.Title}</title><link>{i.Link}</link>{(i.PubDate is null ? "" : $"<pubDate>{i.PubDate}</pubDate>")}</item>")) +
        "</channel></rss>";

    private static readonly (string, string, string?) OldUndated1 = ("瑞昌铜岭遗址保护工程启动", "https://jx.people.com.cn/n/old1.html", null);
    private static readonly (string, string, string?) OldUndated2 = ("瑞昌山药文化节开幕", "https://jx.people.com.cn/n/old2.html", null);
    private static readonly (string, string, string?) Dated = ("瑞昌召开宣传工作会议", "https://jx.people.com.cn/n/dated.html", "Tue, 30 Sep 2014 08:00:00 +0800");

    [Fact]
    public async Task On_a_channels_first_read_undated_stories_are_kept_as_already_seen_and_not_counted()
    {
        Server.Serve("/people.xml", Feed(OldUndated1, OldUndated2, Dated), "application/rss+xml; charset=utf-8");
        var channel = await PointAsync("人民网", "/people.xml");

        var run = await RunAsync(CollectionJobDefinitions.Articles);

        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        // The dated story counts in its month; the backlog counts nowhere, least of all in October.
        Assert.Equal(1, await StoredAsync(MetricKeys.ArticlePlacements, 2014, 9, channel));
        Assert.Null(await StoredAsync(MetricKeys.ArticlePlacements, 2014, 10, channel));
        await using var db = Host.Database.CreateContext();
        Assert.Equal(2, await db.Articles.CountAsync(a => a.IsBacklog && a.IsUndated));
        var source = await SourceResultAsync(run, channel);
        Assert.Contains("2 篇稿件没有发布日期：这是该渠道的首次采集", source.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_first_read_a_new_undated_story_counts_in_the_month_it_was_first_seen()
    {
        Server.Serve("/people.xml", Feed(OldUndated1, OldUndated2), "application/rss+xml; charset=utf-8");
        var channel = await PointAsync("人民网", "/people.xml");
        await RunAsync(CollectionJobDefinitions.Articles);

        Time.Advance(TimeSpan.FromDays(1));
        Server.Serve("/people.xml", Feed(("瑞昌新闻发布会召开", "https://jx.people.com.cn/n/new.html", null), OldUndated1, OldUndated2), "application/rss+xml; charset=utf-8");
        var run = await RunAsync(CollectionJobDefinitions.Articles);

        Assert.Equal(1, await StoredAsync(MetricKeys.ArticlePlacements, 2014, 10, channel));
        await using var db = Host.Database.CreateContext();
        var story = await db.Articles.SingleAsync(a => a.CanonicalUrl == "https://jx.people.com.cn/n/new.html");
        Assert.Equal((true, false), (story.IsUndated, story.IsBacklog));
        Assert.Equal(new DateTime(2014, 10, 9, 2, 0, 0), story.PublishedAtUtc);
        Assert.Contains("1 篇新稿件没有发布日期，按首次发现计入 2014年10月", (await SourceResultAsync(run, channel)).Note, StringComparison.Ordinal);

        // Read again, nothing is new: the count stays.
        Time.Advance(TimeSpan.FromDays(30));
        await RunAsync(CollectionJobDefinitions.Articles);
        Assert.Equal(1, await StoredAsync(MetricKeys.ArticlePlacements, 2014, 10, channel));
        Assert.Null(await StoredAsync(MetricKeys.ArticlePlacements, 2014, 11, channel));
    }

    [Fact]
    public async Task Placements_of_several_counties_and_months_are_counted_from_the_stored_stories()
    {
        Server.Serve("/people.xml", Feed(
            ("瑞昌与武宁签订旅游合作协议", "https://jx.people.com.cn/n/a.html", "Tue, 30 Sep 2014 08:00:00 +0800"),
            ("瑞昌山药喜获丰收", "https://jx.people.com.cn/n/b.html", "Wed, 01 Oct 2014 08:00:00 +0800"),
            ("武宁县召开会议", "https://jx.people.com.cn/n/c.html", "Wed, 01 Oct 2014 09:00:00 +0800"),
            // 23:30 on 31 August in UTC is 07:30 on 1 September in Ruichang.
            ("瑞昌秋季招商", "https://jx.people.com.cn/n/d.html", "Sun, 31 Aug 2014 23:30:00 GMT")), "application/rss+xml; charset=utf-8");
        var channel = await PointAsync("人民网", "/people.xml");

        await RunAsync(CollectionJobDefinitions.Articles);

        await using var db = Host.Database.CreateContext();
        var counts = await db.Observations.Where(o => o.ChannelId == channel)
            .Select(o => new { o.County!.Code, o.PeriodStart, o.Value })
            .ToListAsync();
        Assert.Equal(
            new[] { ("360423", new DateOnly(2014, 9, 1), 1.0), ("360423", new DateOnly(2014, 10, 1), 1.0), ("360481", new DateOnly(2014, 9, 1), 2.0), ("360481", new DateOnly(2014, 10, 1), 1.0) },
            counts.Select(c => (c.Code, c.PeriodStart, c.Value)).OrderBy(c => c.Code).ThenBy(c => c.PeriodStart));
    }
}
