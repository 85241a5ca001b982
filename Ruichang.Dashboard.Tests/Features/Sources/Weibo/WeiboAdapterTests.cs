using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Weibo;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Weibo;

/// <summary>The Weibo adapter against a Weibo-compatible API on loopback, answering in the open API v2's formats.</summary>
public sealed class WeiboAdapterTests : IAsyncLifetime
{
    private const string Token = "2.00Ruichang_SECRET_token4Tests";
    private const string Uid = "2803301701";
    private const string UserPath = "/2/users/show.json";
    private const string TimelinePath = "/2/statuses/user_timeline.json";

    // 10:00 on 15 October 2014 in Ruichang: the current month is October, the previous one September.
    private static readonly DateTimeOffset MidOctober = new(2014, 10, 15, 2, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentQueue<IQueryCollection> _timelineQueries = new();
    private LoopbackServer _server = default!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Followers_and_the_two_months_counters_come_from_the_user_and_the_timeline()
    {
        ServeUser(followers: 30125);
        ServeTimeline(
            [
                // Pinned to the top although it is from March: it must neither count nor end the reading.
                Post(3690000000000001, "Sat Mar 15 09:00:00 +0800 2014", 120, 45, 300, "【置顶】瑞昌市第十五届人民代表大会第四次会议隆重开幕"),
                Post(3765000000000005, "Tue Oct 14 20:15:00 +0800 2014", 12, 3, 25, "【瑞昌】剪纸艺术走进校园，传承非遗文化"),
                Post(3765000000000004, "Sat Oct 11 08:30:00 +0800 2014", 30, 8, 41, "#瑞昌发布# 瑞昌山药迎来丰收季，亩产超过三千斤"),
                Post(3765000000000003, "Wed Oct 01 10:00:00 +0800 2014", 5, 1, 9, "国庆假期瑞昌各景区接待游客十二万人次"),
                Post(3760000000000002, "Tue Sep 30 18:00:00 +0800 2014", 7, 2, 11, "瑞昌市举行烈士纪念日公祭活动"),
                Post(3760000000000001, "Mon Sep 15 09:45:00 +0800 2014", 20, 6, 33, "【通知】瑞昌市2014年秋季征兵工作开始"),
            ],
            [
                // A new post moved the timeline while it was read: the last post of page 1 comes again.
                Post(3760000000000001, "Mon Sep 15 09:45:00 +0800 2014", 20, 6, 33, "【通知】瑞昌市2014年秋季征兵工作开始"),
                Post(3760000000000000, "Mon Sep 01 07:30:00 +0800 2014", 4, 0, 6, "瑞昌市中小学秋季开学，新建校舍投入使用"),
                Post(3755000000000009, "Fri Aug 29 16:00:00 +0800 2014", 9, 9, 9, "瑞昌市召开防汛抗旱工作会议"),
            ],
            [Post(3755000000000001, "Fri Aug 01 10:00:00 +0800 2014", 1, 1, 1, "八一建军节，瑞昌慰问驻地官兵")]);
        await using var host = await StartAsync();

        var reading = await Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None);

        var october = Period.Month(2014, 10);
        var september = Period.Month(2014, 9);
        Assert.Equal(
            [
                (MetricKeys.WeiboFollowers, "2014-10-15", 30125d),
                (MetricKeys.WeiboFollowers, "2014-10", 30125d),
                (MetricKeys.WeiboPosts, "2014-09", 3d),
                (MetricKeys.WeiboReposts, "2014-09", 31d),
                (MetricKeys.WeiboComments, "2014-09", 8d),
                (MetricKeys.WeiboLikes, "2014-09", 50d),
                (MetricKeys.WeiboPosts, "2014-10", 3d),
                (MetricKeys.WeiboReposts, "2014-10", 47d),
                (MetricKeys.WeiboComments, "2014-10", 12d),
                (MetricKeys.WeiboLikes, "2014-10", 75d),
            ],
            Rows(reading).Where(r => r.Item2.Length == 7 || r.Item1 == MetricKeys.WeiboFollowers));
        // Each day's posts of both months, a day without posts as zero, the current month up to today.
        var days = reading.Figures.Where(f => f.MetricKey == MetricKeys.WeiboPosts && f.Period.Granularity == PeriodGranularity.Day).ToList();
        Assert.Equal(
            Enumerable.Range(0, 45).Select(i => new DateOnly(2014, 9, 1).AddDays(i)),
            days.Select(d => d.Period.Start));
        Assert.Equal(
            new Dictionary<string, double> { ["2014-09-01"] = 1, ["2014-09-15"] = 1, ["2014-09-30"] = 1, ["2014-10-01"] = 1, ["2014-10-11"] = 1, ["2014-10-14"] = 1 },
            days.Where(d => d.Value != 0).ToDictionary(d => d.Period.ToString(), d => d.Value));
        Assert.DoesNotContain(reading.Figures, f => f.Period.Granularity == PeriodGranularity.Day && f.MetricKey is not (MetricKeys.WeiboPosts or MetricKeys.WeiboFollowers));
        // The user, and the 8 distinct posts of the two pages read; page 2 reached August, so page 3 is never asked for.
        Assert.Equal(9, reading.ItemsRead);
        Assert.Equal(2, _server.Hits(TimelinePath));
        Assert.Equal(["1", "2"], _timelineQueries.Select(q => q["page"].ToString()));
        Assert.All(_timelineQueries, q => Assert.Equal("100", q["count"]));
        Assert.Equal(WeiboIndex.Bci(3, 47, 12, 75), WeiboAdapter.AccountBci(reading.Figures, october));
        Assert.Equal(WeiboIndex.Bci(3, 31, 8, 50), WeiboAdapter.AccountBci(reading.Figures, september));
        Assert.Null(WeiboAdapter.AccountBci(reading.Figures, Period.Month(2014, 8)));
    }

    [Fact]
    public async Task A_post_counts_in_the_month_of_its_day_in_Ruichang_whatever_zone_its_time_is_written_in()
    {
        ServeUser(followers: 30560);
        ServeTimeline(
        [
            Post(3772000000000003, "Mon Nov 03 09:00:00 +0800 2014", 1, 1, 1, "瑞昌市召开十一月份重点工作调度会"),
            // 16:30 UTC on 31 October is half past midnight on 1 November in Ruichang.
            Post(3772000000000002, "Fri Oct 31 16:30:00 +0000 2014", 10, 10, 10, "瑞昌发布迎来三万粉丝，感谢大家关注"),
            // 15:59 UTC is still 31 October, 23:59, in Ruichang.
            Post(3772000000000001, "Fri Oct 31 15:59:00 +0000 2014", 100, 100, 100, "十月最后一天，瑞昌市民夜跑活动圆满结束"),
            Post(3769000000000001, "Tue Sep 30 12:00:00 +0800 2014", 1000, 1000, 1000, "瑞昌市庆祝中华人民共和国成立65周年"),
        ]);
        await using var host = await StartAsync(null, new FakeTimeProvider(new DateTimeOffset(2014, 11, 5, 2, 0, 0, TimeSpan.Zero)));

        var reading = await Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None);

        var posts = reading.Figures.Where(f => f.MetricKey == MetricKeys.WeiboPosts).ToDictionary(f => f.Period.ToString(), f => f.Value);
        var reposts = reading.Figures.Where(f => f.MetricKey == MetricKeys.WeiboReposts).ToDictionary(f => f.Period.ToString(), f => f.Value);
        Assert.Equal((1, 2), (posts["2014-10"], posts["2014-11"]));
        Assert.Equal((1, 1, 1), (posts["2014-10-31"], posts["2014-11-01"], posts["2014-11-03"]));
        Assert.Equal(3, posts.Count(p => p.Key.Length == 10 && p.Value != 0));
        Assert.Equal(new Dictionary<string, double> { ["2014-10"] = 100, ["2014-11"] = 11 }, reposts);
    }

    [Fact]
    public async Task The_previous_month_is_left_out_when_the_last_page_read_may_go_on_into_it()
    {
        ServeUser(followers: 30125);
        ServeTimeline(
            [
                Post(3765000000000002, "Mon Oct 13 11:00:00 +0800 2014", 3, 2, 1, "瑞昌市全面推进城乡环境综合整治"),
                Post(3765000000000001, "Thu Oct 02 11:00:00 +0800 2014", 3, 2, 1, "瑞昌市旅游市场秩序井然"),
                Post(3760000000000009, "Sun Sep 28 11:00:00 +0800 2014", 3, 2, 1, "瑞昌市第二届农民丰收节开幕"),
            ],
            [Post(3760000000000001, "Mon Sep 01 07:30:00 +0800 2014", 4, 0, 6, "瑞昌市中小学秋季开学")]);
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Sources:Weibo:TimelinePages"] = "1" });

        var reading = await Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None);

        // Page 1 ends in September: October is complete, September may go on beyond the one page allowed.
        Assert.Equal(1, _server.Hits(TimelinePath));
        Assert.Equal(2, reading.Figures.Single(f => f.MetricKey == MetricKeys.WeiboPosts && f.Period == Period.Month(2014, 10)).Value);
        Assert.DoesNotContain(reading.Figures, f => f.Period == Period.Month(2014, 9));
        // Nor any day of it: September's days would add up to less than its posts.
        Assert.DoesNotContain(reading.Figures, f => f.Period.Granularity == PeriodGranularity.Day && f.Period.Start.Month == 9);
    }

    [Fact]
    public async Task No_month_is_counted_when_the_pages_allowed_do_not_get_past_the_current_month()
    {
        ServeUser(followers: 30125);
        ServeTimeline(
            [
                Post(3765000000000002, "Tue Oct 14 11:00:00 +0800 2014", 3, 2, 1, "瑞昌市秋季运动会开幕"),
                Post(3765000000000001, "Mon Oct 13 11:00:00 +0800 2014", 3, 2, 1, "瑞昌市秋粮收购工作启动"),
            ],
            [Post(3760000000000001, "Sun Sep 28 11:00:00 +0800 2014", 3, 2, 1, "瑞昌市第二届农民丰收节开幕")]);
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Sources:Weibo:TimelinePages"] = "1" });

        var reading = await Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None);

        Assert.Equal([MetricKeys.WeiboFollowers], reading.Figures.Select(f => f.MetricKey).Distinct());
        Assert.Equal(3, reading.ItemsRead);
    }

    [Fact]
    public async Task A_timeline_that_ends_counts_both_months_even_a_month_without_posts()
    {
        ServeUser(followers: 1024);
        ServeTimeline([Post(3765000000000001, "Mon Oct 13 11:00:00 +0800 2014", 2, 1, 5, "瑞昌市民生博客开通啦")]);
        await using var host = await StartAsync();

        var reading = await Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None);

        Assert.Equal(2, _server.Hits(TimelinePath));
        Assert.Equal(1, reading.Figures.Single(f => f.MetricKey == MetricKeys.WeiboPosts && f.Period == Period.Month(2014, 10)).Value);
        Assert.Equal(
            [0d, 0d, 0d, 0d],
            reading.Figures.Where(f => f.Period == Period.Month(2014, 9)).Select(f => f.Value));
    }

    [Fact]
    public async Task An_API_error_becomes_a_Chinese_message_with_its_code_and_request()
    {
        _server.Serve(UserPath, """{"error":"expired_token","error_code":21327,"request":"/2/users/show.json"}""", "application/json;charset=UTF-8", status: 400);
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None));

        Assert.Contains("微博接口错误 21327（expired_token）：/2/users/show.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("九江瑞昌发布", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Hits(TimelinePath));
    }

    [Fact]
    public async Task A_broken_JSON_answer_fails_the_read()
    {
        _server.Serve(UserPath, """{"id":2803301701,"screen_name":"九江瑞昌发布","followers_count":301""", "application/json;charset=UTF-8");
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None));

        Assert.Contains("users/show.json 返回的不是有效的 JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_field_is_named_in_the_message()
    {
        _server.Serve(UserPath, """{"id":2803301701,"screen_name":"九江瑞昌发布","friends_count":512,"statuses_count":5832}""", "application/json;charset=UTF-8");
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None));

        Assert.Contains("微博接口返回的数据缺少 followers_count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_count_in_a_post_is_refused()
    {
        ServeUser(followers: 30125);
        ServeTimeline([Post(3765000000000001, "Mon Oct 13 11:00:00 +0800 2014", -3, 1, 5, "瑞昌市秋粮收购工作启动")]);
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None));

        Assert.Contains("第 1 页第 1 条微博（id 3765000000000001）中的 reposts_count 不是合理的数目：-3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_then_fails_the_read_without_the_token()
    {
        _server.Serve(UserPath, "<html><body><h1>500 Internal Server Error</h1></body></html>", "text/html", status: 500);
        // The real clock: the retries wait on it, and a fake one would never let them go on.
        await using var host = await StartAsync(null, time: null);

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None));

        Assert.Equal(4, _server.Hits(UserPath));
        Assert.Contains("微博接口 users/show.json 返回 HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_never_reaches_a_message_about_the_URL()
    {
        // A port that nobody listens on: the HTTP client's "cannot connect" message holds the whole URL.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var host = await CollectorHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Sources:Weibo:BaseUrl"] = $"http://127.0.0.1:{port}/2/",
                ["Sources:Weibo:AccessToken"] = Token,
                ["Sources:Http:MaxRetries"] = "0",
            });

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None));

        Assert.Contains("/2/users/show.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_access_token_the_channel_is_misconfigured_and_nothing_is_asked()
    {
        ServeUser(followers: 30125);
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Sources:Weibo:AccessToken"] = " " });

        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => Adapter(host).ReadAsync(SinaChannel(), host.Context(), CancellationToken.None));

        Assert.Contains("Sources:Weibo:AccessToken", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Hits(UserPath));
    }

    [Theory]
    [InlineData("tencent")]
    [InlineData("jxweibo")]
    public async Task An_account_on_a_platform_without_an_API_is_refused(string platform)
    {
        ServeUser(followers: 30125);
        await using var host = await StartAsync();
        var channel = SinaChannel();
        channel.Platform = platform;

        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => Adapter(host).ReadAsync(channel, host.Context(), CancellationToken.None));

        Assert.Contains($"平台 {platform} 没有可采集的接口", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Hits(UserPath));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("九江瑞昌发布")]
    public async Task An_account_without_a_numeric_uid_is_misconfigured(string? externalId)
    {
        await using var host = await StartAsync();
        var channel = SinaChannel();
        channel.ExternalId = externalId;

        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => Adapter(host).ReadAsync(channel, host.Context(), CancellationToken.None));

        Assert.Contains("外部ID（externalId）", error.Message, StringComparison.Ordinal);
    }

    private Task<CollectorHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(settings, new FakeTimeProvider(MidOctober));

    private Task<CollectorHost> StartAsync(IReadOnlyDictionary<string, string?>? settings, FakeTimeProvider? time)
    {
        var all = new Dictionary<string, string?>
        {
            ["Sources:Weibo:BaseUrl"] = _server.Url("/2/").ToString(),
            ["Sources:Weibo:AccessToken"] = Token,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return CollectorHost.StartAsync(all, time: time);
    }

    private static WeiboAdapter Adapter(CollectorHost host) => ActivatorUtilities.CreateInstance<WeiboAdapter>(host.Services);

    private static Channel SinaChannel() =>
        new() { Id = 9, Kind = ChannelKinds.Weibo, Name = "九江瑞昌发布", Platform = "sina", ExternalId = Uid };

    private static IEnumerable<(string, string, double)> Rows(SourceReading reading) =>
        reading.Figures.Select(f => (f.MetricKey, f.Period.ToString(), f.Value));

    // The API answers a request without the right token and uid as it answers a bad token.
    private static async Task<bool> AuthorizedAsync(HttpContext context)
    {
        if (context.Request.Query["access_token"] == Token && context.Request.Query["uid"] == Uid)
        {
            return true;
        }

        context.Response.StatusCode = 403;
        context.Response.ContentType = "application/json;charset=UTF-8";
        await context.Response.WriteAsync($$"""{"error":"invalid_access_token","error_code":21332,"request":"{{context.Request.Path}}"}""");
        return false;
    }

    private void ServeUser(long followers) => _server.Map(UserPath, async context =>
    {
        if (await AuthorizedAsync(context))
        {
            context.Response.ContentType = "application/json;charset=UTF-8";
            await context.Response.WriteAsync($$"""
                {"id":2803301701,"idstr":"2803301701","class":1,"screen_name":"九江瑞昌发布","name":"九江瑞昌发布","province":"36","city":"4",
                 "location":"江西 九江","description":"中共瑞昌市委宣传部官方微博，发布瑞昌权威信息","url":"","profile_image_url":"http://tp2.sinaimg.cn/2803301701/50/40012345678/1",
                 "domain":"rcfb","weihao":"","gender":"m","followers_count":{{followers}},"friends_count":512,"pagefriends_count":0,"statuses_count":5832,
                 "favourites_count":12,"created_at":"Tue May 08 10:21:32 +0800 2012","following":false,"allow_all_act_msg":false,"geo_enabled":true,
                 "verified":true,"verified_type":1,"verified_reason":"江西省瑞昌市委宣传部官方微博","lang":"zh-cn","star":0,"mbtype":0,"mbrank":0,"block_word":0}
                """);
        }
    });

    private void ServeTimeline(params string[][] pages) => _server.Map(TimelinePath, async context =>
    {
        _timelineQueries.Enqueue(context.Request.Query);
        if (await AuthorizedAsync(context))
        {
            var page = int.Parse(context.Request.Query["page"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var posts = page <= pages.Length ? pages[page - 1] : [];
            context.Response.ContentType = "application/json;charset=UTF-8";
            await context.Response.WriteAsync(
                $$"""{"statuses":[{{string.Join(",", posts)}}],"marks":[],"hasvisible":false,"previous_cursor":0,"next_cursor":0,"total_number":5832,"interval":0}""");
        }
    });

    private static string Post(long id, string createdAt, int reposts, int comments, int likes, string text) => $$$"""
        {"created_at":"{{{createdAt}}}","id":{{{id}}},"idstr":"{{{id}}}","mid":"{{{id}}}","text":"{{{text}}}",
         "source":"<a href=\"http://app.weibo.com/t/feed/5yiHuw\" rel=\"nofollow\">iPhone 5s</a>","favorited":false,"truncated":false,
         "in_reply_to_status_id":"","in_reply_to_user_id":"","in_reply_to_screen_name":"","pic_urls":[],"geo":null,
         "user":{"id":2803301701,"idstr":"2803301701","screen_name":"九江瑞昌发布"},
         "reposts_count":{{{reposts}}},"comments_count":{{{comments}}},"attitudes_count":{{{likes}}},"mlevel":0,"visible":{"type":0,"list_id":0}}
        """;
}
