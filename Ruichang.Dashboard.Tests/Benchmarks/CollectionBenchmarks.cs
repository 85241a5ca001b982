using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>
/// scripts/bench.sh runs these (they are excluded from scripts/test.sh). Each collection run is
/// measured against the bare HTTP fetch of the same responses from the same server in the same
/// run, with the same concurrency: the ratio says what parsing, deduplication and storing add on
/// top of the network. The fake server answers after <see cref="Latency"/>, a short network round
/// trip, because on loopback without it there is no network to compare with.
/// </summary>
[Collection(BenchReport.Collection)]
[Trait("Category", BenchReport.Category)]
public sealed class CollectionBenchmarks
{
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);
    public const int Concurrency = 8;
    public const double Target = 1.3;

    /// <summary>A feed run without latency stores at least half as many items per second as the bare insert of its rows.</summary>
    public const double StoreRateTarget = 0.5;

    // A feed run's code takes a dozen runs to be compiled optimised (the writer alone went from 140 to 80 ms).
    private const int StoreRateMinRounds = 3;
    private static readonly TimeSpan StoreRateWarmUp = TimeSpan.FromSeconds(6), StoreRateTimed = TimeSpan.FromSeconds(3);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Sources:Http:MaxConcurrency"] = Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sources:Http:AttemptTimeout"] = "00:00:30",
        ["Sources:Http:TotalTimeout"] = "00:02:00",
    };

    [Fact]
    public async Task Feed_run_over_10000_items_with_30_percent_duplicates()
    {
        var feeds = FeedBodies.Create();
        await using var server = await LoopbackServer.StartAsync();
        var urls = feeds.Serve(server, Latency);
        await using var host = await CollectorHost.StartAsync(Settings);
        await AddFeedChannelsAsync(host.Database, urls);

        var bare = await BareFetchAsync(urls);
        var run = await BenchTiming.TimeAsync(() => RunFeedsAsync(host));
        await AssertFeedsStoredAsync(host.Database, feeds);

        await ReportAsync("feed-run-10000-items", run, bare);
    }

    /// <summary>
    /// Items stored per second by a feed run without network latency, against the same rows inserted
    /// bare: plain ADO.NET, one transaction, one prepared INSERT per table reused for every row, into a
    /// database migrated the same way with the same channels. What it measures is what the collector
    /// adds to storing (HTTP on loopback, parsing, canonicalising, deduplicating, counting, a
    /// transaction per channel). Higher is better. A first run stores the rows the bare side inserts;
    /// then both are warmed up together and timed in turns (<see cref="BenchTiming.BestOfEachAsync"/>),
    /// the best of each counting. Before every pass the rows of the last one are deleted and the log
    /// checkpointed, untimed, so that each pass stores into the same empty tables.
    /// </summary>
    [Fact]
    public async Task Feed_store_rate_without_latency()
    {
        var feeds = FeedBodies.Create();
        await using var server = await LoopbackServer.StartAsync();
        var urls = feeds.Serve(server, TimeSpan.Zero);

        await using var host = await CollectorHost.StartAsync(Settings);
        await AddFeedChannelsAsync(host.Database, urls);
        await RunFeedsAsync(host);
        await AssertFeedsStoredAsync(host.Database, feeds);
        var rows = await StoredRows.ReadAsync(host.Database);
        using var database = await new TestDatabase().MigrateAsync();
        await AddFeedChannelsAsync(database, urls);

        var (run, bare) = await BenchTiming.BestOfEachAsync(
            async () =>
            {
                await StoredRows.ClearAsync(host.Database);
                var time = await BenchTiming.TimeAsync(() => RunFeedsAsync(host));
                await AssertFeedsStoredAsync(host.Database, feeds);
                return time;
            },
            async () =>
            {
                await StoredRows.ClearAsync(database);
                var time = await BenchTiming.TimeAsync(() => rows.InsertBareAsync(database));
                Assert.Equal(rows.Articles.Count, await StoredRows.CountArticlesAsync(database));
                return time;
            },
            StoreRateWarmUp,
            StoreRateTimed,
            StoreRateMinRounds);

        var stored = rows.Articles.Count;
        var rate = stored / run.TotalSeconds;
        var bareRate = stored / bare.TotalSeconds;
        await BenchReport.WriteAsync(new BenchFigure("feed-store-rate", rate, "items/s", rate / bareRate, StoreRateTarget, "bare batched insert", Better.Higher));
    }

    [Fact]
    public async Task Weibo_run_over_1000_accounts()
    {
        const int accounts = 1000;
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 9, 0, 0, TimeSpan.FromHours(8));
        static string At(DateTimeOffset at) => at.ToString("ddd MMM dd HH:mm:ss +0800 yyyy", System.Globalization.CultureInfo.InvariantCulture);
        // Twenty posts this month and one from before the previous month: both months are complete.
        var posts = string.Join(",", Enumerable.Range(0, 20)
            .Select(i => $$"""{"id": {{1000 + i}}, "created_at": "{{At(monthStart.AddHours(i))}}", "text": "瑞昌市政务动态第{{i}}条", "reposts_count": {{i}}, "comments_count": 2, "attitudes_count": 5}""")
            .Append($$"""{"id": 1, "created_at": "{{At(monthStart.AddMonths(-2))}}", "text": "瑞昌旧闻", "reposts_count": 0, "comments_count": 0, "attitudes_count": 0}"""));
        var timeline = Encoding.UTF8.GetBytes($$"""{"statuses": [{{posts}}], "total_number": 21}""");

        await using var server = await LoopbackServer.StartAsync();
        server.Map("/2/users/show.json", async context =>
        {
            await Task.Delay(Latency, context.RequestAborted);
            context.Response.ContentType = "application/json";
            var uid = context.Request.Query["uid"].ToString();
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($$"""{"id": {{uid}}, "screen_name": "政务微博{{uid}}", "followers_count": {{uid.Length * 1000}}, "statuses_count": 21}"""), context.RequestAborted);
        });
        server.Map("/2/statuses/user_timeline.json", async context =>
        {
            await Task.Delay(Latency, context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(timeline, context.RequestAborted);
        });

        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Sources:Weibo:BaseUrl"] = server.Url("/2/").ToString(),
            ["Sources:Weibo:AccessToken"] = "bench-token",
        };
        await using var host = await CollectorHost.StartAsync(settings);
        await using (var db = host.Database.CreateContext())
        {
            var counties = await db.Counties.ToListAsync();
            db.Channels.AddRange(Enumerable.Range(0, accounts).Select(i => new Channel
            {
                CountyId = counties[i % counties.Count].Id, Kind = ChannelKinds.Weibo, Platform = "sina",
                Name = $"政务微博{i}", ExternalId = (1_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
            await db.SaveChangesAsync();
        }

        var urls = Enumerable.Range(0, accounts).SelectMany(i => new[]
        {
            server.Url($"/2/users/show.json?uid={1_000_000 + i}&access_token=bench-token"),
            server.Url($"/2/statuses/user_timeline.json?uid={1_000_000 + i}&access_token=bench-token&count=100&page=1"),
        }).ToList();
        var bare = await BareFetchAsync(urls);
        var run = await BenchTiming.TimeAsync(() => host.Services.GetRequiredService<CollectionRunner>().RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Weibo)!, "bench", CancellationToken.None));

        await using (var db = host.Database.CreateContext())
        {
            var month = new DateOnly(now.Year, now.Month, 1);
            Assert.Equal(accounts * 20, await db.Observations.Where(o => o.Metric!.Key == MetricKeys.WeiboPosts && o.Granularity == PeriodGranularity.Month && o.PeriodStart == month).SumAsync(o => o.Value));
            Assert.Equal(13, await db.Observations.CountAsync(o => o.Metric!.Key == MetricKeys.WeiboBci && o.PeriodStart == month));
        }

        await ReportAsync("weibo-run-1000-accounts", run, bare);
    }

    private static async Task AddFeedChannelsAsync(TestDatabase database, IReadOnlyList<Uri> urls)
    {
        await using var db = database.CreateContext();
        var home = await db.Counties.SingleAsync(c => c.IsHome);
        db.Channels.AddRange(urls.Select((url, f) => new Channel { CountyId = home.Id, Kind = ChannelKinds.NewsFeed, Name = $"订阅源{f}", Url = url.ToString() }));
        await db.SaveChangesAsync();
    }

    private static Task<JobRun> RunFeedsAsync(CollectorHost host) =>
        host.Services.GetRequiredService<CollectionRunner>().RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Articles)!, "bench", CancellationToken.None);

    private static async Task AssertFeedsStoredAsync(TestDatabase database, FeedBodies feeds)
    {
        await using var db = database.CreateContext();
        Assert.Equal(feeds.Unique, await db.Articles.CountAsync());
        Assert.Equal(feeds.Unique, await db.Observations.Where(o => o.Metric!.Key == MetricKeys.ArticlePlacements).SumAsync(o => o.Value));
        Assert.Equal(0, await db.JobRunSources.CountAsync(s => !s.Succeeded));
    }

    internal static async Task<TimeSpan> BareFetchAsync(IReadOnlyList<Uri> urls)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, UseProxy = false });
        async Task FetchAllAsync() => await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (url, ct) =>
        {
            using var response = await client.GetAsync(url, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
        });

        // The first pass opens the connections and warms the server; the best of the next two counts.
        await FetchAllAsync();
        var first = await BenchTiming.TimeAsync(FetchAllAsync);
        var second = await BenchTiming.TimeAsync(FetchAllAsync);
        return first < second ? first : second;
    }

    internal static async Task ReportAsync(string name, TimeSpan run, TimeSpan bare)
    {
        await BenchReport.WriteAsync(new BenchFigure(name, run.TotalSeconds, "s", run / bare, Target, "bare HTTP fetch"));
    }
}
