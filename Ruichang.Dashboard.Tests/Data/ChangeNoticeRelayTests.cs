using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Settings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Data;

/// <summary>Two app instances on one database file, as behind a load balancer (design: growing past one machine).</summary>
public sealed class ChangeNoticeRelayTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task With_cross_instance_on_a_notice_published_on_one_instance_reaches_the_others_subscribers_once()
    {
        await using var first = Instance(crossInstance: true);
        await using var second = Instance(crossInstance: true);
        var onFirst = Subscribe(first);
        var onSecond = Subscribe(second);

        var notice = new ChangeNotice("articles", new HashSet<string> { MetricKeys.ArticlePlacements, MetricKeys.SiteArticles }, new HashSet<int> { 3, 7 }, new DateTime(2026, 12, 2, 8, 30, 0, DateTimeKind.Utc));
        first.Services.GetRequiredService<ChangeNotifier>().Publish(notice);
        var freshness = new ChangeNotice("weibo", new HashSet<string>(), new HashSet<int> { 1 }, new DateTime(2026, 12, 2, 8, 31, 0, DateTimeKind.Utc));
        second.Services.GetRequiredService<ChangeNotifier>().Publish(freshness);

        var received = await Eventually.ReturnsAsync(() => Task.FromResult(onSecond.ToList()), r => r.Count >= 2);
        var crossed = Assert.Single(received, n => n.Source == "articles");
        Assert.True(crossed.MetricKeys.SetEquals(notice.MetricKeys));
        Assert.True(crossed.CountyIds.SetEquals(notice.CountyIds));
        Assert.Equal(notice.AtUtc, crossed.AtUtc);
        Assert.Equal(DateTimeKind.Utc, crossed.AtUtc.Kind);
        var back = await Eventually.ReturnsAsync(() => Task.FromResult(onFirst.ToList()), r => r.Any(n => n.Source == "weibo"));
        Assert.True(back.Single(n => n.Source == "weibo").IsFreshnessOnly);

        // Several more polls: each instance has delivered its own notice in memory, and never again from the database.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(onFirst, n => n.Source == "articles");
        Assert.Single(onSecond, n => n.Source == "weibo");
        Assert.Equal(2, onSecond.Count);
    }

    [Fact]
    public async Task A_new_instance_does_not_replay_the_notices_published_before_it_started()
    {
        await using var first = Instance(crossInstance: true);
        first.Services.GetRequiredService<ChangeNotifier>().Publish(new ChangeNotice("entry", new HashSet<string> { MetricKeys.WeiboFollowers }, new HashSet<int> { 1 }, DateTime.UtcNow));
        await Eventually.ReturnsAsync(CountStoredAsync, count => count == 1);

        await using var second = Instance(crossInstance: true);
        var onSecond = Subscribe(second);
        first.Services.GetRequiredService<ChangeNotifier>().Publish(new ChangeNotice("import", new HashSet<string> { MetricKeys.WeiboPosts }, new HashSet<int> { 1 }, DateTime.UtcNow));

        await Eventually.ReturnsAsync(() => Task.FromResult(onSecond.Count), count => count > 0);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("import", Assert.Single(onSecond).Source);
    }

    [Fact]
    public async Task Notices_older_than_a_day_are_deleted_and_newer_ones_kept()
    {
        await _database.MigrateAsync();
        await using (var db = _database.CreateContext())
        {
            db.SharedChangeNotices.AddRange(
                new SharedChangeNotice { InstanceId = "gone", Source = "old", MetricKeys = "", CountyIds = "1", AtUtc = DateTime.UtcNow.AddDays(-2) },
                new SharedChangeNotice { InstanceId = "gone", Source = "recent", MetricKeys = "", CountyIds = "1", AtUtc = DateTime.UtcNow.AddHours(-1) });
            await db.SaveChangesAsync();
        }

        await using var app = Instance(crossInstance: true);

        await Eventually.ReturnsAsync(CountStoredAsync, count => count == 1);
        await using var check = _database.CreateContext();
        Assert.Equal("recent", (await check.SharedChangeNotices.SingleAsync()).Source);
    }

    [Theory]
    [InlineData("00:00:00.05")]
    [InlineData("00:00:11")]
    public void A_poll_interval_out_of_range_stops_the_start_naming_the_key(string interval)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseOptions.ConnectionStringKey] = _database.ConnectionString,
            ["Live:CrossInstance"] = "true",
            ["Live:PollInterval"] = interval,
        });

        var error = Assert.Throws<ConfigurationException>(() => builder.AddData());

        Assert.Equal("Live:PollInterval", error.Key);
        Assert.Contains("应在 00:00:00.1 到 00:00:10 之间", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_instance_by_default_delivers_in_memory_and_writes_nothing()
    {
        await using var app = Instance(crossInstance: false);
        var received = Subscribe(app);

        app.Services.GetRequiredService<ChangeNotifier>().Publish(new ChangeNotice("entry", new HashSet<string> { MetricKeys.WeiboFollowers }, new HashSet<int> { 1 }, DateTime.UtcNow));

        await Eventually.ReturnsAsync(() => Task.FromResult(received.Count), count => count == 1);
        Assert.Null(app.Services.GetService<ChangeNoticeOutbox>());
        Assert.Equal(0, await CountStoredAsync());
    }

    private DashboardAppFactory Instance(bool crossInstance)
    {
        var app = DashboardAppFactory.On(_database);
        if (crossInstance)
        {
            app.Settings["Live:CrossInstance"] = "true";
            app.Settings["Live:PollInterval"] = "00:00:00.2";
        }

        _ = app.Services;
        return app;
    }

    private static ConcurrentQueue<ChangeNotice> Subscribe(DashboardAppFactory app)
    {
        var received = new ConcurrentQueue<ChangeNotice>();
        app.Services.GetRequiredService<ChangeNotifier>().Subscribe(notice =>
        {
            received.Enqueue(notice);
            return Task.CompletedTask;
        });
        return received;
    }

    private async Task<int> CountStoredAsync()
    {
        await using var db = _database.CreateContext();
        return await db.SharedChangeNotices.CountAsync();
    }
}
