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
/// the same database, whose figures are checked equal to what the page shows. A ranking's is the design's rule
/// in one statement (each source's month is its month reading or built from its days, a county-level figure is
/// the county's figure, months summed or the latest taken); the overview's is everything the overview reads
/// (the months of its trend by that rule, the same days of the months it compares with, its targets, stories and
/// sources) in two commands. Both read the readings as the database keeps them taken together by source,
/// granularity and month (ObservationMonths, kept by triggers as the seed writes the days). Timed in turns after
/// three seconds of warm-up, the best of each counting; target at most 1.5 times the hand-written SQL and under 50 ms.
/// </summary>
[Collection(BenchReport.Collection)]
[Trait("Category", BenchReport.Category)]
public sealed class DashboardQueryBenchmarks : IDisposable
{
    public const double Target = 1.5;
    public const double MaxMilliseconds = 50;
    private const int Years = 10;
    private const int MinRounds = 5;
    private static readonly TimeSpan Timed = TimeSpan.FromSeconds(2);
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
        var hand = await HandOverviewAsync(connection, cards, model.Home.Id);
        AssertSameOverview(model, hand);
        await ReportAsync("overview-query", () => overview.GetAsync(FigureView.All, CancellationToken.None), () => HandOverviewAsync(connection, cards, model.Home.Id));
    }

    private static async Task ReportAsync(string name, Func<Task> query, Func<Task> bare)
    {
        var (ours, hand) = await BestOfEachAsync(query, bare);
        await BenchReport.WriteAsync(new BenchFigure(name, ours.TotalMilliseconds, "ms", ours / hand, Target, "hand-written SQL aggregate", MaxValue: MaxMilliseconds));
    }

    // See BenchTiming.BestOfEachAsync.
    private static Task<(TimeSpan Ours, TimeSpan Hand)> BestOfEachAsync(Func<Task> ours, Func<Task> hand) =>
        BenchTiming.BestOfEachAsync(() => BenchTiming.TimeAsync(ours), () => BenchTiming.TimeAsync(hand), BenchTiming.WarmUp, Timed, MinRounds);

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
        command.Parameters.AddWithValue("$from", DayText(previous.First.Start));
        command.Parameters.AddWithValue("$to", DayText(period.Last.End));
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

    /// <summary>
    /// Everything the overview reads, as written by hand: the latest month with figures of the home county; every
    /// county's figure per month over the thirteen months of the trend; the home county's first days (as many as
    /// the month so far) of the month before and of the same month a year before, from its day readings by the
    /// rule (each day its county-level reading or its channels summed; the days summed for a counter, the last
    /// day's for a gauge) and from its stored stories and commentators' tasks, each with the whole month's (a
    /// counter's days, like the items, count only where they make up the month's figure); its
    /// targets for the year; its latest stories; and its enabled sources.
    /// </summary>
    private sealed record HandOverview(
        Period Month,
        Dictionary<(int CountyId, int MetricId, DateOnly Month), double> Months,
        Dictionary<(DateOnly Month, int MetricId), (double? InDays, double InMonth, bool IsCounter)> DayFigures,
        Dictionary<(DateOnly Month, string MetricKey), (double InDays, double InMonth)> ItemFigures,
        Dictionary<int, double> Targets,
        int LatestArticles,
        int Sources);

    private static readonly string[] ItemMetrics = [MetricKeys.ArticlePlacements, MetricKeys.CommentatorReposts, MetricKeys.CommentatorReplies];

    private async Task<HandOverview> HandOverviewAsync(SqliteConnection connection, List<MetricDefinition> cards, int homeId)
    {
        var ids = string.Join(", ", cards.Select(m => m.Id));
        var dayIds = string.Join(", ", cards.Where(m => !ItemMetrics.Contains(m.Key)).Select(m => m.Id));
        Period month;
        await using (var latest = connection.CreateCommand())
        {
            latest.CommandText = $"""SELECT MAX("PeriodStart") FROM "Observations" WHERE "CountyId" = $home AND "MetricId" IN ({ids}) AND "PeriodStart" <= $notAfter""";
            latest.Parameters.AddWithValue("$home", homeId);
            latest.Parameters.AddWithValue("$notAfter", DayText(_clock.CurrentMonth.End));
            month = Period.MonthOf(DateOnly.ParseExact((string)(await latest.ExecuteScalarAsync())!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        var days = month == _clock.CurrentMonth ? _clock.Today.Day : month.End.Day;
        // The two months whose first days the cards compare with: each its first day, its last counted day and its last day
        // (dates), and the instants its first day starts, its counted days end and the month ends (stories are dated in UTC).
        const string Spans = """
            WITH span ("Month", "First", "Last", "End", "FromUtc", "UntilUtc", "ToUtc") AS (VALUES
                ($m0, $m0, $last0, $end0, $fromUtc0, $untilUtc0, $toUtc0),
                ($m1, $m1, $last1, $end1, $fromUtc1, $untilUtc1, $toUtc1))
            """;
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            {CountyMonthsSql(ids)};
            {Spans},
            day AS (
                SELECT s."Month", o."MetricId", o."PeriodStart" AS "Day",
                       CASE WHEN MAX(o."ChannelId" IS NULL) = 1 THEN SUM(CASE WHEN o."ChannelId" IS NULL THEN o."Value" END) ELSE SUM(o."Value") END AS "Value"
                FROM span AS s JOIN "Observations" AS o
                  ON o."CountyId" = $home AND o."MetricId" IN ({dayIds}) AND o."Granularity" = {(int)PeriodGranularity.Day} AND o."PeriodStart" BETWEEN s."First" AND s."End"
                GROUP BY s."Month", o."MetricId", o."PeriodStart")
            SELECT d."Month", d."MetricId",
                   CASE WHEN m."Kind" = {(int)MetricKind.Counter} THEN SUM(CASE WHEN d."Day" <= s."Last" THEN d."Value" END)
                        ELSE (SELECT x."Value" FROM day AS x WHERE x."Month" = d."Month" AND x."MetricId" = d."MetricId" AND x."Day" <= s."Last" ORDER BY x."Day" DESC LIMIT 1) END,
                   SUM(d."Value"), m."Kind" = {(int)MetricKind.Counter}
            FROM day AS d JOIN "Metrics" AS m ON m."Id" = d."MetricId" JOIN span AS s ON s."Month" = d."Month"
            GROUP BY d."Month", d."MetricId";
            {Spans}
            SELECT s."Month",
                   COUNT(CASE WHEN a."PublishedAtUtc" < s."UntilUtc" AND ch."Kind" <> $ownSite THEN 1 END), COUNT(CASE WHEN ch."Kind" <> $ownSite THEN 1 END)
            FROM span AS s
            JOIN "Articles" AS a ON a."CountyId" = $home AND a."IsBacklog" = 0 AND a."PublishedAtUtc" >= s."FromUtc" AND a."PublishedAtUtc" < s."ToUtc"
            JOIN "Channels" AS ch ON ch."Id" = a."ChannelId"
            GROUP BY s."Month";
            {Spans}
            SELECT s."Month", SUM(CASE WHEN t."Date" <= s."Last" THEN t."Reposts" ELSE 0 END), SUM(t."Reposts"),
                   SUM(CASE WHEN t."Date" <= s."Last" THEN t."Replies" ELSE 0 END), SUM(t."Replies")
            FROM span AS s
            JOIN "CommentatorTasks" AS t ON t."Date" BETWEEN s."First" AND s."End"
            JOIN "Commentators" AS c ON c."Id" = t."CommentatorId" AND c."CountyId" = $home
            GROUP BY s."Month";
            SELECT "MetricId", "Value" FROM "Targets" WHERE "CountyId" = $home AND "Year" = $year AND "MetricId" IN ({ids});
            SELECT a."Title", a."Url", ch."Name", a."PublishedAtUtc"
            FROM "Articles" AS a JOIN "Channels" AS ch ON ch."Id" = a."ChannelId"
            WHERE a."CountyId" = $home ORDER BY a."PublishedAtUtc" DESC LIMIT 8;
            SELECT "Name", "LastSuccessAtUtc" FROM "Channels" WHERE "CountyId" = $home AND "IsEnabled" = 1 ORDER BY "Kind", "Name";
            """;
        command.Parameters.AddWithValue("$home", homeId);
        command.Parameters.AddWithValue("$year", month.Start.Year);
        command.Parameters.AddWithValue("$ownSite", ChannelKinds.OwnSite);
        command.Parameters.AddWithValue("$from", DayText(month.Start.AddMonths(-(OverviewQueries.TrendLength - 1))));
        command.Parameters.AddWithValue("$to", DayText(month.End));
        Period[] compared = [month.Previous(), Period.Month(month.Start.Year - 1, month.Start.Month)];
        for (var i = 0; i < compared.Length; i++)
        {
            var last = compared[i].Start.AddDays(Math.Min(days, compared[i].End.Day) - 1);
            command.Parameters.AddWithValue($"$m{i}", DayText(compared[i].Start));
            command.Parameters.AddWithValue($"$last{i}", DayText(last));
            command.Parameters.AddWithValue($"$end{i}", DayText(compared[i].End));
            command.Parameters.AddWithValue($"$fromUtc{i}", _clock.StartOfDayUtc(compared[i].Start));
            command.Parameters.AddWithValue($"$untilUtc{i}", _clock.StartOfDayUtc(last.AddDays(1)));
            command.Parameters.AddWithValue($"$toUtc{i}", _clock.StartOfDayUtc(compared[i].End.AddDays(1)));
        }

        static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var months = new Dictionary<(int, int, DateOnly), double>();
        var dayFigures = new Dictionary<(DateOnly, int), (double?, double, bool)>();
        var itemFigures = new Dictionary<(DateOnly, string), (double, double)>();
        var targets = new Dictionary<int, double>();
        int latestArticles = 0, sources = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            months[(reader.GetInt32(0), reader.GetInt32(1), Day(reader.GetString(2) + "-01"))] = reader.GetDouble(3);
        }

        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            dayFigures[(Day(reader.GetString(0)), reader.GetInt32(1))] =
                (reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.GetDouble(3), reader.GetBoolean(4));
        }

        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            itemFigures[(Day(reader.GetString(0)), MetricKeys.ArticlePlacements)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            itemFigures[(Day(reader.GetString(0)), MetricKeys.CommentatorReposts)] = (reader.GetInt64(1), reader.GetInt64(2));
            itemFigures[(Day(reader.GetString(0)), MetricKeys.CommentatorReplies)] = (reader.GetInt64(3), reader.GetInt64(4));
        }

        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            targets[reader.GetInt32(0)] = reader.GetDouble(1);
        }

        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            latestArticles++;
        }

        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            sources++;
        }

        return new HandOverview(month, months, dayFigures, itemFigures, targets, latestArticles, sources);
    }

    // The overview shows what the hand-written reads give: each card's month, its first days of the month before and
    // of a year before (counted from items, or a counter's days, only where they make up the month's figure), its target, the trends.
    private static void AssertSameOverview(OverviewModel model, HandOverview hand)
    {
        Assert.Equal(hand.Month, model.Month);
        Assert.True(model.IsSoFar);
        double? Month(int countyId, int metricId, Period p) => hand.Months.TryGetValue((countyId, metricId, p.Start), out var v) ? v : null;
        double? FirstDays(MetricDefinition m, Period p) => ItemMetrics.Contains(m.Key)
            ? hand.ItemFigures.TryGetValue((p.Start, m.Key), out var items) && Month(model.Home.Id, m.Id, p) == items.InMonth ? items.InDays : null
            : hand.DayFigures.TryGetValue((p.Start, m.Id), out var days) && (!days.IsCounter || Month(model.Home.Id, m.Id, p) == days.InMonth) ? days.InDays : null;

        var lastYear = Period.Month(hand.Month.Start.Year - 1, hand.Month.Start.Month);
        foreach (var card in model.Cards)
        {
            Assert.Equal(Month(model.Home.Id, card.Metric.Id, hand.Month), card.Month);
            Assert.Equal(FirstDays(card.Metric, hand.Month.Previous()), card.PreviousMonth);
            Assert.Equal(FirstDays(card.Metric, lastYear), card.LastYear);
            Assert.Equal(hand.Targets.TryGetValue(card.Metric.Id, out var target) ? target : null, card.Target);
        }

        foreach (var trend in model.Trends)
        {
            Assert.Equal(model.TrendMonths.Select(p => Month(model.Home.Id, trend.Metric.Id, p)), trend.Home);
        }

        Assert.Equal(hand.LatestArticles, model.LatestArticles.Count);
        Assert.Equal(hand.Sources, model.Sources.Count);
    }

    private static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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

            // What else the overview reads of the home county: a story a day and a commentator's task a day over its
            // thirteen months and the month before, placed by a news outlet and a commentators' platform, and its targets.
            var home = await db.Counties.SingleAsync(c => c.IsHome);
            var outlet = new Channel { CountyId = home.Id, Kind = ChannelKinds.NewsFeed, Name = "基准订阅源" };
            var platform = new Channel { CountyId = home.Id, Kind = ChannelKinds.CommentatorPlatform, Name = "基准网评平台" };
            var commentator = new Commentator { CountyId = home.Id, Name = "网评员" };
            db.AddRange(outlet, platform, commentator);
            await db.SaveChangesAsync();
            for (var d = Today.AddMonths(-(OverviewQueries.TrendLength + 1)); d <= Today; d = d.AddDays(1))
            {
                var at = _clock.StartOfDayUtc(d).AddHours(10);
                db.Articles.Add(new Article
                {
                    ChannelId = outlet.Id, CountyId = home.Id, Url = $"https://www.jjxw.cn/news/{d.DayNumber}.html", CanonicalUrl = $"https://www.jjxw.cn/news/{d.DayNumber}.html",
                    Title = $"瑞昌新闻{d.DayNumber}", PublishedAtUtc = at, CollectedAtUtc = at,
                });
                db.CommentatorTasks.Add(new CommentatorTask { CommentatorId = commentator.Id, ChannelId = platform.Id, Task = $"任务{d.DayNumber}", Date = d, Reposts = 3, Replies = 1 });
            }

            db.Targets.AddRange(metrics.Where(m => OverviewQueries.CardMetrics.Contains(m.Key)).Select(m => new Target { MetricId = m.Id, CountyId = home.Id, Year = Today.Year, Value = 5000 }));
            await db.SaveChangesAsync();
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
            day.Value = DayText(d);
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
