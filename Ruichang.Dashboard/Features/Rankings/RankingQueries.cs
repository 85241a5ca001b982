using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Rankings;

/// <summary>One county's line of a ranking, with the name of the county it must overtake.</summary>
public sealed record RankingRow(County County, RankedCounty Place, County? Above);

/// <summary>
/// The counties ranked on a metric over a period. <see cref="IsSoFar"/> when the period holds today: its
/// figures are to date (<see cref="AsOf"/>), and so are every county's, so the ranks compare like with like.
/// </summary>
public sealed record Ranking(MetricDefinition Metric, RankingPeriod Period, bool IsSoFar, DateOnly AsOf, IReadOnlyList<RankingRow> Rows)
{
    public RankingRow? Home => Rows.FirstOrDefault(r => r.County.IsHome);
}

/// <summary>One Weibo account's index over a period, computed from its collected figures.</summary>
public sealed record AccountIndex(Channel Account, County County, double Bci, double Posts, double Reposts, double Comments, double Likes);

/// <summary>A position of one of the home county's accounts in a published list (lower is better).</summary>
public sealed record PublishedPosition(string ListName, string PeriodLabel, DateOnly PeriodStart, string AccountName, int Rank, double? Score);

/// <summary>The published positions as a chart: one line per account over the lists' periods, oldest first.</summary>
public static class PublishedPositionChart
{
    /// <summary>
    /// The chart saved as an image (by <c>/rankings</c> and the big screen alike): the file name by its last period and the
    /// caption naming the home county, the periods and the source.
    /// </summary>
    public static Task SaveAsync(
        Components.Shared.ApexChart chart, IReadOnlyList<PublishedPosition> positions, string homeName, Components.Shared.ChartImageFormat format, string department)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var labels = Labels(positions);
        var extension = format == Components.Shared.ChartImageFormat.Png ? "png" : "svg";
        return chart.SaveImageAsync(
            format,
            $"全省政务微博排行榜名次-{labels[^1]}.{extension}",
            new Components.Shared.ChartCaption($"{homeName}政务微博在全省排行榜中的名次（越小越好）", $"{labels[0]}至{labels[^1]}", $"数据来源：{department}"));
    }

    public static IReadOnlyList<string> Labels(IReadOnlyList<PublishedPosition> positions) =>
        positions.Select(p => (p.PeriodStart, p.PeriodLabel)).Distinct().OrderBy(p => p.PeriodStart).Select(p => p.PeriodLabel).ToList();

    public static IReadOnlyList<Components.Shared.ChartSeries> Series(IReadOnlyList<PublishedPosition> positions)
    {
        var periods = positions.Select(p => p.PeriodStart).Distinct().Order().ToList();
        return positions.GroupBy(p => p.AccountName)
            .Select(a => new Components.Shared.ChartSeries(a.Key, periods.ConvertAll(p => a.Where(x => x.PeriodStart == p).Select(x => (double?)x.Rank).Min())))
            .ToList();
    }
}

/// <summary>
/// Rankings of the counties, the one place both the page and <c>GET /api/v1/rankings</c> read them from.
/// Each county's figure over the period is built from its months by <see cref="FigureRules"/> (a county-level
/// figure, when a month has one, is the county's figure for that month); the Weibo index (BCI) is not
/// additive, so for any period it is computed from the period's totals of posts, reposts, comments and likes.
/// One read of the period and the period before for every county, reduced to months in the database.
/// </summary>
public sealed class RankingQueries(IDbContextFactory<DashboardDbContext> factory, ObservationQueries observations, CountyClock clock)
{
    /// <summary>The index's inputs, in the order <see cref="WeiboIndex.Bci"/> takes them.</summary>
    public static readonly string[] IndexInputs = [MetricKeys.WeiboPosts, MetricKeys.WeiboReposts, MetricKeys.WeiboComments, MetricKeys.WeiboLikes];

    /// <summary>The metrics a ranking can be asked for, in display order.</summary>
    public async Task<IReadOnlyList<MetricDefinition>> GetMetricsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Metrics.AsNoTracking().OrderBy(m => m.DisplayOrder).ToListAsync(ct);
    }

    public async Task<Ranking> GetAsync(MetricDefinition metric, RankingPeriod period, FigureView view, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return (await GetAsync([metric], period, view, ct))[0];
    }

    /// <summary>
    /// The rankings of several metrics over one period, in their order, from one read of the counties and one of the
    /// metrics' readings: the work summary ranks every metric at once.
    /// </summary>
    public async Task<IReadOnlyList<Ranking>> GetAsync(IReadOnlyList<MetricDefinition> metrics, RankingPeriod period, FigureView view, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var previous = period.Previous();
        List<County> counties;
        List<MetricDefinition> indexInputs;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            counties = await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct);
            indexInputs = metrics.Any(m => m.Key == MetricKeys.WeiboBci)
                ? await db.Metrics.AsNoTracking().Where(m => IndexInputs.Contains(m.Key)).ToListAsync(ct)
                : [];
        }

        // The index is not stored: it is computed from its inputs' readings.
        var read = metrics.Where(m => m.Key != MetricKeys.WeiboBci).Concat(indexInputs).DistinctBy(m => m.Id).ToList();
        var readings = await observations.LoadMonthlyReadingsAsync(read, previous.First.Start, period.Last.End, view, ct);
        var byId = counties.ToDictionary(c => c.Id);
        var today = clock.Today;
        return metrics.Select(metric =>
        {
            var isIndex = metric.Key == MetricKeys.WeiboBci;

            double? Figure(int countyId, RankingPeriod p)
            {
                if (!isIndex)
                {
                    return FigureRules.CountyFigure(metric.Kind, readings[(countyId, metric.Id)], p.First, p.Last);
                }

                var totals = IndexInputs.Select(key => indexInputs.Find(m => m.Key == key) is { } m
                    ? FigureRules.CountyFigure(MetricKind.Counter, readings[(countyId, m.Id)], p.First, p.Last)
                    : null).ToList();
                return totals.TrueForAll(t => t is null) ? null : Math.Round(WeiboIndex.Bci(totals[0] ?? 0, totals[1] ?? 0, totals[2] ?? 0, totals[3] ?? 0), 2);
            }

            var entries = counties.ConvertAll(c => new RankingEntry(c.Id, Figure(c.Id, period), Figure(c.Id, previous)));
            var wholeNumbers = entries.TrueForAll(e => e.Value is not { } v || v == Math.Floor(v));
            var places = RankingRules.Rank(entries, metric.HigherIsBetter, isIndex || !wholeNumbers ? 0.01 : 1);
            return new Ranking(
                metric,
                period,
                period.Contains(today),
                today < period.Last.End ? today : period.Last.End,
                places.Select(p => new RankingRow(byId[p.CountyId], p, p.AboveCountyId is { } above ? byId[above] : null)).ToList());
        }).ToList();
    }

    /// <summary>The index over the period of every Weibo account with figures in it (closed ones too), highest first.</summary>
    public async Task<IReadOnlyList<AccountIndex>> GetAccountIndexesAsync(RankingPeriod period, FigureView view, CancellationToken ct)
    {
        Dictionary<string, int> inputs;
        List<Channel> accounts;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            inputs = await db.Metrics.AsNoTracking().Where(m => IndexInputs.Contains(m.Key)).ToDictionaryAsync(m => m.Key, m => m.Id, ct);
            accounts = await db.Channels.AsNoTracking().Include(c => c.County).Where(c => c.Kind == ChannelKinds.Weibo).ToListAsync(ct);
        }

        var readings = await observations.LoadChannelReadingsAsync(inputs.Values, period.First.Start, period.Last.End, view, ct);

        var result = new List<AccountIndex>();
        foreach (var account in accounts)
        {
            var totals = IndexInputs.Select(key => inputs.TryGetValue(key, out var id) ? FigureRules.CountyFigure(MetricKind.Counter, readings[(account.Id, id)], period.First, period.Last) : null).ToList();
            if (totals.TrueForAll(t => t is null))
            {
                continue;
            }

            var (posts, reposts, comments, likes) = (totals[0] ?? 0, totals[1] ?? 0, totals[2] ?? 0, totals[3] ?? 0);
            result.Add(new AccountIndex(account, account.County!, Math.Round(WeiboIndex.Bci(posts, reposts, comments, likes), 2), posts, reposts, comments, likes));
        }

        return [.. result.OrderByDescending(a => a.Bci).ThenBy(a => a.County.DisplayOrder).ThenBy(a => a.Account.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Where the home county will end the current year on <paramref name="metric"/> at its pace so far, against
    /// its target for the year; null without a target. A gauge grows from its level of the December before.
    /// </summary>
    public async Task<PacingForecast?> GetHomePacingAsync(MetricDefinition metric, FigureView view, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var today = clock.Today;
        await using var db = await factory.CreateDbContextAsync(ct);
        var home = await db.Counties.AsNoTracking().SingleAsync(c => c.IsHome, ct);
        var target = await db.Targets.AsNoTracking()
            .Where(t => t.MetricId == metric.Id && t.CountyId == home.Id && t.Year == today.Year)
            .Select(t => (double?)t.Value).SingleOrDefaultAsync(ct);
        if (target is not { } goal)
        {
            return null;
        }

        var december = Period.Month(today.Year - 1, 12);
        var readings = (await observations.LoadReadingsAsync([metric.Id], home.Id, december.Start, clock.CurrentMonth.End, view, ct))[metric.Id].ToList();
        var soFar = FigureRules.CountyFigure(metric.Kind, readings, Period.Month(today.Year, 1), clock.CurrentMonth) ?? 0;
        return Pacing.Project(metric.Kind, soFar, FigureRules.CountyFigure(metric.Kind, readings, december, december), today, goal);
    }

    /// <summary>The home county's positions in the published lists, oldest period first.</summary>
    public async Task<IReadOnlyList<PublishedPosition>> GetHomePositionsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ExternalRankingEntries.AsNoTracking()
            .Where(e => e.County!.IsHome)
            .OrderBy(e => e.Ranking!.PeriodStart).ThenBy(e => e.Rank)
            .Select(e => new PublishedPosition(e.Ranking!.ListName, e.Ranking.PeriodLabel, e.Ranking.PeriodStart, e.AccountName, e.Rank, e.Score))
            .ToListAsync(ct);
    }
}
