using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Data;

public sealed class ObservationWriterTests : IAsyncLifetime, IDisposable
{
    private static readonly WriteProvenance Collector = new(ObservationSource.Collector, "weibo");
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 10, 1, 0, 0, 0, TimeSpan.Zero));
    private int _metricId;
    private int _countyId;
    private int _channelId;

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        _metricId = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboFollowers)).Id;
        _countyId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
        _channelId = (await db.Channels.FirstAsync(c => c.Kind == ChannelKinds.Weibo)).Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database.Dispose();

    private async Task<UpsertResult> WriteAsync(params ObservationWrite[] writes)
    {
        await using var db = _database.CreateContext();
        return await new ObservationWriter(_time).UpsertAsync(db, writes, Collector, CancellationToken.None);
    }

    private ObservationWrite Followers(int? channel, double value) => new(_metricId, _countyId, channel, Period.Month(2014, 9), value);

    [Fact]
    public async Task Writing_the_same_figures_twice_changes_nothing()
    {
        var first = await WriteAsync(Followers(_channelId, 30_125), Followers(null, 12));
        _time.Advance(TimeSpan.FromHours(1));

        var second = await WriteAsync(Followers(_channelId, 30_125), Followers(null, 12));

        Assert.Equal(new UpsertResult(2, 0, 0), first);
        Assert.Equal(new UpsertResult(0, 0, 2), second);
        await using var db = _database.CreateContext();
        var rows = await db.Observations.ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(0, r.Version));
        Assert.All(rows, r => Assert.Equal(new DateTime(2014, 10, 1, 0, 0, 0, DateTimeKind.Utc), r.RecordedAtUtc));
    }

    [Fact]
    public async Task A_new_value_updates_the_row_in_place_and_bumps_its_version()
    {
        await WriteAsync(Followers(_channelId, 30_000));

        var result = await WriteAsync(Followers(_channelId, 30_125));

        Assert.Equal(new UpsertResult(0, 1, 0), result);
        await using var db = _database.CreateContext();
        var row = await db.Observations.SingleAsync();
        Assert.Equal(30_125, row.Value);
        Assert.Equal(1, row.Version);
    }

    [Fact]
    public async Task The_database_refuses_a_second_row_for_the_same_key_even_without_a_channel()
    {
        await WriteAsync(Followers(null, 1));
        await using var db = _database.CreateContext();
        db.Observations.Add(new Observation
        {
            MetricId = _metricId, CountyId = _countyId, ChannelId = null, Granularity = PeriodGranularity.Month,
            PeriodStart = new DateOnly(2014, 9, 1), Value = 2, Source = ObservationSource.Manual,
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_stale_update_is_refused_by_the_concurrency_token()
    {
        await WriteAsync(Followers(_channelId, 1));
        await using var first = _database.CreateContext();
        await using var second = _database.CreateContext();
        var a = await first.Observations.SingleAsync();
        var b = await second.Observations.SingleAsync();

        a.Value = 2;
        await first.SaveChangesAsync();
        b.Value = 3;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_refused_before_anything_is_written()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(Followers(_channelId, 5), Followers(null, double.NaN)));

        await using var db = _database.CreateContext();
        Assert.Empty(await db.Observations.ToListAsync());
    }
}
