using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.CollectionJobs;

/// <summary>Whole job runs: real adapters against a loopback server, the real store on SQLite, the run history.</summary>
public sealed class CollectionRunnerTests : CollectorTest
{
    private const string Export =
        "姓名,编号,单位,任务,日期,转发数,跟帖数\n" +
        "张丽,RC001,市委宣传部,转发《瑞昌铜岭铜矿遗址保护工程启动》,2014-09-03,12,5\n" +
        "张丽,RC001,市委宣传部,跟帖《瑞昌山药文化节》,2014-09-20,8,2\n" +
        "王建国,RC002,湓城街道,转发《九江瑞昌发布》微博,2014-10-05,30,4\n";

    private const string Ranking =
        "排名,微博名称,总分,影响力,活跃度,覆盖度,传播度\n" +
        "1,江西发布,95.2,96,94,95,96\n" +
        "13,九江瑞昌发布,80.1,79,82,80,81\n";

    private Task<int> UseCommentatorExportAsync(string path) => PointAsync("瑞昌网评员队伍", path);

    private Task<int> AddRankingListAsync(string name, string path) =>
        AddChannelAsync(ChannelKinds.RankingList, name, path, """{"format":"csv","listName":"江西政务微博排行榜","period":"2014-Q3"}""");

    [Fact]
    public async Task A_run_stores_the_export_and_records_itself()
    {
        Server.Serve("/export.csv", Export, "text/csv; charset=utf-8");
        var channelId = await UseCommentatorExportAsync("/export.csv");

        var run = await Runner.RunAsync(CollectionJobDefinitions.All.Single(j => j.Key == CollectionJobDefinitions.Commentators), "test", CancellationToken.None);

        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        Assert.Equal(3, run.ItemsRead);
        Assert.True(run.ItemsWritten > 0);
        Assert.Equal(20, await StoredAsync(MetricKeys.CommentatorReposts, 2014, 9));
        Assert.Equal(7, await StoredAsync(MetricKeys.CommentatorReplies, 2014, 9));
        Assert.Equal(1, await StoredAsync(MetricKeys.CommentatorCount, 2014, 9));
        Assert.Equal(30, await StoredAsync(MetricKeys.CommentatorReposts, 2014, 10));
        await using var db = Host.Database.CreateContext();
        var stored = await db.JobRuns.Include(r => r.Sources).SingleAsync();
        Assert.Equal((JobRunStatus.Succeeded, "test"), (stored.Status, stored.TriggeredBy));
        Assert.NotNull(stored.EndedAtUtc);
        var source = Assert.Single(stored.Sources);
        Assert.Equal((channelId, true, 3), (source.ChannelId, source.Succeeded, source.ItemsRead));
        // Commentators the team did not know are added, not dropped.
        Assert.Equal(["张丽", "王建国"], await db.Commentators.OrderBy(c => c.ExternalId).Select(c => c.Name).ToListAsync());
        Assert.NotNull((await db.Channels.SingleAsync(c => c.Id == channelId)).LastSuccessAtUtc);
    }

    [Fact]
    public async Task A_second_run_over_the_same_data_writes_nothing_and_raises_only_freshness_notices()
    {
        Server.Serve("/export.csv", Export, "text/csv; charset=utf-8");
        Server.Serve("/ranking.csv", Ranking, "text/csv; charset=utf-8");
        await UseCommentatorExportAsync("/export.csv");
        await AddRankingListAsync("省政务微博榜", "/ranking.csv");
        var notices = new List<ChangeNotice>();
        using var subscription = Host.Services.GetRequiredService<ChangeNotifier>().Subscribe(n =>
        {
            lock (notices)
            {
                notices.Add(n);
            }

            return Task.CompletedTask;
        });
        var commentators = CollectionJobDefinitions.Find(CollectionJobDefinitions.Commentators)!;
        var rankings = CollectionJobDefinitions.Find(CollectionJobDefinitions.Rankings)!;

        await Runner.RunAsync(commentators, "test", CancellationToken.None);
        await Runner.RunAsync(rankings, "test", CancellationToken.None);
        // Notices are delivered on the thread pool, after each source's commit.
        await Eventually.TrueAsync(() =>
        {
            lock (notices)
            {
                return Task.FromResult(notices.Count == 2);
            }
        });
        Assert.Contains(notices, n => n.MetricKeys.Contains(MetricKeys.CommentatorReposts));
        Assert.Contains(notices, n => n.MetricKeys.Contains(ChangeNotice.ExternalRankings));
        var before = await SnapshotAsync();

        var again = await Runner.RunAsync(commentators, "test", CancellationToken.None);
        var rankingAgain = await Runner.RunAsync(rankings, "test", CancellationToken.None);

        Assert.Equal((JobRunStatus.Succeeded, 0), (again.Status, again.ItemsWritten));
        Assert.Equal((JobRunStatus.Succeeded, 0), (rankingAgain.Status, rankingAgain.ItemsWritten));
        Assert.Equal(before, await SnapshotAsync());
        // Nothing changed but each source's "as of" time: the open pages are told that much.
        await Eventually.TrueAsync(() =>
        {
            lock (notices)
            {
                return Task.FromResult(notices.Count == 4);
            }
        });
        Assert.All(notices.Skip(2), n => Assert.True(n.IsFreshnessOnly && n.CountyIds.Count == 1));
    }

    [Fact]
    public async Task A_failing_source_is_recorded_and_keeps_its_earlier_figures_while_the_others_are_stored()
    {
        Server.Serve("/export.csv", Export, "text/csv; charset=utf-8");
        var channelId = await UseCommentatorExportAsync("/export.csv");
        var job = CollectionJobDefinitions.Find(CollectionJobDefinitions.Commentators)!;
        await Runner.RunAsync(job, "test", CancellationToken.None);
        DateTime? lastSuccess;
        await using (var db = Host.Database.CreateContext())
        {
            lastSuccess = (await db.Channels.SingleAsync(c => c.Id == channelId)).LastSuccessAtUtc;
        }

        var before = await SnapshotAsync();
        Server.Serve("/export.csv", "服务器错误", "text/plain; charset=utf-8", status: 500);

        var run = await Runner.RunAsync(job, "test", CancellationToken.None);

        Assert.Equal(JobRunStatus.Failed, run.Status);
        Assert.Contains("HTTP 500", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        await using var after = Host.Database.CreateContext();
        var channel = await after.Channels.SingleAsync(c => c.Id == channelId);
        Assert.Equal(lastSuccess, channel.LastSuccessAtUtc);
        Assert.Contains("HTTP 500", channel.LastError, StringComparison.Ordinal);
        Assert.NotNull(channel.LastAttemptAtUtc);
    }

    [Theory]
    [InlineData("malformed")]
    [InlineData("slow")]
    [InlineData("huge")]
    [InlineData("redirect-to-private")]
    [InlineData("always-busy")]
    public async Task A_broken_source_beside_a_good_one_makes_the_run_partly_failed(string fault)
    {
        Server.Serve("/good.csv", Ranking, "text/csv; charset=utf-8");
        switch (fault)
        {
            case "malformed":
                Server.Serve("/bad.csv", "排名,微博名称\n一,九江瑞昌发布\n", "text/csv; charset=utf-8");
                break;
            case "slow":
                Server.Map("/bad.csv", async context =>
                {
                    await context.Response.WriteAsync("排名,微博名称\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                });
                break;
            case "redirect-to-private":
                // Refused before any connection is made: 10.0.0.1 is neither listed nor public.
                Server.Map("/bad.csv", context =>
                {
                    context.Response.Redirect("http://10.0.0.1/ranking.csv");
                    return Task.CompletedTask;
                });
                break;
            case "always-busy":
                Server.Map("/bad.csv", context =>
                {
                    context.Response.StatusCode = 429;
                    context.Response.Headers.RetryAfter = "1";
                    return Task.CompletedTask;
                });
                break;
            default:
                Server.Serve("/bad.csv", new byte[2 * 1024 * 1024], "text/csv");
                break;
        }

        var good = await AddRankingListAsync("省政务微博榜", "/good.csv");
        var bad = await AddRankingListAsync("市月度通报", "/bad.csv");

        var run = await Runner.RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Rankings)!, "test", CancellationToken.None);

        Assert.Equal(JobRunStatus.PartlyFailed, run.Status);
        await using var db = Host.Database.CreateContext();
        var sources = await db.JobRunSources.Where(s => s.JobRunId == run.Id).ToDictionaryAsync(s => s.ChannelId!.Value);
        Assert.True(sources[good].Succeeded);
        Assert.False(sources[bad].Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(sources[bad].Error));
        Assert.Equal(2, await db.ExternalRankingEntries.CountAsync());
    }

    [Fact]
    public async Task A_misconfigured_channel_is_a_recorded_failure_naming_the_option_and_nothing_is_fetched()
    {
        await using (var db = Host.Database.CreateContext())
        {
            var paper = await db.Channels.SingleAsync(c => c.Kind == ChannelKinds.MobilePaper);
            (paper.Url, paper.IsEnabled) = (Server.Url("/paper.json").ToString(), true);
            await db.SaveChangesAsync();
        }

        var run = await Runner.RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Counters)!, "test", CancellationToken.None);

        Assert.Equal(JobRunStatus.Failed, run.Status);
        Assert.Contains("fields", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, Server.Hits("/paper.json"));
    }

    [Fact]
    public async Task Fifty_dashboards_that_take_their_time_over_each_notice_do_not_hold_up_a_run()
    {
        Server.Serve("/export.csv", Export, "text/csv; charset=utf-8");
        Server.Serve("/ranking.csv", Ranking, "text/csv; charset=utf-8");
        await UseCommentatorExportAsync("/export.csv");
        var notifier = Host.Services.GetRequiredService<ChangeNotifier>();
        // Each page's re-read takes as long as the test says: until the run has ended.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reread = 0;
        var pages = Enumerable.Range(0, 50).Select(_ => notifier.Subscribe(async _ =>
        {
            await gate.Task;
            Interlocked.Increment(ref reread);
        })).ToList();

        var run = await Runner.RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Commentators)!, "test", CancellationToken.None);

        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        Assert.Equal(0, Volatile.Read(ref reread));
        gate.SetResult();
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref reread) == 50));
        pages.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task Each_source_read_is_one_log_line_information_when_it_succeeds_and_a_warning_when_it_fails()
    {
        await using var host = await CollectorHost.StartAsync(database: Host.Database, logging: l => l.AddFakeLogging().AddFilter(typeof(CollectionRunner).FullName, LogLevel.Information));
        Server.Serve("/good.csv", Ranking, "text/csv; charset=utf-8");
        Server.Serve("/bad.csv", "服务器错误", "text/plain; charset=utf-8", status: 404);
        await AddRankingListAsync("省政务微博榜", "/good.csv");
        await AddRankingListAsync("市月度通报", "/bad.csv");

        await host.Services.GetRequiredService<CollectionRunner>().RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Rankings)!, "test", CancellationToken.None);

        var lines = host.Services.GetRequiredService<FakeLogCollector>().GetSnapshot()
            .Where(r => r.Category == typeof(CollectionRunner).FullName).ToList();
        var good = Assert.Single(lines, r => r.Message.Contains("省政务微博榜", StringComparison.Ordinal));
        var bad = Assert.Single(lines, r => r.Message.Contains("市月度通报", StringComparison.Ordinal));
        Assert.Equal((LogLevel.Information, LogLevel.Warning), (good.Level, bad.Level));
        Assert.Contains("HTTP 404", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_past_its_time_budget_fails_with_that_message_and_the_run_goes_on()
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:ReadTimeout"] = "00:00:00.500",
            ["Sources:Http:AttemptTimeout"] = "00:01:00",
            ["Sources:Http:TotalTimeout"] = "00:02:00",
        }, Host.Database);
        Server.Serve("/good.csv", Ranking, "text/csv; charset=utf-8");
        Server.Map("/stuck.csv", async context => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        var good = await AddRankingListAsync("省政务微博榜", "/good.csv");
        var stuck = await AddRankingListAsync("市月度通报", "/stuck.csv");

        var run = await host.Services.GetRequiredService<CollectionRunner>().RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Rankings)!, "test", CancellationToken.None);

        Assert.Equal(JobRunStatus.PartlyFailed, run.Status);
        await using var db = Host.Database.CreateContext();
        var sources = await db.JobRunSources.Where(s => s.JobRunId == run.Id).ToDictionaryAsync(s => s.ChannelId!.Value);
        Assert.True(sources[good].Succeeded);
        Assert.Contains("读取超时", sources[stuck].Error, StringComparison.Ordinal);
        Assert.Contains("Sources:ReadTimeout", sources[stuck].Error, StringComparison.Ordinal);
        Assert.Contains("读取超时", (await db.Channels.SingleAsync(c => c.Id == stuck)).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_of_the_app_cancels_a_stuck_source_after_the_grace_period_and_records_the_run()
    {
        var host = await CollectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Collection:StopGracePeriod"] = "00:00:00.500",
            ["Sources:Http:AttemptTimeout"] = "00:10:00",
            ["Sources:Http:TotalTimeout"] = "00:10:00",
        }, Host.Database);
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Map("/stuck.csv", async context =>
        {
            requested.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var stuck = await AddRankingListAsync("市月度通报", "/stuck.csv");
        var running = host.Services.GetRequiredService<CollectionRunner>().RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Rankings)!, "test", CancellationToken.None);
        await requested.Task.WaitAsync(Eventually.Deadline);

        host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().StopApplication();
        var run = await running.WaitAsync(Eventually.Deadline);
        await host.DisposeAsync();

        Assert.Equal(JobRunStatus.Failed, run.Status);
        await using var db = Host.Database.CreateContext();
        var source = await db.JobRunSources.SingleAsync(s => s.JobRunId == run.Id && s.ChannelId == stuck);
        Assert.Contains("应用正在关闭", source.Error, StringComparison.Ordinal);
        Assert.NotNull((await db.JobRuns.SingleAsync(r => r.Id == run.Id)).EndedAtUtc);
    }

    [Fact]
    public async Task A_runner_disposed_while_a_source_is_read_fails_that_source_and_still_ends_the_run()
    {
        await using var host = await CollectorHost.StartAsync(settings: null, Host.Database);
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Map("/late.csv", async context =>
        {
            requested.TrySetResult();
            await answer.Task;
            context.Response.ContentType = "text/csv; charset=utf-8";
            await context.Response.WriteAsync(Ranking, context.RequestAborted);
        });
        var late = await AddRankingListAsync("市月度通报", "/late.csv");
        var runner = host.Services.GetRequiredService<CollectionRunner>();
        var running = runner.RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Rankings)!, "test", CancellationToken.None);
        await requested.Task.WaitAsync(Eventually.Deadline);

        // As the host does on its way down: the runner's write lock is gone before the source answers.
        runner.Dispose();
        answer.SetResult();
        var run = await running.WaitAsync(Eventually.Deadline);

        Assert.Equal(JobRunStatus.Failed, run.Status);
        await using var db = Host.Database.CreateContext();
        var source = await db.JobRunSources.SingleAsync(s => s.JobRunId == run.Id && s.ChannelId == late);
        Assert.False(source.Succeeded);
        Assert.Contains(nameof(ObjectDisposedException), source.Error, StringComparison.Ordinal);
        Assert.Empty(await db.ExternalRankings.ToListAsync());
    }

    private static string Rss(params (string Title, string Link)[] items) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>新闻</title>" +
        string.Concat(items.Select(i => $"<item><title>{i.Title}</title><link>{i.Link}</link><pubDate>Tue, 30 Sep 2014 08:00:00 +0800</pubDate></item>")) +
        "</channel></rss>";

    [Fact]
    public async Task Placements_are_counted_once_per_county_and_story_across_outlets_and_runs()
    {
        Server.Serve("/people.xml", Rss(
            ("瑞昌铜岭遗址保护工程启动", "https://jx.people.com.cn/n/2014/0930/c1.html"),
            ("瑞昌与武宁签订旅游合作协议", "https://jx.people.com.cn/n/2014/0930/c2.html"),
            ("南昌地铁一号线试运行", "https://jx.people.com.cn/n/2014/0930/c3.html")), "application/rss+xml; charset=utf-8");
        // The second outlet carries the first story again, with tracking parameters, and one of its own.
        Server.Serve("/xinhua.xml", Rss(
            ("瑞昌铜岭遗址保护工程启动", "https://jx.people.com.cn/n/2014/0930/c1.html?utm_source=xinhua&amp;spm=1.2"),
            ("瑞昌山药喜获丰收", "https://www.jx.xinhuanet.com/2014-09/30/c_1.htm")), "application/rss+xml; charset=utf-8");
        await using (var db = Host.Database.CreateContext())
        {
            foreach (var (name, path) in new[] { ("人民网", "/people.xml"), ("新华网", "/xinhua.xml") })
            {
                var outlet = await db.Channels.SingleAsync(c => c.Name == name);
                (outlet.Url, outlet.IsEnabled) = (Server.Url(path).ToString(), true);
            }

            await db.SaveChangesAsync();
        }

        var job = CollectionJobDefinitions.Find(CollectionJobDefinitions.Articles)!;
        var first = await Runner.RunAsync(job, "test", CancellationToken.None);
        var second = await Runner.RunAsync(job, "test", CancellationToken.None);

        Assert.Equal(JobRunStatus.Succeeded, first.Status);
        Assert.Equal((JobRunStatus.Succeeded, 0), (second.Status, second.ItemsWritten));
        await using var check = Host.Database.CreateContext();
        var placements = await check.Observations.Where(o => o.Metric!.Key == MetricKeys.ArticlePlacements && o.PeriodStart == new DateOnly(2014, 9, 1))
            .GroupBy(o => o.County!.Code).Select(g => new { Code = g.Key, Total = g.Sum(o => o.Value) }).ToDictionaryAsync(x => x.Code, x => x.Total);
        Assert.Equal(new Dictionary<string, double> { ["360481"] = 3, ["360423"] = 1 }, placements);
        Assert.Equal(4, await check.Articles.CountAsync());
    }

    [Fact]
    public async Task A_Weibo_run_stores_followers_and_the_months_posts_per_account_and_the_countys_index()
    {
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 9, 0, 0, TimeSpan.FromHours(8));
        static string Post(long id, DateTimeOffset at, int reposts, int comments, int likes) =>
            $$"""{"id": {{id}}, "created_at": "{{at.ToString("ddd MMM dd HH:mm:ss +0800 yyyy", System.Globalization.CultureInfo.InvariantCulture)}}", "text": "瑞昌市召开宣传工作会议", "reposts_count": {{reposts}}, "comments_count": {{comments}}, "attitudes_count": {{likes}}}""";
        Server.Serve("/2/users/show.json", """{"id": 2103445435, "screen_name": "九江瑞昌发布", "followers_count": 30480, "statuses_count": 5846}""", "application/json");
        // Two posts this month and one from two months back: the timeline has gone past the previous month.
        Server.Serve(
            "/2/statuses/user_timeline.json",
            $$"""{"statuses": [{{Post(2, monthStart, 30, 10, 50)}}, {{Post(1, monthStart, 20, 5, 25)}}, {{Post(0, monthStart.AddMonths(-2), 1, 1, 1)}}], "total_number": 3}""",
            "application/json");
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:Weibo:BaseUrl"] = Server.Url("/2/").ToString(),
            ["Sources:Weibo:AccessToken"] = "test-token",
        });
        await using (var db = host.Database.CreateContext())
        {
            var sina = await db.Channels.SingleAsync(c => c.Name == "九江瑞昌发布");
            (sina.ExternalId, sina.IsEnabled) = ("2103445435", true);
            await db.SaveChangesAsync();
        }

        var run = await host.Services.GetRequiredService<CollectionRunner>().RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Weibo)!, "test", CancellationToken.None);

        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        await using var check = host.Database.CreateContext();
        var month = new DateOnly(now.Year, now.Month, 1);
        var figures = await check.Observations.Where(o => o.PeriodStart == month && o.Granularity == PeriodGranularity.Month)
            .Select(o => new { o.Metric!.Key, CountyLevel = o.ChannelId == null, o.Value })
            .ToDictionaryAsync(o => (o.Key, o.CountyLevel), o => o.Value);
        Assert.Equal(30480, figures[(MetricKeys.WeiboFollowers, false)]);
        Assert.Equal(2, figures[(MetricKeys.WeiboPosts, false)]);
        Assert.Equal(50, figures[(MetricKeys.WeiboReposts, false)]);
        Assert.Equal(Math.Round(WeiboIndex.Bci(2, 50, 15, 75), 2), figures[(MetricKeys.WeiboBci, true)]);
        Assert.True(await check.Observations.AnyAsync(o => o.Metric!.Key == MetricKeys.WeiboFollowers && o.Granularity == PeriodGranularity.Day));
    }

    private async Task<string> SnapshotAsync()
    {
        await using var db = Host.Database.CreateContext();
        var observations = await db.Observations.OrderBy(o => o.Id).Select(o => $"{o.Id}:{o.Value}:{o.Version}").ToListAsync();
        var activity = await db.CommentatorActivity.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.Reposts}:{a.Replies}").ToListAsync();
        var entries = await db.ExternalRankingEntries.OrderBy(e => e.Id).Select(e => $"{e.Id}:{e.Rank}").ToListAsync();
        var builder = new StringBuilder();
        builder.AppendJoin(',', observations).Append('|').AppendJoin(',', activity).Append('|').AppendJoin(',', entries);
        builder.Append('|').Append(await db.Commentators.CountAsync()).Append('|').Append(await db.Articles.CountAsync());
        return builder.ToString();
    }
}
