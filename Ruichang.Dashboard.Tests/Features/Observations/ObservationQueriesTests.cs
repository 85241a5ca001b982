using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Observations;

/// <summary>Series read from a real SQLite database holding a county-level figure beside its channels' figures.</summary>
public sealed class ObservationQueriesTests : IDisposable
{
    private static readonly Period September = Period.Month(2014, 9);
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>September's followers: the prefecture's notice says 31,000; two accounts were collected at 21,000 and 9,000.</summary>
    private async Task<(MetricDefinition Metric, int HomeId, int Account)> SeedAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        var home = await db.Counties.SingleAsync(c => c.IsHome);
        var followers = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboFollowers);
        var weibo = await db.Channels.Where(c => c.Kind == ChannelKinds.Weibo).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        List<ObservationWrite> writes =
        [
            new(followers.Id, home.Id, null, September, 31_000),
            new(followers.Id, home.Id, weibo[0], September, 21_000),
            new(followers.Id, home.Id, weibo[1], September, 9_000),
        ];
        await new ObservationWriter(TimeProvider.System).UpsertAsync(db, writes, new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
        return (followers, home.Id, weibo[0]);
    }

    [Fact]
    public async Task The_countys_series_is_its_county_level_figure_not_that_plus_its_channels()
    {
        var (metric, homeId, _) = await SeedAsync();

        var series = await new ObservationQueries(_database.Factory).GetSeriesAsync(metric, homeId, September, September, null, FigureView.All, CancellationToken.None);

        Assert.Equal(31_000, Assert.Single(series).Value);
    }

    [Fact]
    public async Task A_channels_series_is_its_own_figure_beside_a_county_level_figure()
    {
        var (metric, homeId, account) = await SeedAsync();

        var series = await new ObservationQueries(_database.Factory).GetSeriesAsync(metric, homeId, September, September, account, FigureView.All, CancellationToken.None);

        Assert.Equal(21_000, Assert.Single(series).Value);
    }

    [Fact]
    public async Task Readings_reduced_to_months_in_the_database_give_every_month_and_quarter_the_figure_of_the_day_rows()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        var counties = await db.Counties.OrderBy(c => c.Id).Take(2).ToListAsync();
        var metrics = await db.Metrics.Where(m => m.Key == MetricKeys.WeiboFollowers || m.Key == MetricKeys.WeiboPosts).ToListAsync();
        var channel = await db.Channels.Where(c => c.CountyId == counties[0].Id).Select(c => (int?)c.Id).FirstOrDefaultAsync();
        var random = new Random(7);
        List<ObservationWrite> writes = [];
        foreach (var m in metrics)
        {
            foreach (var county in counties)
            {
                // Day readings on some days of July to September, for the county and (in the first) a channel;
                // August also has a whole-month reading for the county, which stands for its days.
                foreach (var source in county == counties[0] ? new[] { null, channel } : [null])
                {
                    for (var d = new DateOnly(2014, 7, 1); d <= new DateOnly(2014, 9, 30); d = d.AddDays(1 + random.Next(4)))
                    {
                        writes.Add(new(m.Id, county.Id, source, Period.Day(d), random.Next(1000)));
                    }
                }

                writes.Add(new(m.Id, county.Id, null, Period.Month(2014, 8), 5000));
            }
        }

        await new ObservationWriter(TimeProvider.System).UpsertAsync(db, writes, new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
        var queries = new ObservationQueries(_database.Factory);

        var monthly = await queries.LoadMonthlyReadingsAsync(metrics, new DateOnly(2014, 7, 1), new DateOnly(2014, 9, 30), FigureView.All, CancellationToken.None);

        Assert.True(monthly.Sum(g => g.Count()) < writes.Count / 5);
        foreach (var m in metrics)
        {
            foreach (var county in counties)
            {
                var raw = await queries.LoadReadingsAsync([m.Id], county.Id, new DateOnly(2014, 7, 1), new DateOnly(2014, 9, 30), FigureView.All, CancellationToken.None);
                foreach (var (first, last) in new[] { (7, 7), (8, 8), (9, 9), (7, 9) })
                {
                    var span = (Period.Month(2014, first), Period.Month(2014, last));
                    Assert.Equal(
                        FigureRules.CountyFigure(m.Kind, raw[m.Id], span.Item1, span.Item2),
                        FigureRules.CountyFigure(m.Kind, monthly[(county.Id, m.Id)], span.Item1, span.Item2));
                }
            }
        }
    }
}
