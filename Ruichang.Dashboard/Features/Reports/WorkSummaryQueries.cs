using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Rankings;

namespace Ruichang.Dashboard.Features.Reports;

/// <summary>One channel of the home county with its figures over the period, by metric key (null: no figure).</summary>
public sealed record ChannelFigures(Channel Channel, IReadOnlyDictionary<string, double?> Figures)
{
    public double? this[string metricKey] => Figures.GetValueOrDefault(metricKey);
}

/// <summary>A target of the home county for the period's year, and what was reached by the period's end (null: no figure).</summary>
public sealed record TargetAttainment(MetricDefinition Metric, double Target, double? Reached)
{
    public double? Share => Reached is { } r && Target > 0 ? r / Target : null;
}

/// <summary>
/// What a work summary says of one period: the county's ranking on every metric (the home county's figure, rank
/// and change come from it), its channels' figures, its targets for the year, and its commentators recommended
/// upward. <see cref="IsPartial"/> when the period holds today: then everything is as of <see cref="AsOf"/>.
/// </summary>
public sealed record WorkSummary(
    County Home,
    RankingPeriod Period,
    bool IsPartial,
    DateOnly AsOf,
    int CountyCount,
    IReadOnlyList<Ranking> Rankings,
    IReadOnlyList<ChannelFigures> Channels,
    IReadOnlyList<TargetAttainment> Targets,
    int RecommendedCommentators,
    string Department)
{
    public Ranking RankingOf(string metricKey) => Rankings.Single(r => r.Metric.Key == metricKey);

    /// <summary>The home county's figure on a metric over the period; null when it has none.</summary>
    public double? Figure(string metricKey) => RankingOf(metricKey).Home?.Place.Value;

    public IEnumerable<ChannelFigures> ChannelsOf(params string[] kinds) => Channels.Where(c => kinds.Contains(c.Channel.Kind));
}

/// <summary>
/// Reads a <see cref="WorkSummary"/>. The county figures, ranks and rank changes are <see cref="RankingQueries"/>'
/// (the numbers of <c>/rankings</c> and the API); a channel's figure is built from its own readings by
/// <see cref="FigureRules"/>, as the county's is from all of them.
/// </summary>
public sealed class WorkSummaryQueries(
    IDbContextFactory<DashboardDbContext> factory, RankingQueries rankings, ObservationQueries observations, CountyClock clock, IOptionsMonitor<DepartmentOptions> department)
{
    /// <summary>
    /// The year <paramref name="year"/>: the whole year once it is over, the year to date while it runs (its ranks
    /// then compare the same months of the year before). Null for a year that has not begun.
    /// </summary>
    public RankingPeriod? YearPeriod(int year)
    {
        var current = clock.CurrentMonth;
        return year > current.Start.Year ? null
            : year == current.Start.Year ? RankingPeriod.YearToDate(current)
            : RankingPeriod.WholeYear(year);
    }

    /// <summary>The month <paramref name="month"/>; null for a month that has not begun.</summary>
    public RankingPeriod? MonthPeriod(Period month) => month > clock.CurrentMonth ? null : RankingPeriod.Month(month);

    public async Task<WorkSummary> GetAsync(RankingPeriod period, FigureView view, CancellationToken ct)
    {
        County home;
        int countyCount;
        List<Channel> channels;
        List<(MetricDefinition Metric, double Value)> targets;
        int recommended;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            home = await db.Counties.AsNoTracking().SingleAsync(c => c.IsHome, ct);
            countyCount = await db.Counties.CountAsync(ct);
            channels = await db.Channels.AsNoTracking().Where(c => c.CountyId == home.Id).OrderBy(c => c.Id).ToListAsync(ct);
            targets = (await db.Targets.AsNoTracking().Include(t => t.Metric)
                    .Where(t => t.CountyId == home.Id && t.Year == period.Year)
                    .ToListAsync(ct))
                .OrderBy(t => t.Metric!.DisplayOrder)
                .Select(t => (t.Metric!, t.Value))
                .ToList();
            recommended = await db.Commentators.CountAsync(c => c.CountyId == home.Id && c.IsRecommended && c.IsActive, ct);
        }

        var metrics = await rankings.GetMetricsAsync(ct);
        var ranked = await rankings.GetAsync(metrics, period, view, ct);

        // From January: a month's summary measures its targets against the year to that month.
        var january = Period.Month(period.Year, 1);
        var readings = await observations.LoadReadingsAsync([.. metrics.Select(m => m.Id)], home.Id, january.Start, period.Last.End, view, ct);
        var channelFigures = new List<ChannelFigures>();
        foreach (var channel in channels)
        {
            var figures = metrics.ToDictionary(
                m => m.Key,
                m => FigureRules.CountyFigure(m.Kind, readings[m.Id].Where(r => r.ChannelId == channel.Id), period.First, period.Last));
            if (figures.Values.Any(v => v is not null))
            {
                channelFigures.Add(new ChannelFigures(channel, figures));
            }
        }

        var attainments = targets.ConvertAll(t => new TargetAttainment(
            t.Metric, t.Value, FigureRules.CountyFigure(t.Metric.Kind, readings[t.Metric.Id], january, period.Last)));
        // As the rankings judge it: a period that holds today is to date, and so is every figure in it.
        var today = clock.Today;
        var asOf = today < period.Last.End ? today : period.Last.End;
        return new WorkSummary(home, period, period.Contains(today), asOf, countyCount, ranked, channelFigures, attainments, recommended, department.CurrentValue.Name);
    }
}
