using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Overview;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Features.Screen;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Screen;

/// <summary>The walls' stage is read once for the walls that ask together, and never older than a notice they were told of; over a real database on 15 October 2014.</summary>
public sealed class ScreenStageReadsTests : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly ChangeNotifier _changes = new(NullLogger<ChangeNotifier>.Instance);
    private readonly ScreenStageReads _reads;
    private int _homeId, _placementsId;

    public ScreenStageReadsTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2014, 10, 15, 4, 0, 0, TimeSpan.Zero));
        var clock = new CountyClock(time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var observations = new ObservationQueries(_database.Factory);
        _reads = new ScreenStageReads(
            new OverviewQueries(_database.Factory, observations, clock, time), new RankingQueries(_database.Factory, observations, clock),
            new FigureViews(new FixedOptions<FigureOptions>(new FigureOptions())), _changes);
    }

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        _homeId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
        _placementsId = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements)).Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Without_figures_there_is_no_stage()
    {
        Assert.Null(await _reads.ReadAsync());
    }

    [Fact]
    public async Task Walls_that_ask_while_a_read_runs_share_it()
    {
        await WritePlacementsAsync(40);

        var first = _reads.ReadAsync();
        var second = _reads.ReadAsync();

        Assert.Same(first, second);
        Assert.Equal(40, Placements(await second));
    }

    [Fact]
    public async Task A_wall_told_of_a_change_after_a_read_began_reads_again_and_sees_the_change()
    {
        await WritePlacementsAsync(40);
        var before = _reads.ReadAsync();

        await WritePlacementsAsync(55);
        _changes.Publish(new ChangeNotice("entry", new HashSet<string> { MetricKeys.ArticlePlacements }, new HashSet<int> { _homeId }, DateTime.UtcNow));
        var after = _reads.ReadAsync();

        Assert.NotSame(before, after);
        Assert.Equal(55, Placements(await after));
        await before;
    }

    [Fact]
    public async Task A_read_that_has_ended_is_not_handed_out_again()
    {
        await WritePlacementsAsync(40);
        var first = await _reads.ReadAsync();

        // Nothing was published, but the clock may have moved the stage: a later wall reads afresh.
        var second = await _reads.ReadAsync();

        Assert.NotSame(first, second);
    }

    private static double? Placements(ScreenStage? stage) =>
        stage!.Overview.Cards.Single(c => c.Metric.Key == MetricKeys.ArticlePlacements).Month;

    private async Task WritePlacementsAsync(double value)
    {
        await using var db = _database.CreateContext();
        await new ObservationWriter(TimeProvider.System).UpsertAsync(db, [new ObservationWrite(_placementsId, _homeId, null, Period.Month(2014, 10), value)],
            new WriteProvenance(ObservationSource.Manual, "test"), CancellationToken.None);
    }
}
