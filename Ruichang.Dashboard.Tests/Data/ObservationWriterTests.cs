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

    private async Task<UpsertResult> WriteAsync(params ObservationWrite[] writes) => await WriteAsync(Collector, writes);

    private async Task<UpsertResult> WriteAsync(WriteProvenance provenance, ObservationWrite[] writes, params ObservationRemoval[] removals)
    {
        await using var db = _database.CreateContext();
        return await new ObservationWriter(_time).UpsertAsync(db, writes, provenance, CancellationToken.None, removals);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = _database.CreateContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<long> VersionAsync(int? channel)
    {
        await using var db = _database.CreateContext();
        return await db.Observations.Where(o => o.ChannelId == channel).Select(o => o.Version).SingleAsync();
    }

    private async Task ApproveAsync(int year, int month)
    {
        await using var db = _database.CreateContext();
        db.Submissions.Add(new Submission { CountyId = _countyId, Month = new DateOnly(year, month, 1), Status = SubmissionStatus.Approved, ApprovedBy = "admin" });
        await db.SaveChangesAsync();
    }

    private static readonly WriteProvenance Staff = new(ObservationSource.Manual, "zhang", Reason: "通报");

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

    [Fact]
    public async Task Every_insert_change_and_removal_is_audited_with_old_and_new_value_who_source_and_reason()
    {
        await WriteAsync(Staff, [Followers(null, 100)]);
        _time.Advance(TimeSpan.FromMinutes(5));
        await WriteAsync(Staff, [Followers(null, 100)]);
        await WriteAsync(Collector, [Followers(_channelId, 90)]);
        await WriteAsync(Staff, [Followers(null, 120)]);
        await WriteAsync(Staff, [], new ObservationRemoval(_metricId, _countyId, null, Period.Month(2014, 9)));

        var audit = await AuditAsync();
        Assert.Equal(
            [
                (AuditActions.Insert, (string?)null, (string?)"100", (int?)null, ObservationSource.Manual, "zhang"),
                (AuditActions.Insert, null, "90", _channelId, ObservationSource.Collector, "weibo"),
                (AuditActions.Update, "100", "120", null, ObservationSource.Manual, "zhang"),
                (AuditActions.Delete, "120", null, null, ObservationSource.Manual, "zhang"),
            ],
            audit.Select(a => (a.Action, a.OldValue, a.NewValue, a.ChannelId, a.Source!.Value, a.UserName)));
        Assert.All(audit, a => Assert.Equal((_metricId, _countyId, new DateOnly(2014, 9, 1), PeriodGranularity.Month), (a.MetricId!.Value, a.CountyId!.Value, a.PeriodStart!.Value, a.Granularity!.Value)));
        Assert.Equal("通报", audit[0].Reason);
        Assert.Null(audit[1].Reason);
        await using var db = _database.CreateContext();
        Assert.Equal(90, (await db.Observations.SingleAsync()).Value);
    }

    [Fact]
    public async Task Demo_data_is_not_audited()
    {
        await WriteAsync(new WriteProvenance(ObservationSource.Demo, "demo", IsDemo: true), [Followers(_channelId, 1)]);

        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_audit_entry()
    {
        await WriteAsync(Staff, [Followers(null, 1)]);
        await using var db = _database.CreateContext();

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.NewValue, "2")));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.AuditEntries.ExecuteDeleteAsync());
        Assert.Equal("1", (await db.AuditEntries.SingleAsync()).NewValue);
    }

    [Fact]
    public async Task An_approved_month_refuses_entered_and_imported_figures_whole_but_not_collected_ones_nor_an_admins()
    {
        await WriteAsync(Staff, [Followers(null, 1)]);
        await ApproveAsync(2014, 9);
        var october = new ObservationWrite(_metricId, _countyId, null, Period.Month(2014, 10), 7);

        var entered = await Assert.ThrowsAsync<MonthLockedException>(() => WriteAsync(Staff, [october, Followers(null, 2)]));
        await Assert.ThrowsAsync<MonthLockedException>(() => WriteAsync(Staff, [], new ObservationRemoval(_metricId, _countyId, null, Period.Month(2014, 9))));
        await Assert.ThrowsAsync<MonthLockedException>(() => WriteAsync(new WriteProvenance(ObservationSource.Import, "file.xlsx"), [Followers(null, 3)]));
        Assert.Contains("瑞昌市 2014年9月", entered.Message, StringComparison.Ordinal);
        await using (var db = _database.CreateContext())
        {
            Assert.Equal([1], await db.Observations.Select(o => o.Value).ToListAsync());
        }

        Assert.Equal(new UpsertResult(1, 0, 0), await WriteAsync(Collector, [Followers(_channelId, 5)]));
        Assert.Equal(new UpsertResult(0, 1, 0), await WriteAsync(Staff with { MayEditApproved = true }, [Followers(null, 4)]));
        Assert.Equal(new UpsertResult(1, 0, 0), await WriteAsync(Staff, [october]));
    }

    [Fact]
    public async Task A_figure_changed_added_or_removed_by_someone_else_since_it_was_seen_is_a_conflict_and_nothing_is_written()
    {
        await WriteAsync(Staff, [Followers(null, 1)]);
        var seen = await VersionAsync(null);
        await WriteAsync(new WriteProvenance(ObservationSource.Manual, "li"), [Followers(null, 2)]);
        await WriteAsync(Collector, [Followers(_channelId, 9)]);
        var october = new ObservationWrite(_metricId, _countyId, null, Period.Month(2014, 10), 7) { Expected = ExpectedVersion.None };

        var conflict = await Assert.ThrowsAsync<ObservationConflictException>(() => WriteAsync(
            Staff, [october, Followers(null, 3) with { Expected = new ExpectedVersion(seen) }, Followers(_channelId, 8) with { Expected = ExpectedVersion.None }]));

        Assert.Equal(
            [(null, 2.0, "li"), (_channelId, 9.0, "weibo")],
            conflict.Conflicts.OrderBy(c => c.ChannelId.HasValue).Select(c => (c.ChannelId, c.Value, c.RecordedBy)));
        await using (var db = _database.CreateContext())
        {
            Assert.Equal([2.0, 9.0], await db.Observations.OrderBy(o => o.Value).Select(o => o.Value).ToListAsync());
        }

        var current = await VersionAsync(null);
        await WriteAsync(Collector, [], new ObservationRemoval(_metricId, _countyId, _channelId, Period.Month(2014, 9)));
        var gone = await Assert.ThrowsAsync<ObservationConflictException>(() => WriteAsync(
            Staff, [Followers(_channelId, 8) with { Expected = new ExpectedVersion(0) }]));
        Assert.Null(Assert.Single(gone.Conflicts).Value);

        Assert.Equal(new UpsertResult(1, 1, 0), await WriteAsync(Staff, [october, Followers(null, 3) with { Expected = new ExpectedVersion(current) }]));
    }

    [Fact]
    public async Task A_collector_never_overwrites_a_figure_someone_entered_or_imported()
    {
        await WriteAsync(Staff, [Followers(null, 100)]);
        await WriteAsync(new WriteProvenance(ObservationSource.Import, "notice.xlsx"), [Followers(_channelId, 7)]);

        var collected = await WriteAsync(Collector, [Followers(null, 90), Followers(_channelId, 8)]);

        Assert.Equal(new UpsertResult(0, 0, 2), collected);
        await using var db = _database.CreateContext();
        Assert.Equal([7.0, 100.0], await db.Observations.OrderBy(o => o.Value).Select(o => o.Value).ToListAsync());
    }
}
