using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Demo;

/// <summary>
/// The demo sources of the seeded demo app, read as the collectors read them (anonymous HTTP) and
/// compared with the demo history stored in its database.
/// </summary>
[Collection(DemoAppGroup.Name)]
public sealed class DemoSourceEndpointsTests(DemoAppFactory app)
{
    private const string Token = "demo-token-not-a-secret";
    private static readonly string HomeUid = DemoSourceLinks.WeiboUid(ReferenceCatalog.HomeCountyCode);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // ---- Weibo ------------------------------------------------------------------------------

    [Fact]
    public async Task Users_show_answers_in_the_Weibo_format_for_the_home_account()
    {
        using var client = app.CreateApiClient(null);

        using var json = await GetJsonAsync(client, $"/demo/weibo/2/users/show.json?uid={HomeUid}&access_token={Token}");

        var user = json.RootElement;
        Assert.Equal(long.Parse(HomeUid, CultureInfo.InvariantCulture), user.GetProperty("id").GetInt64());
        Assert.Equal("九江瑞昌发布", user.GetProperty("screen_name").GetString());
        Assert.True(user.GetProperty("followers_count").GetInt64() > 100_000);
        Assert.True(user.GetProperty("statuses_count").GetInt64() > 10_000);
        Assert.InRange(user.GetProperty("friends_count").GetInt32(), 1, 1000);
    }

    [Fact]
    public async Task Followers_move_a_little_at_every_call_and_never_go_down()
    {
        using var client = app.CreateApiClient(null);
        var uid = DemoSourceLinks.WeiboUid("360424");

        var followers = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            using var json = await GetJsonAsync(client, $"/demo/weibo/2/users/show.json?uid={uid}&access_token={Token}");
            followers.Add(json.RootElement.GetProperty("followers_count").GetInt64());
        }

        Assert.All(followers.Zip(followers.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, 1, 3));
    }

    [Theory]
    [InlineData(ReferenceCatalog.HomeCountyCode, "九江瑞昌发布")]
    [InlineData("360423", "武宁发布")]
    public async Task Followers_start_from_the_stored_current_month_of_the_account_within_one_percent(string county, string account)
    {
        using var client = app.CreateApiClient(null);
        var stored = await StoredAsync(MetricKeys.WeiboFollowers, county, account, CurrentMonth());

        using var json = await GetJsonAsync(client, $"/demo/weibo/2/users/show.json?uid={DemoSourceLinks.WeiboUid(county)}&access_token={Token}");

        var followers = json.RootElement.GetProperty("followers_count").GetInt64();
        Assert.Equal(account, json.RootElement.GetProperty("screen_name").GetString());
        Assert.InRange(followers, stored + 1, stored * 1.01);
    }

    [Theory]
    [InlineData("users/show.json", null)]
    [InlineData("users/show.json", "someone-elses-token")]
    [InlineData("statuses/user_timeline.json", "wrong")]
    public async Task A_call_without_the_demo_token_gets_401_with_the_Weibo_error(string api, string? token)
    {
        using var client = app.CreateApiClient(null);
        var query = token is null ? $"uid={HomeUid}" : $"uid={HomeUid}&access_token={token}";

        using var response = await client.GetAsync($"/demo/weibo/2/{api}?{query}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_access_token", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(21332, error.RootElement.GetProperty("error_code").GetInt32());
        Assert.Equal($"/2/{api}", error.RootElement.GetProperty("request").GetString());
    }

    [Fact]
    public async Task An_unknown_uid_gets_the_Weibo_error_for_a_missing_user()
    {
        using var client = app.CreateApiClient(null);

        using var response = await client.GetAsync($"/demo/weibo/2/users/show.json?uid=1234567890&access_token={Token}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(20003, error.RootElement.GetProperty("error_code").GetInt32());
    }

    [Theory]
    [InlineData(ReferenceCatalog.HomeCountyCode, "九江瑞昌发布")]
    [InlineData("360482", "共青城发布")]
    public async Task The_timeline_has_the_stored_previous_month_exactly_and_the_current_month_from_the_seed_on(string county, string account)
    {
        using var client = app.CreateApiClient(null);
        var uid = DemoSourceLinks.WeiboUid(county);

        var posts = new List<(long Id, DateTime At, int Reposts, int Comments, int Likes)>();
        var pages = new List<int>();
        for (var page = 1; ; page++)
        {
            using var json = await GetJsonAsync(client, $"/demo/weibo/2/statuses/user_timeline.json?uid={uid}&access_token={Token}&count=100&page={page}");
            var statuses = json.RootElement.GetProperty("statuses").EnumerateArray().ToList();
            Assert.True(json.RootElement.GetProperty("total_number").GetInt64() >= posts.Count + statuses.Count);
            if (statuses.Count == 0)
            {
                break;
            }

            pages.Add(statuses.Count);
            posts.AddRange(statuses.Select(s => (
                s.GetProperty("id").GetInt64(),
                DateTime.ParseExact(s.GetProperty("created_at").GetString()!, "ddd MMM dd HH:mm:ss '+0800' yyyy", CultureInfo.InvariantCulture),
                s.GetProperty("reposts_count").GetInt32(),
                s.GetProperty("comments_count").GetInt32(),
                s.GetProperty("attitudes_count").GetInt32())));
        }

        var now = NowInRuichang();
        var current = CurrentMonth();
        var previous = current.Previous();
        Assert.All(pages.SkipLast(1), size => Assert.Equal(100, size));
        Assert.Equal(posts.OrderByDescending(p => p.At).Select(p => p.Id), posts.Select(p => p.Id));
        Assert.Equal(posts.Count, posts.Select(p => p.Id).Distinct().Count());
        Assert.All(posts, p => Assert.True(p.At <= now && Period.MonthOf(DateOnly.FromDateTime(p.At)) >= previous));

        var last = posts.Where(p => Period.MonthOf(DateOnly.FromDateTime(p.At)) == previous).ToList();
        Assert.Equal(await StoredAsync(MetricKeys.WeiboPosts, county, account, previous), last.Count);
        Assert.Equal(await StoredAsync(MetricKeys.WeiboReposts, county, account, previous), last.Sum(p => p.Reposts));
        Assert.Equal(await StoredAsync(MetricKeys.WeiboComments, county, account, previous), last.Sum(p => p.Comments));
        Assert.Equal(await StoredAsync(MetricKeys.WeiboLikes, county, account, previous), last.Sum(p => p.Likes));

        var month = posts.Where(p => Period.MonthOf(DateOnly.FromDateTime(p.At)) == current).ToList();
        // The seeded month is what the timeline served when the app started; posts since come on top.
        Assert.InRange(month.Count, await StoredAsync(MetricKeys.WeiboPosts, county, account, current), int.MaxValue);
        Assert.InRange(month.Sum(p => p.Likes), await StoredAsync(MetricKeys.WeiboLikes, county, account, current), int.MaxValue);
    }

    // ---- feeds ------------------------------------------------------------------------------

    [Fact]
    public async Task Every_outlet_feed_is_RSS_of_this_months_stories_about_Ruichang_on_the_outlets_domain()
    {
        using var client = app.CreateApiClient(null);
        var current = CurrentMonth();

        foreach (var (outlet, slug) in DemoSourceLinks.OutletSlugs)
        {
            var (contentType, items, link) = await ReadFeedAsync(client, slug);

            var now = NowInRuichang();
            var host = new Uri(link).Host;
            Assert.StartsWith("application/rss+xml", contentType, StringComparison.Ordinal);
            Assert.All(items, item =>
            {
                Assert.Contains("瑞昌", item.Title, StringComparison.Ordinal);
                Assert.Equal(Uri.UriSchemeHttps, item.Link.Scheme);
                Assert.Equal(host, item.Link.Host);
                Assert.Equal(current, Period.MonthOf(DateOnly.FromDateTime(item.PubDate)));
                Assert.True(item.PubDate <= now);
            });
            Assert.Equal(items.Count, items.Select(i => i.Link).Distinct().Count());
            Assert.InRange(items.Count, await StoredAsync(MetricKeys.ArticlePlacements, ReferenceCatalog.HomeCountyCode, outlet, current), int.MaxValue);
        }
    }

    [Fact]
    public async Task The_feeds_carry_the_stories_the_demo_history_stored_this_month()
    {
        using var client = app.CreateApiClient(null);
        await using var db = app.Database.CreateContext();
        var start = TimeZoneInfo.ConvertTimeToUtc(CurrentMonth().Start.ToDateTime(TimeOnly.MinValue), Shanghai);
        var stored = await db.Articles.Where(a => a.IsDemo && a.PublishedAtUtc >= start && a.Channel!.Kind == ChannelKinds.NewsFeed).Select(a => a.Url).ToListAsync();

        var links = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slug in DemoSourceLinks.OutletSlugs.Values)
        {
            var (_, items, _) = await ReadFeedAsync(client, slug);
            links.UnionWith(items.Select(i => i.Link.AbsoluteUri));
        }

        Assert.NotEmpty(stored);
        Assert.All(stored, url => Assert.Contains(url, links));
    }

    [Fact]
    public async Task A_story_keeps_its_link_title_and_date_from_one_call_to_the_next()
    {
        using var client = app.CreateApiClient(null);

        var (_, first, _) = await ReadFeedAsync(client, "xinhua");
        var (_, second, _) = await ReadFeedAsync(client, "xinhua");

        Assert.All(first, item => Assert.Contains(item, second));
    }

    [Fact]
    public async Task The_GB18030_feed_declares_gb2312_and_decodes_to_the_same_Chinese()
    {
        using var client = app.CreateApiClient(null);

        using var response = await client.GetAsync($"/demo/feeds/{DemoSourceLinks.GbFeedSlug}.xml");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("gb2312", response.Content.Headers.ContentType.CharSet);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"gb2312\"?>", Encoding.ASCII.GetString(bytes, 0, 40), StringComparison.Ordinal);
        var gb = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;
        Assert.True(Contains(bytes, gb.GetBytes("瑞昌")));
        Assert.False(Contains(bytes, Encoding.UTF8.GetBytes("瑞昌")));

        // The XML reader follows the declaration, as a collector's parser does.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var feed = XDocument.Load(new MemoryStream(bytes));
        var titles = feed.Descendants("item").Select(i => (string)i.Element("title")!).ToList();
        Assert.Equal("中国江西网", (string)feed.Root!.Element("channel")!.Element("title")!);
        Assert.All(titles, t => Assert.Contains("瑞昌", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_own_sites_feed_holds_its_stored_month_so_far_and_what_came_since()
    {
        using var client = app.CreateApiClient(null);

        var (_, items, _) = await ReadFeedAsync(client, DemoSourceLinks.OwnSiteSlug);

        var stored = await StoredAsync(MetricKeys.SiteArticles, ReferenceCatalog.HomeCountyCode, "瑞昌新闻网", CurrentMonth());
        var whole = DemoHistory.WholeMonths(CurrentMonth()).Figures
            .Single(f => f.MetricKey == MetricKeys.SiteArticles && f.Channel?.Name == "瑞昌新闻网" && f.Period == CurrentMonth()).Value;
        Assert.InRange(items.Count, stored, whole);
        Assert.All(items, i => Assert.Equal("www.rcxww.cn", i.Link.Host));
    }

    [Fact]
    public async Task An_unknown_feed_is_not_found()
    {
        using var client = app.CreateApiClient(null);

        using var response = await client.GetAsync("/demo/feeds/no-such-outlet.xml");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // ---- counters ---------------------------------------------------------------------------

    [Theory]
    [InlineData("mobile-paper", "江西手机报瑞昌报", "subscribers", MetricKeys.MobilePaperSubscribers, "issues_this_month", MetricKeys.MobilePaperIssues)]
    [InlineData("wechat", "瑞昌市新闻中心", "followers", MetricKeys.WeChatFollowers, "articles_this_month", MetricKeys.WeChatArticles)]
    public async Task A_counter_serves_the_stored_level_moving_up_a_little_and_this_months_count_from_the_seed_on(
        string path, string channel, string levelField, string levelMetric, string countField, string countMetric)
    {
        using var client = app.CreateApiClient(null);
        var month = CurrentMonth();
        var level = await StoredAsync(levelMetric, ReferenceCatalog.HomeCountyCode, channel, month);
        var count = await StoredAsync(countMetric, ReferenceCatalog.HomeCountyCode, channel, month);

        using var first = await GetJsonAsync(client, $"/demo/counters/{path}.json");
        using var second = await GetJsonAsync(client, $"/demo/counters/{path}.json");

        var a = first.RootElement.GetProperty("data");
        var b = second.RootElement.GetProperty("data");
        Assert.InRange(a.GetProperty(levelField).GetInt64(), level + 1, level * 1.01);
        Assert.InRange(b.GetProperty(levelField).GetInt64() - a.GetProperty(levelField).GetInt64(), 1, 3);
        Assert.InRange(a.GetProperty(countField).GetInt64(), count, count + 3);
        Assert.InRange(b.GetProperty(countField).GetInt64(), a.GetProperty(countField).GetInt64(), count + 3);
    }

    // ---- commentators -----------------------------------------------------------------------

    [Fact]
    public async Task The_commentator_export_is_a_UTF8_CSV_with_BOM_of_this_months_tasks_by_the_known_commentators()
    {
        using var client = app.CreateApiClient(null);

        using var response = await client.GetAsync("/demo/commentators/export.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("姓名,编号,单位,任务,日期,转发数,跟帖数", lines[0]);

        await using var db = app.Database.CreateContext();
        var month = CurrentMonth();
        var team = await db.Commentators.Where(c => c.County!.IsHome).ToDictionaryAsync(c => c.Name);
        var stored = await db.CommentatorActivity.Where(a => a.Month == month.Start).ToDictionaryAsync(a => a.CommentatorId);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var today = DateOnly.FromDateTime(NowInRuichang());
        Assert.All(rows, r =>
        {
            Assert.Equal(7, r.Length);
            Assert.Equal(team[r[0]].ExternalId, r[1]);
            var date = DateOnly.ParseExact(r[4], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.True(Period.MonthOf(date) == month && date <= today);
        });
        foreach (var member in rows.GroupBy(r => r[0]))
        {
            var activity = stored[team[member.Key].Id];
            Assert.InRange(member.Sum(r => int.Parse(r[5], CultureInfo.InvariantCulture)), activity.Reposts, int.MaxValue);
            Assert.InRange(member.Sum(r => int.Parse(r[6], CultureInfo.InvariantCulture)), activity.Replies, int.MaxValue);
        }

        Assert.True(rows.Count == 0 || rows.Select(r => r[0]).Distinct().Count() == team.Count);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static DateTime NowInRuichang() => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime;

    private static Period CurrentMonth() => Period.MonthOf(DateOnly.FromDateTime(NowInRuichang()));

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A channel's stored month value of a metric (the demo history's, as collection is off).</summary>
    private async Task<double> StoredAsync(string metric, string county, string channel, Period month)
    {
        await using var db = app.Database.CreateContext();
        return await db.Observations
            .Where(o => o.Metric!.Key == metric && o.County!.Code == county && o.Channel!.Name == channel
                && o.Granularity == PeriodGranularity.Month && o.PeriodStart == month.Start)
            .Select(o => o.Value).SingleAsync();
    }

    private sealed record FeedItem(string Title, Uri Link, DateTime PubDate);

    private static async Task<(string ContentType, List<FeedItem> Items, string Link)> ReadFeedAsync(HttpClient client, string slug)
    {
        using var response = await client.GetAsync($"/demo/feeds/{slug}.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var feed = XDocument.Load(await response.Content.ReadAsStreamAsync());
        var channel = feed.Root!.Element("channel")!;
        Assert.Equal("2.0", (string?)feed.Root.Attribute("version"));
        var items = channel.Elements("item").Select(i => new FeedItem(
                (string)i.Element("title")!,
                new Uri((string)i.Element("link")!, UriKind.Absolute),
                DateTime.ParseExact((string)i.Element("pubDate")!, "ddd, dd MMM yyyy HH:mm:ss '+0800'", CultureInfo.InvariantCulture)))
            .ToList();
        Assert.All(channel.Elements("item"), i => Assert.False(string.IsNullOrWhiteSpace((string?)i.Element("description"))));
        return (response.Content.Headers.ContentType!.ToString(), items, (string)channel.Element("link")!);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
