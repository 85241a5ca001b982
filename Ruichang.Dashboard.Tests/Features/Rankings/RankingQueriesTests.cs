using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Rankings;

/// <summary>Rankings read from a real SQLite database migrated by the app's migrations, on 15 September 2014.</summary>
public sealed class RankingQueriesTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly CountyClock _clock = new(
        new FakeTimeProvider(new DateTimeOffset(2014, 9, 15, 2, 0, 0, TimeSpan.Zero)), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    public void Dispose() => _database.Dispose();

    private RankingQueries Queries => new(_database.Factory, new ObservationQueries(_database.Factory), _clock);

    private async Task<(Dictionary<string, County> Counties, Dictionary<string, MetricDefinition> Metrics, List<Channel> HomeWeibo)> SeedAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        return (
            await db.Counties.ToDictionaryAsync(c => c.Code),
            await db.Metrics.ToDictionaryAsync(m => m.Key),
            await db.Channels.Where(c => c.Kind == ChannelKinds.Weibo && c.County!.IsHome).OrderBy(c => c.Id).ToListAsync());
    }

    private async Task WriteAsync(params ObservationWrite[] writes)
    {
        await using var db = _database.CreateContext();
        await new ObservationWriter(TimeProvider.System).UpsertAsync(db, writes, new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
    }

    [Fact]
    public async Task A_quarter_is_built_month_by_month_with_a_county_level_figure_standing_for_its_month()
    {
        var (counties, metrics, weibo) = await SeedAsync();
        var posts = metrics[MetricKeys.WeiboPosts].Id;
        var home = counties["360481"].Id;
        var wuning = counties["360423"].Id;
        await WriteAsync(
            // Ruichang: July from the prefecture's notice (150) beside collected channels (100 + 40, detail only);
            // August and September from the channels alone.
            new(posts, home, null, Period.Month(2014, 7), 150),
            new(posts, home, weibo[0].Id, Period.Month(2014, 7), 100),
            new(posts, home, weibo[1].Id, Period.Month(2014, 7), 40),
            new(posts, home, weibo[0].Id, Period.Month(2014, 8), 60),
            new(posts, home, weibo[1].Id, Period.Month(2014, 9), 30),
            // Wuning: county-level figures only, 70 a month; first in Q2 against Ruichang's nothing.
            new(posts, wuning, null, Period.Month(2014, 7), 70),
            new(posts, wuning, null, Period.Month(2014, 8), 70),
            new(posts, wuning, null, Period.Month(2014, 9), 70),
            new(posts, wuning, null, Period.Month(2014, 6), 5));

        var ranking = await Queries.GetAsync(metrics[MetricKeys.WeiboPosts], RankingPeriod.Quarter(2014, 3), FigureView.All, CancellationToken.None);

        Assert.Equal(13, ranking.Rows.Count);
        var first = ranking.Rows[0];
        Assert.Equal(("360481", 240.0, 1), (first.County.Code, first.Place.Value!.Value, first.Place.Rank!.Value));
        Assert.Equal(("360423", 210.0, 2), (ranking.Rows[1].County.Code, ranking.Rows[1].Place.Value!.Value, ranking.Rows[1].Place.Rank!.Value));
        Assert.Equal(1, ranking.Rows[1].Place.PreviousRank);
        Assert.Equal(31, ranking.Rows[1].Place.GapToAbove);
        // The other eleven have no figure: unranked, after the ranked, never zero.
        Assert.All(ranking.Rows.Skip(2), r => Assert.Equal((null, null), (r.Place.Rank, r.Place.Value)));
        Assert.True(ranking.IsSoFar);
        Assert.Equal(new DateOnly(2014, 9, 15), ranking.AsOf);
    }

    [Fact]
    public async Task The_gap_names_the_county_to_overtake()
    {
        var (counties, metrics, _) = await SeedAsync();
        var placements = metrics[MetricKeys.ArticlePlacements].Id;
        await WriteAsync(
            new(placements, counties["360481"].Id, null, Period.Month(2014, 8), 95),
            new(placements, counties["360402"].Id, null, Period.Month(2014, 8), 120),
            new(placements, counties["360403"].Id, null, Period.Month(2014, 8), 0));

        var ranking = await Queries.GetAsync(metrics[MetricKeys.ArticlePlacements], RankingPeriod.Month(Period.Month(2014, 8)), FigureView.All, CancellationToken.None);

        var home = ranking.Home!;
        Assert.Equal((2, 26.0, "濂溪区"), (home.Place.Rank!.Value, home.Place.GapToAbove!.Value, home.Above!.Name));
        Assert.Equal((3, 0.0), (ranking.Rows[2].Place.Rank!.Value, ranking.Rows[2].Place.Value!.Value));
        Assert.False(ranking.IsSoFar);
        Assert.Equal(new DateOnly(2014, 8, 31), ranking.AsOf);
    }

    [Fact]
    public async Task The_weibo_index_of_a_quarter_comes_from_the_quarters_totals_not_from_the_monthly_indexes()
    {
        var (counties, metrics, weibo) = await SeedAsync();
        var home = counties["360481"].Id;
        List<ObservationWrite> writes = [];
        foreach (var month in new[] { 7, 8, 9 })
        {
            var p = Period.Month(2014, month);
            writes.Add(new(metrics[MetricKeys.WeiboPosts].Id, home, weibo[0].Id, p, 100));
            writes.Add(new(metrics[MetricKeys.WeiboReposts].Id, home, weibo[0].Id, p, 50));
            writes.Add(new(metrics[MetricKeys.WeiboComments].Id, home, weibo[0].Id, p, 20));
            writes.Add(new(metrics[MetricKeys.WeiboLikes].Id, home, weibo[0].Id, p, 300));
            // The stored monthly index must not be summed or carried over into the quarter.
            writes.Add(new(metrics[MetricKeys.WeiboBci].Id, home, null, p, 999));
        }

        await WriteAsync([.. writes]);

        var ranking = await Queries.GetAsync(metrics[MetricKeys.WeiboBci], RankingPeriod.Quarter(2014, 3), FigureView.All, CancellationToken.None);

        Assert.Equal(Math.Round(WeiboIndex.Bci(300, 150, 60, 900), 2), ranking.Home!.Place.Value);
        var account = Assert.Single(await Queries.GetAccountIndexesAsync(RankingPeriod.Quarter(2014, 3), FigureView.All, CancellationToken.None));
        Assert.Equal((weibo[0].Id, ranking.Home.Place.Value!.Value, 300.0), (account.Account.Id, account.Bci, account.Posts));
    }

    [Fact]
    public async Task Metrics_ranked_together_rank_as_each_does_alone_the_index_too()
    {
        var (counties, metrics, weibo) = await SeedAsync();
        var home = counties["360481"].Id;
        var september = Period.Month(2014, 9);
        await WriteAsync(
            new(metrics[MetricKeys.WeiboPosts].Id, home, weibo[0].Id, september, 100),
            new(metrics[MetricKeys.WeiboReposts].Id, home, weibo[0].Id, september, 50),
            new(metrics[MetricKeys.ArticlePlacements].Id, home, null, september, 40),
            new(metrics[MetricKeys.ArticlePlacements].Id, counties["360423"].Id, null, september, 55),
            new(metrics[MetricKeys.ArticlePlacements].Id, counties["360423"].Id, null, Period.Month(2014, 8), 10));
        MetricDefinition[] asked = [metrics[MetricKeys.WeiboBci], metrics[MetricKeys.ArticlePlacements], metrics[MetricKeys.WeiboPosts]];
        var period = RankingPeriod.Month(september);

        var together = await Queries.GetAsync(asked, period, FigureView.All, CancellationToken.None);

        Assert.Equal(asked.Select(m => m.Key), together.Select(r => r.Metric.Key));
        foreach (var (metric, ranking) in asked.Zip(together))
        {
            var alone = await Queries.GetAsync(metric, period, FigureView.All, CancellationToken.None);
            Assert.Equal(alone.Rows.Select(r => (r.County.Id, r.Place)), ranking.Rows.Select(r => (r.County.Id, r.Place)));
        }

        Assert.Equal(Math.Round(WeiboIndex.Bci(100, 50, 0, 0), 2), together[0].Home!.Place.Value);
        Assert.Equal((2, 55.0), (together[1].Home!.Place.Rank!.Value, together[1].Rows[0].Place.Value!.Value));
    }

    [Fact]
    public async Task The_home_countys_published_positions_come_oldest_first()
    {
        var (counties, _, _) = await SeedAsync();
        await using (var db = _database.CreateContext())
        {
            foreach (var (quarter, rank) in new[] { (3, 11), (2, 16) })
            {
                db.ExternalRankings.Add(new ExternalRanking
                {
                    ListName = "江西政务微博排行榜", PeriodLabel = $"2014年第{quarter}季度",
                    PeriodStart = new DateOnly(2014, (3 * quarter) - 2, 1), PeriodEnd = new DateOnly(2014, 3 * quarter, 1).AddMonths(1).AddDays(-1),
                    Entries =
                    [
                        new ExternalRankingEntry { CountyId = counties["360481"].Id, AccountName = "九江瑞昌发布", Rank = rank, Score = 80 },
                        new ExternalRankingEntry { CountyId = counties["360423"].Id, AccountName = "武宁发布", Rank = 3 },
                    ],
                });
            }

            await db.SaveChangesAsync();
        }

        var positions = await Queries.GetHomePositionsAsync(CancellationToken.None);

        Assert.Equal([("2014年第2季度", 16), ("2014年第3季度", 11)], positions.Select(p => (p.PeriodLabel, p.Rank)));
    }

    [Fact]
    public async Task The_home_countys_pacing_projects_its_year_to_date_against_its_target_and_is_absent_without_one()
    {
        var (counties, metrics, _) = await SeedAsync();
        var placements = metrics[MetricKeys.ArticlePlacements];
        Assert.Null(await Queries.GetHomePacingAsync(placements, FigureView.All, CancellationToken.None));

        var home = counties["360481"].Id;
        // 100 a month from January to August and 50 so far in September: 850 by 15 September, day 258 of 365.
        await WriteAsync([.. Enumerable.Range(1, 9).Select(m => new ObservationWrite(placements.Id, home, null, Period.Month(2014, m), m == 9 ? 50 : 100))]);
        await using (var db = _database.CreateContext())
        {
            db.Targets.Add(new Target { MetricId = placements.Id, CountyId = home, Year = 2014, Value = 2000 });
            db.Targets.Add(new Target { MetricId = placements.Id, CountyId = home, Year = 2013, Value = 1 });
            await db.SaveChangesAsync();
        }

        var pacing = await Queries.GetHomePacingAsync(placements, FigureView.All, CancellationToken.None);

        Assert.Equal((Math.Round(850.0 * 365 / 258), 2000.0), (pacing!.Projected, pacing.Target));
        Assert.False(pacing.OnTrack);
    }
}
