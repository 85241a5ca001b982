using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Demo;

/// <summary>The demo seeder on a test database, with the clock fixed at noon on 28 November 2026 in Ruichang.</summary>
internal static class DemoTestSetup
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary><see cref="Now"/> as the county reads it: 28 November 2026, 12:00.</summary>
    public static readonly DateTime NowLocal = new(2026, 11, 28, 12, 0, 0);

    public static FakeTimeProvider Clock() => new(Now);

    /// <summary>The demo's address for its collectors, as <c>Demo:SourcesBaseUrl</c> sets it (or the fallback when null).</summary>
    public static DemoSourcesAddress Address(string? baseUrl = "http://localhost:5080/") =>
        new(Options.Create(new DemoOptions { SourcesBaseUrl = baseUrl }));

    public static DemoSourcesSeeder SourcesSeeder(TestDatabase database, TimeProvider time, string? baseUrl = "http://localhost:5080/") =>
        new(database.Factory, Address(baseUrl), new CountyClock(time, Shanghai), NullLogger<DemoSourcesSeeder>.Instance);

    public static PurgeDemoVerb Purge(TestDatabase database, string? baseUrl = null, bool enabled = false) =>
        new(database.Factory, Options.Create(new DemoOptions { SourcesBaseUrl = baseUrl, Enabled = enabled }));

    public static DemoHistorySeeder Seeder(TestDatabase database, TimeProvider time) =>
        new(database.Factory, new ObservationWriter(time), new CountyClock(time, Shanghai), NullLogger<DemoHistorySeeder>.Instance);

    /// <summary>A county's figure for a metric over months [from, to]: the counter summed over its channels and months.</summary>
    public static async Task<double> SumAsync(DashboardDbContext db, string metric, string county, Period from, Period to)
    {
        var values = await Rows(db, metric, county).Where(o => o.PeriodStart >= from.Start && o.PeriodStart <= to.Start).Select(o => o.Value).ToListAsync();
        return values.Sum();
    }

    /// <summary>A county's gauge at a month: each channel's reading that month, summed over the channels.</summary>
    public static async Task<double?> GaugeAsync(DashboardDbContext db, string metric, string county, Period month)
    {
        var values = await Rows(db, metric, county).Where(o => o.PeriodStart == month.Start).Select(o => o.Value).ToListAsync();
        return values.Count == 0 ? null : values.Sum();
    }

    public static IQueryable<Observation> Rows(DashboardDbContext db, string metric, string county) =>
        db.Observations.Where(o => o.Metric!.Key == metric && o.County!.Code == county && o.Granularity == PeriodGranularity.Month);

    /// <summary>Every observation as text, in key order: equal snapshots mean nothing was added or changed.</summary>
    public static async Task<List<string>> SnapshotAsync(DashboardDbContext db, DateOnly? before = null)
    {
        var rows = await db.Observations.AsNoTracking()
            .Where(o => before == null || o.PeriodStart < before)
            .OrderBy(o => o.MetricId).ThenBy(o => o.CountyId).ThenBy(o => o.ChannelId).ThenBy(o => o.PeriodStart)
            .Select(o => new { o.Id, o.MetricId, o.CountyId, o.ChannelId, o.PeriodStart, o.Value, o.Source, o.IsDemo, o.Version, o.RecordedAtUtc })
            .ToListAsync();
        return [.. rows.Select(r => FormattableString.Invariant($"{r.Id}|{r.MetricId}|{r.CountyId}|{r.ChannelId}|{r.PeriodStart:yyyy-MM}|{r.Value:R}|{r.Source}|{r.IsDemo}|{r.Version}|{r.RecordedAtUtc:O}"))];
    }

    /// <summary>The day readings (the home Weibo accounts' daily followers), by row id.</summary>
    public static Task<Dictionary<long, double>> DaysAsync(DashboardDbContext db) =>
        db.Observations.Where(o => o.Granularity == PeriodGranularity.Day).ToDictionaryAsync(o => o.Id, o => o.Value);

    /// <summary>How many of <paramref name="after"/>'s rows are new or have another value than in <paramref name="before"/>.</summary>
    public static int Written(Dictionary<long, double> before, Dictionary<long, double> after) =>
        after.Count(a => !before.TryGetValue(a.Key, out var value) || value != a.Value);

    public static async Task<(int Observations, int Commentators, int Activity, int Articles, int Rankings, int Entries)> CountAsync(DashboardDbContext db) =>
        (await db.Observations.CountAsync(), await db.Commentators.CountAsync(), await db.CommentatorActivity.CountAsync(),
            await db.Articles.CountAsync(), await db.ExternalRankings.CountAsync(), await db.ExternalRankingEntries.CountAsync());
}

/// <summary>One database seeded once, for the tests that only read the demo history.</summary>
public sealed class SeededDemoDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public DemoSeedResult Result { get; private set; } = null!;

    public TimeSpan Elapsed { get; private set; }

    public async Task InitializeAsync()
    {
        await Database.MigrateAsync();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Result = await DemoTestSetup.Seeder(Database, DemoTestSetup.Clock()).SeedHistoryAsync(CancellationToken.None);
        Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    public Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }
}
