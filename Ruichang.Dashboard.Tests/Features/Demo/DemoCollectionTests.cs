using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Demo;

/// <summary>
/// The demo app on Kestrel at a free port, with its clock at 10:00 on 2 December 2026 in Ruichang:
/// it seeds its history at start, points itself at the demo sources it serves, and the real
/// collectors read them over HTTP. The month seeded on its second day holds two days, and collecting
/// continues it: right after the seed nothing changes but the gauges' next reading, three days later
/// the month has grown by what happened in them and nothing is counted twice.
/// </summary>
public sealed class DemoCollectionTests : IAsyncLifetime, IDisposable
{
    private const string Ruichang = ReferenceCatalog.HomeCountyCode;
    private static readonly DateTimeOffset SeededAt = new(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly Period December = Period.Month(2026, 12);
    private static readonly Period November = Period.Month(2026, 11);
    private static readonly string[] Jobs = [CollectionJobDefinitions.Weibo, CollectionJobDefinitions.Articles, CollectionJobDefinitions.Counters, CollectionJobDefinitions.Commentators];

    private readonly FakeTimeProvider _time = new(SeededAt);
    private readonly ClockedDemoApp _app;

    public DemoCollectionTests() => _app = new ClockedDemoApp(_time);

    public Task InitializeAsync()
    {
        _app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_app_points_its_collectors_at_the_address_it_listens_on()
    {
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var sources = _app.Services.GetRequiredService<IOptionsMonitor<SourcesOptions>>().CurrentValue;

        await using var db = _app.Database.CreateContext();
        var urls = await db.Channels.Where(c => c.Url != null).Select(c => c.Url!).ToListAsync();
        Assert.Equal($"http://127.0.0.1:{address.Port}/demo/weibo/2/", sources.Weibo.BaseUrl);
        Assert.Contains("127.0.0.1", sources.AllowedHosts);
        Assert.Equal(12, urls.Count);
        Assert.All(urls, url => Assert.StartsWith($"http://127.0.0.1:{address.Port}/demo/", url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_month_seeded_on_its_second_day_holds_two_days()
    {
        await using var db = _app.Database.CreateContext();

        var placements = await MonthAsync(db, MetricKeys.ArticlePlacements, December);
        var november = await MonthAsync(db, MetricKeys.ArticlePlacements, November);
        var posts = await MonthAsync(db, MetricKeys.WeiboPosts, December);
        var followers = await MonthAsync(db, MetricKeys.WeiboFollowers, December);
        var followersInNovember = await MonthAsync(db, MetricKeys.WeiboFollowers, November);

        // Two days of thirty-one; a gauge has gone a fifteenth of its month's way.
        Assert.InRange(placements, 1, november * 0.12);
        Assert.InRange(posts, 1, await MonthAsync(db, MetricKeys.WeiboPosts, November) * 0.12);
        Assert.InRange(followers, followersInNovember, followersInNovember * 1.01);
        Assert.InRange(await db.CommentatorTasks.CountAsync(t => t.Date >= December.Start), 0, 106 * 2);
    }

    [Fact]
    public async Task Collecting_right_after_the_seed_changes_nothing_of_the_seeded_month_but_the_gauges_next_reading()
    {
        var before = await StateAsync();

        foreach (var job in Jobs)
        {
            await RunAsync(job);
        }

        var after = await StateAsync();
        string[] gauges = [MetricKeys.WeiboFollowers, MetricKeys.WeChatFollowers, MetricKeys.MobilePaperSubscribers];
        Assert.All(before.Months, row =>
        {
            var value = after.Months[row.Key];
            if (gauges.Any(g => row.Key.StartsWith(g + "|", StringComparison.Ordinal)) && row.Key.EndsWith("|2026-12", StringComparison.Ordinal))
            {
                Assert.InRange(value - row.Value, 0, 3);
            }
            else
            {
                Assert.True(value == row.Value, $"{row.Key}: {row.Value} became {value}");
            }
        });
        Assert.Empty(after.Months.Keys.Except(before.Months.Keys));
        Assert.Equal(before.Articles, after.Articles);
        Assert.Equal(before.Tasks, after.Tasks);
        Assert.Equal(before.Activity, after.Activity);
    }

    [Fact]
    public async Task Collecting_right_after_the_seed_counts_the_items_of_each_day_as_the_demo_seeded_them()
    {
        string[] counted = [MetricKeys.WeiboPosts, MetricKeys.MobilePaperIssues, MetricKeys.WeChatArticles];
        async Task<Dictionary<string, double>> DaysAsync()
        {
            await using var db = _app.Database.CreateContext();
            return (await db.Observations
                    .Where(o => counted.Contains(o.Metric!.Key) && o.Granularity == PeriodGranularity.Day && o.County!.IsHome && o.PeriodStart >= November.Start)
                    .Select(o => new { Metric = o.Metric!.Key, o.ChannelId, o.PeriodStart, o.Value }).ToListAsync())
                .ToDictionary(o => FormattableString.Invariant($"{o.ChannelId}|{o.Metric}|{o.PeriodStart}"), o => o.Value);
        }

        var seeded = await DaysAsync();
        foreach (var job in Jobs)
        {
            await RunAsync(job);
        }

        // Both live home Weibo accounts (Sina and Jiangxi Weibo), the mobile paper and the WeChat account have the days of
        // November and of 1 and 2 December. Those the collectors read (the Sina account's posts, the counters' issues and
        // articles of today) are the days the demo seeded.
        Assert.Equal([32, 32, 32, 32], seeded.GroupBy(d => d.Key[..d.Key.LastIndexOf('|')]).Select(g => g.Count()));
        Assert.Equal(seeded, await DaysAsync());

        // The collector counted the peers' official accounts day by day too; every account's days add up to its months.
        await using var db = _app.Database.CreateContext();
        var days = await db.Observations
            .Where(o => o.Metric!.Key == MetricKeys.WeiboPosts && o.Granularity == PeriodGranularity.Day && o.PeriodStart >= November.Start)
            .Select(o => new { ChannelId = o.ChannelId!.Value, o.PeriodStart, o.Value }).ToListAsync();
        var months = await db.Observations
            .Where(o => o.Metric!.Key == MetricKeys.WeiboPosts && o.Granularity == PeriodGranularity.Month && o.PeriodStart >= November.Start && o.ChannelId != null)
            .ToDictionaryAsync(o => (o.ChannelId!.Value, o.PeriodStart), o => o.Value);
        Assert.Equal(2 + 12, days.Select(d => d.ChannelId).Distinct().Count());
        Assert.All(days.GroupBy(d => (d.ChannelId, Period.MonthOf(d.PeriodStart).Start)), g => Assert.Equal(months[g.Key], g.Sum(d => d.Value)));
    }

    [Fact]
    public async Task Three_days_later_the_month_has_grown_by_what_happened_and_nothing_is_counted_twice()
    {
        foreach (var job in Jobs)
        {
            await RunAsync(job);
        }

        var before = await StateAsync();

        _time.Advance(TimeSpan.FromDays(3));
        foreach (var job in Jobs)
        {
            await RunAsync(job);
        }

        var after = await StateAsync();
        await using var db = _app.Database.CreateContext();
        Assert.All(before.Months, row => Assert.True(after.Months[row.Key] >= row.Value, $"{row.Key}: {row.Value} went down to {after.Months[row.Key]}"));
        Assert.True(await MonthAsync(db, MetricKeys.ArticlePlacements, December) > before.Months.Where(m => m.Key.StartsWith(MetricKeys.ArticlePlacements + "|" + Ruichang, StringComparison.Ordinal) && m.Key.EndsWith("2026-12", StringComparison.Ordinal)).Sum(m => m.Value));
        Assert.Superset(before.Articles.ToHashSet(), after.Articles.ToHashSet());
        Assert.Superset(before.Tasks.ToHashSet(), after.Tasks.ToHashSet());

        // Each outlet's month is its stored stories; each commentator's month the sum of their tasks, the county's the sum of its members.
        var start = new DateTime(2026, 11, 30, 16, 0, 0);
        foreach (var channel in await db.Channels.Where(c => c.County!.IsHome && (c.Kind == ChannelKinds.NewsFeed || c.Kind == ChannelKinds.OwnSite)).ToListAsync())
        {
            var metric = channel.Kind == ChannelKinds.OwnSite ? MetricKeys.SiteArticles : MetricKeys.ArticlePlacements;
            var figure = await db.Observations.SingleAsync(o => o.ChannelId == channel.Id && o.CountyId == channel.CountyId && o.Metric!.Key == metric
                && o.Granularity == PeriodGranularity.Month && o.PeriodStart == December.Start);
            Assert.Equal(await db.Articles.CountAsync(a => a.ChannelId == channel.Id && a.CountyId == channel.CountyId && a.PublishedAtUtc >= start), figure.Value);
        }

        var tasks = (await db.CommentatorTasks.Where(t => t.Date >= December.Start).Select(t => new { t.CommentatorId, t.Reposts }).ToListAsync())
            .GroupBy(t => t.CommentatorId).ToDictionary(g => g.Key, g => g.Sum(t => t.Reposts));
        var activity = await db.CommentatorActivity.Where(a => a.Month == December.Start).ToListAsync();
        Assert.NotEmpty(tasks);
        Assert.All(activity, a => Assert.Equal(tasks.GetValueOrDefault(a.CommentatorId), a.Reposts));
        Assert.Equal(activity.Sum(a => a.Reposts), await MonthAsync(db, MetricKeys.CommentatorReposts, December));
    }

    private async Task RunAsync(string job)
    {
        var run = await _app.Services.GetRequiredService<CollectionRunner>().RunAsync(CollectionJobDefinitions.Find(job)!, "test", CancellationToken.None);
        await using var db = _app.Database.CreateContext();
        var sources = await db.JobRunSources.Where(s => s.JobRunId == run.Id).ToListAsync();
        Assert.True(run.Status == JobRunStatus.Succeeded, $"{job}: {run.Status} {run.Error} {string.Join("; ", sources.Select(s => s.Error))}");
        Assert.NotEmpty(sources);
    }

    /// <summary>The home county's figure of a month: its channels' counters summed, or for a gauge each channel's reading summed.</summary>
    private static async Task<double> MonthAsync(DashboardDbContext db, string metric, Period month) =>
        (await db.Observations.Where(o => o.Metric!.Key == metric && o.County!.Code == Ruichang && o.Granularity == PeriodGranularity.Month && o.PeriodStart == month.Start)
            .Select(o => o.Value).ToListAsync()).Sum();

    private sealed record State(Dictionary<string, double> Months, List<string> Articles, List<string> Tasks, List<string> Activity);

    /// <summary>Every month figure of November and December, every story, task and commentator month, as text.</summary>
    private async Task<State> StateAsync()
    {
        await using var db = _app.Database.CreateContext();
        var months = (await db.Observations.Where(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart >= November.Start)
                .Select(o => new { Metric = o.Metric!.Key, County = o.County!.Code, o.ChannelId, o.PeriodStart, o.Value }).ToListAsync())
            .ToDictionary(o => FormattableString.Invariant($"{o.Metric}|{o.County}|{o.ChannelId}|{o.PeriodStart:yyyy-MM}"), o => o.Value);
        var articles = (await db.Articles.Select(a => new { a.CountyId, a.ChannelId, a.CanonicalUrl, a.PublishedAtUtc }).ToListAsync())
            .Select(a => FormattableString.Invariant($"{a.CountyId}|{a.ChannelId}|{a.CanonicalUrl}|{a.PublishedAtUtc:O}")).Order(StringComparer.Ordinal).ToList();
        var tasks = (await db.CommentatorTasks.Select(t => new { t.CommentatorId, t.ChannelId, t.Date, t.Task, t.Reposts, t.Replies }).ToListAsync())
            .Select(t => FormattableString.Invariant($"{t.CommentatorId}|{t.ChannelId}|{t.Date}|{t.Task}|{t.Reposts}|{t.Replies}")).Order(StringComparer.Ordinal).ToList();
        var activity = (await db.CommentatorActivity.Where(a => a.Month >= November.Start).Select(a => new { a.CommentatorId, a.Month, a.Reposts, a.Replies }).ToListAsync())
            .Select(a => FormattableString.Invariant($"{a.CommentatorId}|{a.Month}|{a.Reposts}|{a.Replies}")).Order(StringComparer.Ordinal).ToList();
        return new State(months, articles, tasks, activity);
    }

    /// <summary>The demo app on a fake clock.</summary>
    private sealed class ClockedDemoApp : DashboardAppFactory
    {
        private readonly FakeTimeProvider _time;

        public ClockedDemoApp(FakeTimeProvider time)
        {
            _time = time;
            DemoEnabled = true;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(_time));
        }
    }
}
