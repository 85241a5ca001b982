using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using static Ruichang.Dashboard.Tests.Features.Demo.DemoTestSetup;

namespace Ruichang.Dashboard.Tests.Features.Demo;

public sealed class DemoHistorySeederTests
{
    [Fact]
    public async Task Seeding_twice_adds_and_changes_nothing()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var seeder = Seeder(database, Clock());
        await seeder.SeedHistoryAsync(CancellationToken.None);
        await using var before = database.CreateContext();
        var counts = await CountAsync(before);
        var snapshot = await SnapshotAsync(before);

        var second = await seeder.SeedHistoryAsync(CancellationToken.None);

        await using var after = database.CreateContext();
        Assert.Equal(0, second.Total);
        Assert.Equal(counts, await CountAsync(after));
        Assert.Equal(snapshot, await SnapshotAsync(after));
    }

    [Fact]
    public async Task A_start_later_the_same_day_changes_nothing()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);
        await using var before = database.CreateContext();
        var snapshot = await SnapshotAsync(before);

        time.Advance(TimeSpan.FromHours(10));
        var result = await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);

        await using var after = database.CreateContext();
        Assert.Equal(0, result.Total);
        Assert.Equal(snapshot, await SnapshotAsync(after));
    }

    [Fact]
    public async Task A_start_on_a_later_day_adds_the_days_since_to_the_current_month_only()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);
        var november = new DateOnly(2026, 11, 1);
        await using var before = database.CreateContext();
        var counts = await CountAsync(before);
        var earlier = await SnapshotAsync(before, november);
        var month = await before.Observations.Where(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart == november).ToDictionaryAsync(o => o.Id, o => o.Value);
        var days = await DaysAsync(before);

        time.Advance(TimeSpan.FromDays(1));
        var result = await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);

        await using var after = database.CreateContext();
        var data = DemoHistory.Generate(NowLocal.AddDays(1));
        var moved = await after.Observations.Where(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart == november).ToDictionaryAsync(o => o.Id, o => o.Value);
        Assert.Equal(earlier, await SnapshotAsync(after, november));
        Assert.Equal(month.Keys.Order(), moved.Keys.Order());
        // The month's figures that moved, and the followers of the day before (finished) and of today (new).
        var afterDays = await DaysAsync(after);
        Assert.Equal(data.Figures.Count(f => f.Period.Granularity == PeriodGranularity.Day), afterDays.Count);
        Assert.True(afterDays.Count > days.Count);
        Assert.Equal(month.Count(m => m.Value != moved[m.Key]) + Written(days, afterDays), result.Observations);
        Assert.True(result.Observations > 0 && result.Articles > 0);
        Assert.Equal(counts.Articles + result.Articles, await after.Articles.CountAsync());
        Assert.Equal(data.CommentatorTasks.Count, await after.CommentatorTasks.CountAsync());
        Assert.Equal(
            await after.Observations.Where(o => o.Metric!.Key == MetricKeys.ArticlePlacements && o.County!.IsHome && o.PeriodStart == november).SumAsync(o => o.Value),
            await after.Articles.CountAsync(a => a.County!.IsHome && a.Channel!.Kind == ChannelKinds.NewsFeed && a.PublishedAtUtc >= new DateTime(2026, 10, 31, 16, 0, 0)));
    }

    [Fact]
    public async Task A_start_a_month_later_completes_the_month_seeded_part_way_and_adds_the_new_one()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);
        await using var before = database.CreateContext();
        var counts = await CountAsync(before);
        var november = new DateOnly(2026, 11, 1);
        var december = new DateOnly(2026, 12, 1);
        var snapshot = await SnapshotAsync(before, november);
        var novemberRows = await before.Observations.CountAsync(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart == november);
        var days = await DaysAsync(before);

        time.Advance(TimeSpan.FromDays(30));
        var result = await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);

        await using var after = database.CreateContext();
        var data = DemoHistory.Generate(NowLocal.AddDays(30));
        var expected = data.Figures.Count(f => f.Period == Period.Month(2026, 12));
        var added = await after.Observations.Where(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart >= december).ToListAsync();
        Assert.Equal(expected, added.Count);
        Assert.All(added, o => Assert.Equal(december, o.PeriodStart));
        var afterDays = await DaysAsync(after);
        Assert.Equal(data.Figures.Count(f => f.Period.Granularity == PeriodGranularity.Day), afterDays.Count);
        Assert.Equal(counts.Observations + expected + afterDays.Count - days.Count, await after.Observations.CountAsync());
        Assert.Equal(snapshot, await SnapshotAsync(after, november));
        var whole = DemoHistory.WholeMonths(Period.Month(2026, 11)).Figures.Where(f => f.Period == Period.Month(2026, 11)).Sum(f => f.Value);
        Assert.Equal(whole, await after.Observations.Where(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart == november).SumAsync(o => o.Value), 3);
        Assert.InRange(result.Observations - Written(days, afterDays), expected + 1, expected + novemberRows);
        Assert.Equal(counts.Commentators, await after.Commentators.CountAsync());
        Assert.Equal(counts.Activity + 106, await after.CommentatorActivity.CountAsync());
        Assert.Equal(106, await after.CommentatorActivity.CountAsync(a => a.Month == december));
        Assert.Equal(counts.Rankings, await after.ExternalRankings.CountAsync());
    }

    [Fact]
    public async Task A_figure_somebody_entered_is_never_replaced()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        int metricId, countyId;
        await using (var db = database.CreateContext())
        {
            metricId = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.JournalistVisits)).Id;
            countyId = (await db.Counties.SingleAsync(c => c.Code == ReferenceCatalog.HomeCountyCode)).Id;
            await new ObservationWriter(time).UpsertAsync(db, [new ObservationWrite(metricId, countyId, null, Period.Month(2014, 3), 999)],
                new WriteProvenance(ObservationSource.Manual, "staff"), CancellationToken.None);
        }

        var result = await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);

        await using var after = database.CreateContext();
        var row = await after.Observations.SingleAsync(o => o.MetricId == metricId && o.CountyId == countyId && o.PeriodStart == new DateOnly(2014, 3, 1));
        Assert.Equal((999d, ObservationSource.Manual, "staff", false, 0L), (row.Value, row.Source, row.RecordedBy, row.IsDemo, row.Version));
        Assert.Equal(DemoHistory.Generate(NowLocal).Figures.Count - 1, result.Observations);
    }

    [Fact]
    public async Task Each_peer_gets_a_demo_Weibo_account_that_carries_its_Weibo_figures()
    {
        using var database = await new TestDatabase().MigrateAsync();

        var result = await Seeder(database, Clock()).SeedHistoryAsync(CancellationToken.None);

        await using var db = database.CreateContext();
        var accounts = await db.Channels.Include(c => c.County).Where(c => c.IsDemo).ToListAsync();
        Assert.Equal(12, result.Channels);
        Assert.Equal(12, accounts.Count);
        Assert.All(accounts, a =>
        {
            Assert.False(a.County!.IsHome);
            Assert.Equal((ChannelKinds.Weibo, "sina", a.County.ShortName + "发布", $"5{a.County.Code}001", true), (a.Kind, a.Platform, a.Name, a.ExternalId, a.IsEnabled));
        });

        string[] weibo = [MetricKeys.WeiboFollowers, MetricKeys.WeiboPosts, MetricKeys.WeiboReposts, MetricKeys.WeiboComments, MetricKeys.WeiboLikes];
        var months = (2026 - 2014) * 12 + 11;
        var perAccount = await db.Observations.Where(o => o.Channel!.IsDemo).GroupBy(o => o.ChannelId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(12, perAccount.Count);
        Assert.All(perAccount, count => Assert.Equal(weibo.Length * months, count));
        Assert.False(await db.Observations.AnyAsync(o => !o.County!.IsHome && o.ChannelId == null && weibo.Contains(o.Metric!.Key)));
    }

    [Fact]
    public async Task A_history_seeded_with_the_peers_Weibo_at_county_level_is_moved_onto_their_accounts()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);
        await using var seeded = database.CreateContext();
        var expected = await FiguresAsync(seeded);

        // The layout of the first demo: the peers' Weibo figures at county level, no demo accounts.
        int moved;
        await using (var db = database.CreateContext())
        {
            moved = await db.Observations.Where(o => o.Channel!.IsDemo).ExecuteUpdateAsync(s => s.SetProperty(o => o.ChannelId, (int?)null));
            await db.Channels.Where(c => c.IsDemo).ExecuteDeleteAsync();
        }

        var result = await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);

        await using var after = database.CreateContext();
        Assert.Equal((12, moved, moved), (result.Channels, result.Removed, result.Observations));
        Assert.Equal(expected, await FiguresAsync(after));
    }

    private static async Task<List<string>> FiguresAsync(DashboardDbContext db) =>
        [.. (await db.Observations.Select(o => new { Metric = o.Metric!.Key, County = o.County!.Code, Channel = o.Channel!.Name, o.PeriodStart, o.Value }).ToListAsync())
            .Select(o => FormattableString.Invariant($"{o.Metric}|{o.County}|{o.Channel}|{o.PeriodStart:yyyy-MM}|{o.Value:R}"))
            .Order(StringComparer.Ordinal)];
}
