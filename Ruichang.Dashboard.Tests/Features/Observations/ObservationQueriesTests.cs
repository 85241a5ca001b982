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

        var series = await new ObservationQueries(_database.Factory).GetSeriesAsync(metric, homeId, September, September, null, CancellationToken.None);

        Assert.Equal(31_000, Assert.Single(series).Value);
    }

    [Fact]
    public async Task A_channels_series_is_its_own_figure_beside_a_county_level_figure()
    {
        var (metric, homeId, account) = await SeedAsync();

        var series = await new ObservationQueries(_database.Factory).GetSeriesAsync(metric, homeId, September, September, account, CancellationToken.None);

        Assert.Equal(21_000, Assert.Single(series).Value);
    }
}
