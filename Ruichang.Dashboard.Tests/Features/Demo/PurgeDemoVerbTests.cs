using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using static Ruichang.Dashboard.Tests.Features.Demo.DemoTestSetup;

namespace Ruichang.Dashboard.Tests.Features.Demo;

public sealed class PurgeDemoVerbTests
{
    [Fact]
    public async Task Purge_removes_every_demo_row_and_nothing_else()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);
        long manualId;
        int channels;
        await using (var db = database.CreateContext())
        {
            var metric = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboFollowers);
            var home = await db.Counties.SingleAsync(c => c.IsHome);
            await new ObservationWriter(time).UpsertAsync(db, [new ObservationWrite(metric.Id, home.Id, null, Period.Month(2030, 1), 123)],
                new WriteProvenance(ObservationSource.Manual, "staff"), CancellationToken.None);
            manualId = (await db.Observations.SingleAsync(o => !o.IsDemo)).Id;
            db.Commentators.Add(new Commentator { CountyId = home.Id, Name = "真实网评员", JoinedOn = new DateOnly(2020, 1, 1) });
            await db.SaveChangesAsync();
            channels = await db.Channels.CountAsync();
        }

        await using var seeded = database.CreateContext();
        var observations = await seeded.Observations.CountAsync(o => o.IsDemo);
        var articles = await seeded.Articles.CountAsync(a => a.IsDemo);
        var commentators = await seeded.Commentators.CountAsync(c => c.IsDemo);
        var rankings = await seeded.ExternalRankings.CountAsync(r => r.IsDemo);
        var tasks = await seeded.CommentatorTasks.CountAsync(t => t.IsDemo);
        var text = new StringWriter();

        var exitCode = await Purge(database).RunAsync([], text, CancellationToken.None);

        await using var after = database.CreateContext();
        Assert.Equal(0, exitCode);
        Assert.Equal(
            $"purged demo data: {observations} observations, {articles} articles, {commentators} commentators, {rankings} rankings, 12 channels",
            text.ToString().TrimEnd().Split('\n')[^1]);
        Assert.Equal(manualId, (await after.Observations.SingleAsync()).Id);
        Assert.Equal("真实网评员", (await after.Commentators.SingleAsync()).Name);
        Assert.Empty(await after.Articles.ToListAsync());
        Assert.Empty(await after.CommentatorActivity.ToListAsync());
        Assert.Empty(await after.CommentatorTasks.ToListAsync());
        Assert.Empty(await after.ExternalRankings.ToListAsync());
        Assert.Empty(await after.ExternalRankingEntries.ToListAsync());
        Assert.Equal((13, 19, channels - 12), (await after.Counties.CountAsync(), await after.Metrics.CountAsync(), await after.Channels.CountAsync()));
        Assert.False(await after.Channels.AnyAsync(c => c.IsDemo));
        Assert.True(observations > 30000 && articles > 0 && commentators == 106 && rankings == 1 && tasks > 0);
    }

    [Fact]
    public async Task Purge_removes_the_demo_accounts_and_what_was_collected_from_the_demo_sources_and_clears_them()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);
        await SourcesSeeder(database, time).ConfigureChannelsAsync(CancellationToken.None);
        var writer = new ObservationWriter(time);
        var day = Period.Day(new DateOnly(2026, 11, 28));
        long keptId;
        int xinhuaId;
        await using (var db = database.CreateContext())
        {
            var channels = await db.Channels.Where(c => c.Kind != ChannelKinds.WeChat).ToDictionaryAsync(c => c.Name);
            var followers = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboFollowers);
            var placements = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements);
            var reposts = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.CommentatorReposts);
            var (wuning, people, xinhua, team) = (channels["武宁发布"], channels["人民网"], channels["新华网"], channels["瑞昌网评员队伍"]);
            xinhuaId = xinhua.Id;

            // What collectors stored from the demo sources: a demo account's snapshot, an outlet's day,
            // a county total from the commentator export, a story.
            await writer.UpsertAsync(db, [new ObservationWrite(followers.Id, wuning.CountyId, wuning.Id, day, 81000)], new WriteProvenance(ObservationSource.Collector, $"weibo:{wuning.Id}"), CancellationToken.None);
            await writer.UpsertAsync(db, [new ObservationWrite(placements.Id, people.CountyId, people.Id, day, 3)], new WriteProvenance(ObservationSource.Collector, $"articles:{people.Id}"), CancellationToken.None);
            await writer.UpsertAsync(db, [new ObservationWrite(reposts.Id, team.CountyId, null, Period.Month(2030, 1), 5)], new WriteProvenance(ObservationSource.Collector, $"commentators:{team.Id}"), CancellationToken.None);
            db.Articles.Add(new Article { ChannelId = people.Id, CountyId = people.CountyId, Url = "https://jx.people.com.cn/n2/x.html", CanonicalUrl = "https://jx.people.com.cn/n2/x.html", Title = "瑞昌", PublishedAtUtc = time.GetUtcNow().UtcDateTime });
            db.JobRuns.Add(new JobRun { JobKey = "weibo", StartedAtUtc = time.GetUtcNow().UtcDateTime, Sources = [new JobRunSource { ChannelId = wuning.Id, SourceName = wuning.Name }] });

            // An outlet an administrator has since pointed at its real feed: it and its figures stay.
            xinhua.Url = "https://www.xinhuanet.com/rss/jx.xml";
            await db.SaveChangesAsync();
            await writer.UpsertAsync(db, [new ObservationWrite(placements.Id, xinhua.CountyId, xinhua.Id, day, 2)], new WriteProvenance(ObservationSource.Collector, $"articles:{xinhua.Id}"), CancellationToken.None);
            keptId = (await db.Observations.SingleAsync(o => o.ChannelId == xinhua.Id && o.Granularity == PeriodGranularity.Day)).Id;
        }

        var text = new StringWriter();
        await Purge(database).RunAsync([], text, CancellationToken.None);

        await using var after = database.CreateContext();
        Assert.EndsWith(", 12 channels", text.ToString().TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        Assert.Equal(keptId, (await after.Observations.SingleAsync()).Id);
        Assert.Empty(await after.Articles.ToListAsync());
        Assert.Null((await after.JobRunSources.SingleAsync()).ChannelId);
        var channelsAfter = await after.Channels.ToListAsync();
        Assert.Equal(15, channelsAfter.Count);
        Assert.All(channelsAfter.Where(c => c.Id != xinhuaId), c =>
        {
            Assert.Null(c.Url);
            Assert.Null(c.ExternalId);
            Assert.Equal("{}", c.OptionsJson);
            Assert.False(c.IsEnabled);
        });
        var kept = channelsAfter.Single(c => c.Id == xinhuaId);
        Assert.Equal(("https://www.xinhuanet.com/rss/jx.xml", true), (kept.Url, kept.IsEnabled));
    }

    [Fact]
    public async Task Purge_removes_the_tasks_and_platform_ids_from_the_demo_and_its_export_and_recounts_the_people_somebody_added()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);
        await SourcesSeeder(database, time).ConfigureChannelsAsync(CancellationToken.None);
        int realId, otherPlatformId;
        await using (var db = database.CreateContext())
        {
            var home = await db.Counties.SingleAsync(c => c.IsHome);
            var wired = await db.Channels.SingleAsync(c => c.Kind == ChannelKinds.CommentatorPlatform);
            var other = new Channel { CountyId = home.Id, Kind = ChannelKinds.CommentatorPlatform, Name = "省网评平台", Url = "https://pingtai.example.cn/export.csv" };
            var real = new Commentator { CountyId = home.Id, Name = "真实网评员", JoinedOn = new DateOnly(2020, 1, 1) };
            var demo = await db.Commentators.FirstAsync(c => c.IsDemo);
            db.AddRange(other, real);
            await db.SaveChangesAsync();
            (realId, otherPlatformId) = (real.Id, other.Id);

            // What reading the demo export and a real platform stored for someone staff added, and a demo member's platform id.
            db.CommentatorTasks.AddRange(
                new CommentatorTask { CommentatorId = real.Id, ChannelId = wired.Id, Date = new DateOnly(2026, 11, 3), Task = "转发评论：演示", Reposts = 30, Replies = 20 },
                new CommentatorTask { CommentatorId = real.Id, ChannelId = other.Id, Date = new DateOnly(2026, 11, 5), Task = "省级任务", Reposts = 4, Replies = 2 },
                new CommentatorTask { CommentatorId = real.Id, ChannelId = wired.Id, Date = new DateOnly(2026, 10, 9), Task = "转发评论：演示", Reposts = 7, Replies = 1 });
            db.CommentatorActivity.AddRange(
                new CommentatorActivity { CommentatorId = real.Id, Month = new DateOnly(2026, 11, 1), Reposts = 34, Replies = 22 },
                new CommentatorActivity { CommentatorId = real.Id, Month = new DateOnly(2026, 10, 1), Reposts = 7, Replies = 1 });
            db.CommentatorAccounts.AddRange(
                new CommentatorAccount { CommentatorId = real.Id, ChannelId = wired.Id, ExternalId = "RC-WP-900" },
                new CommentatorAccount { CommentatorId = real.Id, ChannelId = other.Id, ExternalId = "JX-77" },
                new CommentatorAccount { CommentatorId = demo.Id, ChannelId = wired.Id, ExternalId = demo.ExternalId! });
            await db.SaveChangesAsync();
        }

        var text = new StringWriter();
        await Purge(database).RunAsync([], text, CancellationToken.None);

        await using var after = database.CreateContext();
        var task = await after.CommentatorTasks.SingleAsync();
        Assert.Equal((realId, otherPlatformId), (task.CommentatorId, task.ChannelId));
        var month = await after.CommentatorActivity.SingleAsync();
        Assert.Equal((realId, new DateOnly(2026, 11, 1), 4, 2), (month.CommentatorId, month.Month, month.Reposts, month.Replies));
        var account = await after.CommentatorAccounts.SingleAsync();
        Assert.Equal((realId, otherPlatformId, "JX-77"), (account.CommentatorId, account.ChannelId, account.ExternalId));
        Assert.Contains("tasks: ", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_clears_the_channels_pointed_at_the_demo_sources_under_any_loopback_port_or_the_configured_address()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await SourcesSeeder(database, time, "https://rc.example/app/").ConfigureChannelsAsync(CancellationToken.None);
        await using (var db = database.CreateContext())
        {
            // One channel still on the address of an earlier start.
            var paper = await db.Channels.SingleAsync(c => c.Kind == ChannelKinds.MobilePaper);
            paper.Url = "http://127.0.0.1:5391/demo/counters/mobile-paper.json";
            await db.SaveChangesAsync();
        }

        var text = new StringWriter();
        await Purge(database, "https://rc.example/app/").RunAsync([], text, CancellationToken.None);

        await using var after = database.CreateContext();
        Assert.Contains("13 reference channels cleared", text.ToString(), StringComparison.Ordinal);
        Assert.All(await after.Channels.ToListAsync(), c => Assert.Equal((null, null, false), (c.Url, c.ExternalId, c.IsEnabled)));
    }

    [Fact]
    public async Task Purge_without_demo_data_reports_zeros()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var text = new StringWriter();

        await Purge(database).RunAsync([], text, CancellationToken.None);

        Assert.Equal("purged demo data: 0 observations, 0 articles, 0 commentators, 0 rankings, 0 channels", text.ToString().TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task Purge_takes_no_arguments()
    {
        using var database = await new TestDatabase().MigrateAsync();

        await Assert.ThrowsAsync<CommandLineException>(() => Purge(database).RunAsync(["--all"], TextWriter.Null, CancellationToken.None));
    }
}
