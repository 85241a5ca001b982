using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Overview;

/// <summary>One KPI card: a metric's figure for the month, the month before and the year to date.</summary>
public sealed record KpiFigure(MetricDefinition Metric, double? Month, double? PreviousMonth, double? YearToDate);

/// <summary>One line of the trend chart: a metric's figure per month.</summary>
public sealed record TrendLine(MetricDefinition Metric, IReadOnlyList<double?> Values);

public sealed record LatestArticle(string Title, string Url, string Outlet, DateTime PublishedAtUtc);

/// <summary>How current one collected source of the home county is: its figures are "as of" its last good read.</summary>
public sealed record SourceFreshness(string Name, DateTime? LastSuccessUtc, bool IsStale);

public sealed record OverviewModel(
    County Home,
    Period Month,
    IReadOnlyList<KpiFigure> Cards,
    IReadOnlyList<Period> TrendMonths,
    IReadOnlyList<TrendLine> CounterTrend,
    IReadOnlyList<TrendLine> GaugeTrend,
    IReadOnlyList<LatestArticle> LatestArticles,
    IReadOnlyList<SourceFreshness> Sources);

/// <summary>What the overview shows of the home county, read in a handful of queries.</summary>
public sealed class OverviewQueries(IDbContextFactory<DashboardDbContext> factory, ObservationQueries observations, CountyClock clock, TimeProvider time)
{
    /// <summary>The KPI cards, in this order.</summary>
    public static readonly string[] CardMetrics =
    [
        MetricKeys.ArticlePlacements, MetricKeys.WeiboFollowers, MetricKeys.WeiboPosts, MetricKeys.MobilePaperIssues,
        MetricKeys.MobilePaperSubscribers, MetricKeys.CommentatorReposts, MetricKeys.CommentatorReplies,
    ];

    public const int TrendLength = 12;

    /// <summary>The overview for the latest month with data, or null when the home county has no figures yet.</summary>
    public async Task<OverviewModel?> GetAsync(CancellationToken ct)
    {
        County home;
        List<MetricDefinition> metrics;
        List<LatestArticle> articles;
        List<Channel> sources;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            home = await db.Counties.AsNoTracking().SingleAsync(c => c.IsHome, ct);
            metrics = await db.Metrics.AsNoTracking().Where(m => CardMetrics.Contains(m.Key)).ToListAsync(ct);
            articles = await db.Articles.AsNoTracking()
                .Where(a => a.CountyId == home.Id)
                .OrderByDescending(a => a.PublishedAtUtc)
                .Take(8)
                .Select(a => new LatestArticle(a.Title, a.Url, a.Channel!.Name, a.PublishedAtUtc))
                .ToListAsync(ct);
            sources = await db.Channels.AsNoTracking().Where(c => c.CountyId == home.Id && c.IsEnabled).OrderBy(c => c.Kind).ThenBy(c => c.Name).ToListAsync(ct);
        }

        metrics = [.. metrics.OrderBy(m => Array.IndexOf(CardMetrics, m.Key))];
        var metricIds = metrics.ConvertAll(m => m.Id);
        if (await observations.GetLatestMonthAsync(metricIds, home.Id, clock.CurrentMonth, ct) is not { } month)
        {
            return null;
        }

        // One read covers the twelve-month trend, the month before and the year to date.
        var firstTrendMonth = month.Start.AddMonths(-(TrendLength - 1));
        var january = Period.Month(month.Start.Year, 1);
        var from = firstTrendMonth < january.Start ? firstTrendMonth : january.Start;
        var readings = await observations.LoadReadingsAsync(metricIds, home.Id, from, month.End, ct);

        var cards = metrics.ConvertAll(m => new KpiFigure(
            m,
            FigureRules.CountyFigure(m.Kind, readings[m.Id], month, month),
            FigureRules.CountyFigure(m.Kind, readings[m.Id], month.Previous(), month.Previous()),
            FigureRules.CountyFigure(m.Kind, readings[m.Id], january, month)));

        var trendMonths = Enumerable.Range(0, TrendLength).Select(i => Period.MonthOf(firstTrendMonth.AddMonths(i))).ToList();
        TrendLine Line(MetricDefinition m) =>
            new(m, trendMonths.ConvertAll(p => FigureRules.CountyFigure(m.Kind, readings[m.Id], p, p)));

        return new OverviewModel(
            home,
            month,
            cards,
            trendMonths,
            [.. metrics.Where(m => m.Key is MetricKeys.ArticlePlacements or MetricKeys.WeiboPosts or MetricKeys.MobilePaperIssues).Select(Line)],
            [.. metrics.Where(m => m.Key is MetricKeys.WeiboFollowers or MetricKeys.MobilePaperSubscribers).Select(Line)],
            articles,
            sources.ConvertAll(c => new SourceFreshness(c.Name, c.LastSuccessAtUtc, ChannelFreshness.IsStale(c, time.GetUtcNow().UtcDateTime))));
    }
}
