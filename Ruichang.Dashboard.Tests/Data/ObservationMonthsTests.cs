using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Data;

/// <summary>
/// ObservationMonths, kept by the database's triggers, against the readings it takes together: after every
/// kind of write (the writer's inserts and updates, a bulk update, deletes) it holds exactly what the readings
/// give. Run on SQLite here and on SQL Server where Docker runs (<see cref="SqlServerDataTests"/>).
/// </summary>
public sealed class ObservationMonthsTests
{
    [Fact]
    public async Task The_months_follow_every_write_of_the_readings()
    {
        using var database = await new TestDatabase().MigrateAsync();
        await ObservationMonthsScenario.RunAsync(database.Factory);
    }

    [Fact]
    public async Task The_migration_takes_together_the_readings_written_before_it()
    {
        using var database = new TestDatabase();
        int metric, county;
        await using (var db = database.CreateContext())
        {
            await db.Database.MigrateAsync("SharedChangeNotices");
            await new ReferenceDataSeeder(database.Factory).SeedAsync(CancellationToken.None);
            metric = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements)).Id;
            county = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
        }

        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO "Observations" ("MetricId", "CountyId", "ChannelId", "Granularity", "PeriodStart", "Value", "Source", "RecordedAtUtc", "IsDemo", "Version")
                VALUES ($metric, $county, NULL, 2, '2014-09-02', 4, 0, '2014-09-02 00:00:00', 0, 0),
                       ($metric, $county, NULL, 2, '2014-09-29', 6, 0, '2014-09-29 00:00:00', 0, 0),
                       ($metric, $county, NULL, 2, '2014-09-15', 5, 0, '2014-09-15 00:00:00', 0, 0),
                       ($metric, $county, NULL, 1, '2014-09-01', 99, 0, '2014-09-30 00:00:00', 0, 0);
                """;
            insert.Parameters.AddWithValue("$metric", metric);
            insert.Parameters.AddWithValue("$county", county);
            await insert.ExecuteNonQueryAsync();
        }

        await using var migrated = database.CreateContext();
        await migrated.Database.MigrateAsync();

        var months = await migrated.ObservationMonths.OrderByDescending(m => m.Granularity).ToListAsync();
        Assert.Equal(2, months.Count);
        Assert.All(months, m => Assert.Equal((metric, county, (int?)null, new DateOnly(2014, 9, 1)), (m.MetricId, m.CountyId, m.ChannelId, m.Month)));
        Assert.Equal((PeriodGranularity.Day, 15d, 3, new DateOnly(2014, 9, 29), 6d), (months[0].Granularity, months[0].Total, months[0].Count, months[0].Last, months[0].LastValue));
        Assert.Equal((PeriodGranularity.Month, 99d, 1, new DateOnly(2014, 9, 1), 99d), (months[1].Granularity, months[1].Total, months[1].Count, months[1].Last, months[1].LastValue));
    }
}

/// <summary>The writes and checks of <see cref="ObservationMonthsTests"/>, on a migrated database of either provider.</summary>
internal static class ObservationMonthsScenario
{
    private static readonly WriteProvenance Collector = new(ObservationSource.Collector, "test");

    public static async Task RunAsync(IDbContextFactory<DashboardDbContext> factory)
    {
        int placements, followers, county, channel;
        await using (var db = await factory.CreateDbContextAsync())
        {
            placements = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements)).Id;
            followers = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboFollowers)).Id;
            county = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            channel = (await db.Channels.FirstAsync(c => c.CountyId == county)).Id;
        }

        static Period Day(int month, int day) => Period.Day(new DateOnly(2014, month, day));
        async Task WriteAsync(params ObservationWrite[] writes)
        {
            await using var db = await factory.CreateDbContextAsync();
            await new ObservationWriter(TimeProvider.System).UpsertAsync(db, writes, Collector, CancellationToken.None);
        }

        // A channel's and the county's own days of one month are two sources; a month reading is a group of its
        // own; a gauge's days arrive out of order.
        await WriteAsync(
            new(placements, county, channel, Day(9, 3), 5),
            new(placements, county, channel, Day(9, 1), 2),
            new(placements, county, channel, Day(9, 30), 7),
            new(placements, county, null, Day(9, 2), 10),
            new(placements, county, null, Period.Month(2014, 9), 100),
            new(placements, county, channel, Day(10, 1), 1),
            new(followers, county, channel, Day(9, 10), 300),
            new(followers, county, channel, Day(9, 20), 320),
            new(followers, county, channel, Day(9, 5), 290));
        var months = await AssertMatchesReadingsAsync(factory);
        Assert.Equal(5, months.Count);
        Assert.Equal((14d, 3), Find(months, placements, channel, 9) is { } p ? (p.Total, p.Count) : default);
        Assert.Equal((10d, 1), Find(months, placements, null, 9) is { } c ? (c.Total, c.Count) : default);
        Assert.Equal((100d, 1), Find(months, placements, null, 9, PeriodGranularity.Month) is { } m ? (m.Total, m.Count) : default);
        Assert.Equal((new DateOnly(2014, 9, 20), 320d), Find(months, followers, channel, 9) is { } f ? (f.Last, f.LastValue) : default);

        // The writer changes a counter's day and the gauge's last day.
        await WriteAsync(new(placements, county, channel, Day(9, 30), 8), new(followers, county, channel, Day(9, 20), 330));
        months = await AssertMatchesReadingsAsync(factory);
        Assert.Equal(15, Find(months, placements, channel, 9)!.Total);
        Assert.Equal(330, Find(months, followers, channel, 9)!.LastValue);

        // One statement changes many rows; another moves a day into the next month.
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Observations.Where(o => o.MetricId == placements && o.Granularity == PeriodGranularity.Day)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Value, o => o.Value + 1));
            await db.Observations.Where(o => o.MetricId == placements && o.ChannelId == channel && o.PeriodStart == new DateOnly(2014, 9, 3))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.PeriodStart, new DateOnly(2014, 10, 3)));
        }

        months = await AssertMatchesReadingsAsync(factory);
        Assert.Equal((12d, 2), Find(months, placements, channel, 9) is { } moved ? (moved.Total, moved.Count) : default);
        Assert.Equal((8d, 2), Find(months, placements, channel, 10) is { } october ? (october.Total, october.Count) : default);

        // The gauge's last day is deleted: the day before it is the last. A month left without days has no row.
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Observations.Where(o => o.MetricId == followers && o.PeriodStart == new DateOnly(2014, 9, 20)).ExecuteDeleteAsync();
            await db.Observations.Where(o => o.MetricId == placements && o.PeriodStart >= new DateOnly(2014, 10, 1)).ExecuteDeleteAsync();
        }

        months = await AssertMatchesReadingsAsync(factory);
        Assert.Equal((new DateOnly(2014, 9, 10), 300d), Find(months, followers, channel, 9) is { } left ? (left.Last, left.LastValue) : default);
        Assert.Null(Find(months, placements, channel, 10));
    }

    private static ObservationMonth? Find(List<ObservationMonth> months, int metric, int? channel, int month, PeriodGranularity granularity = PeriodGranularity.Day) =>
        months.SingleOrDefault(m => m.MetricId == metric && m.ChannelId == channel && m.Granularity == granularity && m.Month == new DateOnly(2014, month, 1));

    // What the readings give, computed here from the rows themselves, equals what the table holds.
    private static async Task<List<ObservationMonth>> AssertMatchesReadingsAsync(IDbContextFactory<DashboardDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var readings = await db.Observations.AsNoTracking().ToListAsync();
        var expected = readings
            .GroupBy(o => (o.MetricId, o.CountyId, o.ChannelId, o.Granularity, Month: new DateOnly(o.PeriodStart.Year, o.PeriodStart.Month, 1)))
            .Select(g => (g.Key.MetricId, g.Key.CountyId, g.Key.ChannelId, g.Key.Granularity, g.Key.Month, g.Sum(o => o.Value), g.Count(), g.Max(o => o.PeriodStart), g.MaxBy(o => o.PeriodStart)!.Value))
            .Order()
            .ToList();
        var months = await db.ObservationMonths.AsNoTracking().ToListAsync();
        Assert.Equal(expected, months.Select(m => (m.MetricId, m.CountyId, m.ChannelId, m.Granularity, m.Month, m.Total, m.Count, m.Last, m.LastValue)).Order().ToList());
        return months;
    }
}
