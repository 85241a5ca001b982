using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Overview;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>
/// The dashboards' reads over ten years of daily figures for the thirteen counties and every metric (about
/// 900,000 observations; one county's figures come from two channels instead of the county, and every January
/// has a county-level month figure beside its days), each against the same aggregate written by hand in SQL on
/// the same database: the design's rule in one statement (each source's month is its month reading or built
/// from its days, a county-level figure is the county's figure, months summed or the latest taken), whose
/// figures are checked equal to what the page shows. Both read the readings as the database keeps them taken
/// together by source, granularity and month (ObservationMonths, kept by triggers as the seed writes the days). Best of five
/// after three seconds of warm-up; target at most 1.5 times the hand-written SQL and under 50 ms.
/// </summary>
[Collection(BenchReport.Collection)]
[Trait("Category", BenchReport.Category)]
public sealed class DashboardQueryBenchmarks : IDisposable
{
    public const double Target = 1.5;
    public const double MaxMilliseconds = 50;
    private const int Years = 10;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly DateOnly Today = new(2026, 11, 20);

    private readonly TestDatabase _database = new();
    private readonly CountyClock _clock = new(
        new FakeTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(4, 0)), TimeSpan.Zero)), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Ranking_and_overview_queries_over_ten_years_of_daily_figures()
    {
        var metrics = await SeedAsync();
        var observations = new ObservationQueries(_database.Factory);
        var rankings = new RankingQueries(_database.Factory, observations, _clock);
        var overview = new OverviewQueries(_database.Factory, observations, _clock, new FakeTimeProvider(_clock.Now));
        var placements = metrics.Single(m => m.Key == MetricKeys.ArticlePlacements);

        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();

        // Every county's figure as the page shows it equals the hand-written rule's, then both are timed.
        async Task RankingAsync(string name, RankingPeriod period)
        {
            var ranking = await rankings.GetAsync(placements, period, FigureView.All, CancellationToken.None);
            Assert.Equal(await HandRankingAsync(connection, placements, period), ranking.Rows.ToDictionary(r => r.County.Id, r => r.Place.Value));
            await ReportAsync(name, () => rankings.GetAsync(placements, period, FigureView.All, CancellationToken.None), () => HandRankingAsync(connection, placements, period));
        }

        await RankingAsync("ranking-query-month", RankingPeriod.Month(_clock.CurrentMonth.Previous()));
        await RankingAsync("ranking-query-year-to-date", RankingPeriod.YearToDate(_clock.CurrentMonth));

        var cards = metrics.Where(m => OverviewQueries.CardMetrics.Contains(m.Key)).ToList();
        var model = (await overview.GetAsync(FigureView.All, CancellationToken.None))!;
        var hand = await HandOverviewAsync(connection, cards);
        foreach (var trend in model.Trends)
        {
            Assert.Equal(model.TrendMonths.Select(p => hand.GetValueOrDefault((model.Home.Id, trend.Metric.Id, p.Start))), trend.Home);
        }

        await ReportAsync("overview-query", () => overview.GetAsync(FigureView.All, CancellationToken.None), () => HandOverviewAsync(connection, cards));
    }

    private static async Task ReportAsync(string name, Func<Task> query, Func<Task> bare)
    {
        var ours = await BestAsync(query);
        var hand = await BestAsync(bare);
        await BenchReport.WriteAsync(new BenchFigure(name, ours.TotalMilliseconds, "ms", ours / hand, Target, "hand-written SQL aggregate", MaxValue: MaxMilliseconds));
    }

    // Warmed up for a while, until the runtime has optimised the code (tiered compilation instruments, then
    // recompiles, a method after some calls, in the background): after two calls a run of this benchmark
    // alone timed unoptimised code, up to three times slower than after the other benchmarks of
    // scripts/bench.sh had run in the same process.
    private static async Task<TimeSpan> BestAsync(Func<Task> work)
    {
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < WarmUp)
        {
            await work();
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var time = await CollectionBenchmarks.TimeAsync(work);
            best = time < best ? time : best;
        }

        return best;
    }

    /// <summary>
    /// Each county's figure per month by the design's rule, in SQL: a source's (a channel's, or the county's
    /// own) month is its month reading when it has one (the lowest granularity of the group; SQLite takes the
    /// bare column from the MIN row), else its days summed (a counter) or its last day's reading (a gauge), as
    /// ObservationMonths holds them; a county's month is its county-level figure when it has one, else its
    /// channels summed.
    /// </summary>
    private static string CountyMonthsSql(string metricIds) => $"""
        WITH source_month AS (
            SELECT s."CountyId", s."MetricId", s."ChannelId", substr(s."Month", 1, 7) AS "Month", MIN(s."Granularity"),
                   CASE WHEN m."Kind" = {(int)MetricKind.Counter} THEN s."Total" ELSE s."LastValue" END AS "Value"
            FROM "ObservationMonths" AS s JOIN "Metrics" AS m ON m."Id" = s."MetricId"
            WHERE s."MetricId" IN ({metricIds}) AND s."Month" >= $from AND s."Month" <= $to
            GROUP BY s."CountyId", s."MetricId", s."ChannelId", s."Month")
        SELECT "CountyId", "MetricId", "Month",
               CASE WHEN MAX("ChannelId" IS NULL) = 1 THEN SUM(CASE WHEN "ChannelId" IS NULL THEN "Value" END) ELSE SUM("Value") END AS "Value"
        FROM source_month
        GROUP BY "CountyId", "MetricId", "Month"
        """;

    private static string MonthText(Period month) => month.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    // A counter's ranking: each county's months summed over the period and over the period before.
    private static async Task<Dictionary<int, double?>> HandRankingAsync(SqliteConnection connection, MetricDefinition metric, RankingPeriod period)
    {
        Assert.Equal(MetricKind.Counter, metric.Kind);
        var previous = period.Previous();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH county_month AS ({CountyMonthsSql("$m")})
            SELECT c."Id",
                   (SELECT SUM("Value") FROM county_month AS f WHERE f."CountyId" = c."Id" AND f."Month" BETWEEN $first AND $last),
                   (SELECT SUM("Value") FROM county_month AS f WHERE f."CountyId" = c."Id" AND f."Month" BETWEEN $previousFirst AND $previousLast)
            FROM "Counties" AS c
            """;
        command.Parameters.AddWithValue("$m", metric.Id);
        command.Parameters.AddWithValue("$from", previous.First.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", period.Last.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$first", MonthText(period.First));
        command.Parameters.AddWithValue("$last", MonthText(period.Last));
        command.Parameters.AddWithValue("$previousFirst", MonthText(previous.First));
        command.Parameters.AddWithValue("$previousLast", MonthText(previous.Last));
        var figures = new Dictionary<int, double?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            figures[reader.GetInt32(0)] = reader.IsDBNull(1) ? null : reader.GetDouble(1);
        }

        return figures;
    }

    // Every county's figure per month over the thirteen months of the overview, for its card metrics.
    private async Task<Dictionary<(int CountyId, int MetricId, DateOnly Month), double?>> HandOverviewAsync(SqliteConnection connection, List<MetricDefinition> cards)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = CountyMonthsSql(string.Join(", ", cards.Select(m => m.Id)));
        command.Parameters.AddWithValue("$from", _clock.CurrentMonth.Start.AddMonths(-(OverviewQueries.TrendLength - 1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", _clock.CurrentMonth.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var figures = new Dictionary<(int, int, DateOnly), double?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            figures[(reader.GetInt32(0), reader.GetInt32(1), DateOnly.ParseExact(reader.GetString(2) + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture))] = reader.GetDouble(3);
        }

        return figures;
    }

    /// <summary>
    /// Ten years of day readings of every metric for every county, written in one transaction: county-level
    /// for all counties but one, whose figures come from two channels; and in every January a county-level
    /// month figure besides the days (an entered notice, which is the county's figure for that month).
    /// </summary>
    private async Task<List<MetricDefinition>> SeedAsync()
    {
        await _database.MigrateAsync();
        List<MetricDefinition> metrics;
        List<int> counties;
        List<int> channels;
        await using (var db = _database.CreateContext())
        {
            metrics = await db.Metrics.AsNoTracking().ToListAsync();
            counties = await db.Counties.OrderBy(c => c.DisplayOrder).Select(c => c.Id).ToListAsync();
            var byChannels = counties[1];
            var added = Enumerable.Range(1, 2).Select(n => new Channel { CountyId = byChannels, Kind = ChannelKinds.Weibo, Name = $"政务微博{n}" }).ToList();
            db.Channels.AddRange(added);
            await db.SaveChangesAsync();
            channels = added.ConvertAll(c => c.Id);
        }

        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO "Observations" ("MetricId", "CountyId", "ChannelId", "Granularity", "PeriodStart", "Value", "Source", "RecordedBy", "RecordedAtUtc", "IsDemo", "Version")
            VALUES ($metric, $county, $channel, $granularity, $day, $value, $source, 'bench', '2026-11-20 00:00:00', 0, 0)
            """;
        var metric = insert.Parameters.Add("$metric", SqliteType.Integer);
        var county = insert.Parameters.Add("$county", SqliteType.Integer);
        var channel = insert.Parameters.Add("$channel", SqliteType.Integer);
        var granularity = insert.Parameters.Add("$granularity", SqliteType.Integer);
        var day = insert.Parameters.Add("$day", SqliteType.Text);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        insert.Parameters.AddWithValue("$source", (int)ObservationSource.Import);
        insert.Prepare();
        var random = new Random(20141);
        async Task InsertAsync(MetricDefinition m, int countyId, int? channelId, PeriodGranularity g, DateOnly d)
        {
            metric.Value = m.Id;
            county.Value = countyId;
            channel.Value = channelId is { } id ? id : DBNull.Value;
            granularity.Value = (int)g;
            day.Value = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            value.Value = m.Kind == MetricKind.Gauge ? 10_000 + (d.DayNumber % 3650) + random.Next(100) : random.Next(g == PeriodGranularity.Month ? 600 : 20);
            await insert.ExecuteNonQueryAsync();
        }

        for (var d = Today.AddYears(-Years); d <= Today; d = d.AddDays(1))
        {
            foreach (var m in metrics)
            {
                foreach (var c in counties)
                {
                    if (c == counties[1])
                    {
                        foreach (var ch in channels)
                        {
                            await InsertAsync(m, c, ch, PeriodGranularity.Day, d);
                        }
                    }
                    else
                    {
                        await InsertAsync(m, c, null, PeriodGranularity.Day, d);
                    }

                    if (d.Month == 1 && d.Day == 1)
                    {
                        await InsertAsync(m, c, null, PeriodGranularity.Month, d);
                    }
                }
            }
        }

        await transaction.CommitAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
        return metrics;
    }
}
