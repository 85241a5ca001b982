using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Overview;
using Ruichang.Dashboard.Features.Rankings;

namespace Ruichang.Dashboard.Features.Screen;

/// <summary>What every wall shows: the overview, the counties ranked on placements in its month, and the published positions.</summary>
public sealed record ScreenStage(OverviewModel Overview, Ranking Ranking, IReadOnlyList<PublishedPosition> Positions);

/// <summary>
/// Reads the big screen's stage for the walls. Every wall shows the same stage and a notice reaches all of
/// them at once, so a wall that asks while a read is running shares it, provided it started after every
/// notice published before the wall asked (then it sees every write the wall was told of): twenty walls
/// cost one read, not twenty. A read that has ended is never handed out again; a wall that asks later
/// reads afresh, since the clock moves the stage too (its month, "to date"). The stage is shared and
/// must not be changed.
/// </summary>
public sealed class ScreenStageReads(OverviewQueries overview, RankingQueries rankings, FigureViews views, ChangeNotifier changes)
{
    private readonly Lock _gate = new();
    private Task<ScreenStage?> _read = Task.FromResult<ScreenStage?>(null);
    private long _readAfter = -1;

    /// <summary>The stage as of now, or null while the home county has no figures.</summary>
    public Task<ScreenStage?> ReadAsync()
    {
        var published = changes.Published;
        lock (_gate)
        {
            if (_read.IsCompleted || _readAfter < published)
            {
                _readAfter = changes.Published;
                // On the thread pool: the read is not the asking wall's, and must not run on its circuit.
                _read = Task.Run(ReadStageAsync);
            }

            return _read;
        }
    }

    private async Task<ScreenStage?> ReadStageAsync()
    {
        // The leaders' screen, whoever opened it: one stage for every wall.
        var view = views.ForLeaders;
        if (await overview.GetAsync(view, CancellationToken.None) is not { } model)
        {
            return null;
        }

        var placements = model.Cards.First(c => c.Metric.Key == MetricKeys.ArticlePlacements).Metric;
        return new ScreenStage(
            model,
            await rankings.GetAsync(placements, RankingPeriod.Month(model.Month), view, CancellationToken.None),
            await rankings.GetHomePositionsAsync(CancellationToken.None));
    }
}
