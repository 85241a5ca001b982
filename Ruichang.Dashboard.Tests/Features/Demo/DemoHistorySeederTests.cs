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
    public async Task A_start_a_month_later_adds_that_month_only()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);
        await using var before = database.CreateContext();
        var counts = await CountAsync(before);
        var december = new DateOnly(2026, 12, 1);
        var snapshot = await SnapshotAsync(before, december);

        time.Advance(TimeSpan.FromDays(30));
        var result = await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);

        await using var after = database.CreateContext();
        var expected = DemoHistory.Generate(new DateOnly(2026, 12, 28)).Figures.Count(f => f.Period.Start == december);
        var added = await after.Observations.Where(o => o.PeriodStart >= december).ToListAsync();
        Assert.Equal(expected, result.Observations);
        Assert.Equal(expected, added.Count);
        Assert.All(added, o => Assert.Equal(december, o.PeriodStart));
        Assert.Equal(counts.Observations + expected, await after.Observations.CountAsync());
        Assert.Equal(snapshot, await SnapshotAsync(after, december));
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
        Assert.Equal(DemoHistory.Generate(new DateOnly(2026, 11, 28)).Figures.Count - 1, result.Observations);
    }
}
