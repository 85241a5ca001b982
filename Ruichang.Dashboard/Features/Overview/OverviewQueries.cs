using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Overview;

/// <summary>
/// One KPI card: a metric's figure for the month (to date when <see cref="OverviewModel.IsSoFar"/>), the same
/// part of the month before and of the same month a year before (null where no figure covers just those days),
/// the year to date, the home county's rank among the <see cref="RankedCounties"/> counties with a figure this
/// month (of <see cref="Counties"/>) and its change, and the year's target.
/// </summary>
public sealed record KpiFigure(
    MetricDefinition Metric, double? Month, double? PreviousMonth, double? LastYear, double? YearToDate, int? Rank, int? RankChange, double? Target,
    int RankedCounties, int Counties)
{
    /// <summary>Only some of the counties have a figure this month (a month so far, before the prefecture's notice): the rank is among those.</summary>
    public bool RankedAmongSome => RankedCounties < Counties;

    /// <summary>The share of the year's target reached: the year to date of a counter, the level of a gauge.</summary>
    public double? TargetAttainment => Target is > 0 && (Metric.Kind == MetricKind.Counter ? YearToDate : Month) is { } reached ? reached / Target : null;
}

/// <summary>One small chart of the trend: a metric's figure per month for the home county, the counties' average and the leader.</summary>
public sealed record TrendLine(MetricDefinition Metric, IReadOnlyList<double?> Home, IReadOnlyList<double?> Average, IReadOnlyList<double?> Leader);

public sealed record LatestArticle(string Title, string Url, string Outlet, DateTime PublishedAtUtc);

/// <summary>How current one collected source of the home county is: its figures are "as of" its last good read.</summary>
public sealed record SourceFreshness(string Name, DateTime? LastSuccessUtc, bool IsStale);

/// <summary>
/// The overview of <see cref="Month"/>: the current month to date (<see cref="IsSoFar"/>, figures as of
/// <see cref="AsOf"/>) or, when the current month has no figures yet, the latest month that has.
/// </summary>
public sealed record OverviewModel(
    County Home,
    Period Month,
    bool IsSoFar,
    DateOnly AsOf,
    IReadOnlyList<KpiFigure> Cards,
    IReadOnlyList<Period> TrendMonths,
    IReadOnlyList<TrendLine> Trends,
    IReadOnlyList<LatestArticle> LatestArticles,
    IReadOnlyList<SourceFreshness> Sources);

/// <summary>
/// What the overview shows of the home county, read in a handful of queries. The current month is month to
/// date, so it is compared with the same days of the month before (上月同期) and of the same month a year
/// before (去年同期): a count from the stored items of those days (placements, commentators' tasks), or from
/// the day readings of those days; where only a whole month's figure exists there is nothing like to compare
/// with and the card shows no change, never one against a whole month.
/// </summary>
public sealed class OverviewQueries(IDbContextFactory<DashboardDbContext> factory, ObservationQueries observations, CountyClock clock, TimeProvider time)
{
    /// <summary>The KPI cards, in this order.</summary>
    public static readonly string[] CardMetrics =
    [
        MetricKeys.ArticlePlacements, MetricKeys.WeiboFollowers, MetricKeys.WeiboPosts, MetricKeys.MobilePaperIssues,
        MetricKeys.MobilePaperSubscribers, MetricKeys.CommentatorReposts, MetricKeys.CommentatorReplies,
    ];

    /// <summary>
    /// The months a month is compared with: the month before (环比, or 上月同期 for a month so far) and the same month a
    /// year before (同比, or 去年同期).
    /// </summary>
    public static (Period Previous, Period LastYear) ComparedMonths(Period month) => (month.Previous(), Period.Month(month.Start.Year - 1, month.Start.Month));

    /// <summary>Thirteen months: this month and the same month a year before are both on the chart.</summary>
    public const int TrendLength = 13;

    /// <summary>The overview for the latest month with data, or null when the home county has no figures yet.</summary>
    public async Task<OverviewModel?> GetAsync(FigureView view, CancellationToken ct)
    {
        County home;
        List<County> counties;
        List<MetricDefinition> metrics;
        List<LatestArticle> articles;
        IReadOnlyList<SourceFreshness> sources;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            counties = await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct);
            home = counties.Single(c => c.IsHome);
            metrics = await db.Metrics.AsNoTracking().Where(m => CardMetrics.Contains(m.Key)).ToListAsync(ct);
            articles = await db.Articles.AsNoTracking()
                .Where(a => a.CountyId == home.Id)
                .OrderByDescending(a => a.PublishedAtUtc)
                .Take(8)
                .Select(a => new LatestArticle(a.Title, a.Url, a.Channel!.Name, a.PublishedAtUtc))
                .ToListAsync(ct);
            sources = await SourcesAsync(db, home.Id, ct);
        }

        metrics = [.. metrics.OrderBy(m => Array.IndexOf(CardMetrics, m.Key))];
        var metricIds = metrics.ConvertAll(m => m.Id);
        // One read of every county covers the trend, the ranks, the year to date and the same month a year before:
        // a row or two per source and month, which each figure picks its months from. The month is the current one
        // when the home county has figures in it, as it usually has; otherwise the latest that has, read again.
        var month = clock.CurrentMonth;
        var readings = await MonthlyReadingsAsync(metrics, month, view, ct);
        if (!metrics.Exists(m => readings[(home.Id, m.Id)].Any(r => r.Period.Start >= month.Start)))
        {
            if (await observations.GetLatestMonthAsync(metricIds, home.Id, month, view, ct) is not { } latest)
            {
                return null;
            }

            month = latest;
            readings = await MonthlyReadingsAsync(metrics, month, view, ct);
        }

        var isSoFar = month == clock.CurrentMonth;
        var asOf = isSoFar ? clock.Today : month.End;

        // A month's figure is asked for by the ranks, the cards and the trends: built once.
        var months = new Dictionary<(int CountyId, int MetricId, Period Month), double?>();
        double? Figure(int countyId, MetricDefinition m, Period first, Period last)
        {
            if (first != last)
            {
                return FigureRules.CountyFigure(m.Kind, readings[(countyId, m.Id)], first, last);
            }

            if (!months.TryGetValue((countyId, m.Id, first), out var figure))
            {
                figure = FigureRules.CountyFigure(m.Kind, readings[(countyId, m.Id)], first, first);
                months.Add((countyId, m.Id, first), figure);
            }

            return figure;
        }

        var (previous, lastYear) = ComparedMonths(month);
        var january = Period.Month(month.Start.Year, 1);
        Dictionary<int, double> targets;
        Dictionary<(Period Month, int MetricId), double?>? sameDays;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            targets = await db.Targets.AsNoTracking()
                .Where(t => t.CountyId == home.Id && t.Year == month.Start.Year && metricIds.Contains(t.MetricId))
                .ToDictionaryAsync(t => t.MetricId, t => t.Value, ct);
            // A month to date is compared with the same days of the month before and of a year before.
            sameDays = isSoFar ? await SameDaysAsync(db, home.Id, metrics, [previous, lastYear], asOf.Day, (m, p) => Figure(home.Id, m, p, p), view, ct) : null;
        }

        var cards = new List<KpiFigure>();
        foreach (var m in metrics)
        {
            var ranked = RankingRules.Rank(
                counties.ConvertAll(c => new RankingEntry(c.Id, Figure(c.Id, m, month, month), Figure(c.Id, m, previous, previous))),
                m.HigherIsBetter);
            var place = ranked.Single(r => r.CountyId == home.Id);
            cards.Add(new KpiFigure(
                m,
                Figure(home.Id, m, month, month),
                sameDays is null ? Figure(home.Id, m, previous, previous) : sameDays[(previous, m.Id)],
                sameDays is null ? Figure(home.Id, m, lastYear, lastYear) : sameDays[(lastYear, m.Id)],
                Figure(home.Id, m, january, month),
                place.Rank,
                place.RankChange,
                targets.TryGetValue(m.Id, out var target) ? target : null,
                ranked.Count(r => r.Rank is not null),
                counties.Count));
        }

        var trendMonths = Enumerable.Range(0, TrendLength).Select(i => Period.MonthOf(month.Start.AddMonths(i - (TrendLength - 1)))).ToList();
        TrendLine Line(MetricDefinition m)
        {
            var byMonth = trendMonths.ConvertAll(p => counties.Select(c => Figure(c.Id, m, p, p)).OfType<double>().ToList());
            return new TrendLine(
                m,
                trendMonths.ConvertAll(p => Figure(home.Id, m, p, p)),
                byMonth.ConvertAll(v => v.Count == 0 ? (double?)null : Math.Round(v.Average(), 1)),
                byMonth.ConvertAll(v => v.Count == 0 ? (double?)null : m.HigherIsBetter ? v.Max() : v.Min()));
        }

        return new OverviewModel(
            home,
            month,
            isSoFar,
            asOf,
            cards,
            trendMonths,
            metrics.ConvertAll(Line),
            articles,
            sources);
    }

    // Every county's readings over the trend that ends with month.
    private Task<ILookup<(int CountyId, int MetricId), Reading>> MonthlyReadingsAsync(IReadOnlyList<MetricDefinition> metrics, Period month, FigureView view, CancellationToken ct) =>
        observations.LoadMonthlyReadingsAsync(metrics, month.Start.AddMonths(-(TrendLength - 1)), month.End, view, ct);

    /// <summary>How current each enabled source of the county is.</summary>
    public async Task<IReadOnlyList<SourceFreshness>> GetSourcesAsync(int countyId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await SourcesAsync(db, countyId, ct);
    }

    private async Task<IReadOnlyList<SourceFreshness>> SourcesAsync(DashboardDbContext db, int countyId, CancellationToken ct)
    {
        var sources = await db.Channels.AsNoTracking().Where(c => c.CountyId == countyId && c.IsEnabled).OrderBy(c => c.Kind).ThenBy(c => c.Name).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return sources.ConvertAll(c => new SourceFreshness(c.Name, c.LastSuccessAtUtc, ChannelFreshness.IsStale(c, now)));
    }

    // The metrics whose month to date is counted from stored items, not from day readings.
    private static readonly string[] StoryMetrics = [MetricKeys.ArticlePlacements, MetricKeys.SiteArticles];
    private static readonly string[] CommentatorMetrics = [MetricKeys.CommentatorReposts, MetricKeys.CommentatorReplies];

    /// <summary>
    /// The county's figures over the first <paramref name="days"/> days of each of <paramref name="months"/>, by month and
    /// metric id: placements and commentators' reposts and replies counted from their stored items of those days,
    /// anything else from its day readings of those days (a gauge's latest); null when nothing covers just those days.
    /// Items, and a counter's day readings, count only where they make up the month: when the month's stored items
    /// (its day readings) add up to its figure (<paramref name="monthFigure"/>). A month whose figure came from elsewhere (a notice entered as a whole, a
    /// channel's history from before it was collected) holds only some of its items, and its first days counted
    /// from those would be a fraction of the like figure (seen: 1 placement on the first four days of a month of 290).
    /// One read of each kind for all the months.
    /// </summary>
    private async Task<Dictionary<(Period Month, int MetricId), double?>> SameDaysAsync(
        DashboardDbContext db, int countyId, IReadOnlyList<MetricDefinition> metrics, IReadOnlyList<Period> months, int days, Func<MetricDefinition, Period, double?> monthFigure,
        FigureView view, CancellationToken ct)
    {
        // Each month's first day, its last counted day, and in UTC when its stories start, stop counting and end.
        var spans = months.Select((month, i) =>
        {
            var last = month.Start.AddDays(Math.Min(days, month.End.Day) - 1);
            return new SameDaysSpan(i, month, last, clock.StartOfDayUtc(month.Start), clock.StartOfDayUtc(last.AddDays(1)), clock.StartOfDayUtc(month.End.AddDays(1)));
        }).ToList();
        var figures = new Dictionary<(Period, int), double?>();
        var stories = metrics.Where(m => StoryMetrics.Contains(m.Key)).ToList();
        var commentators = metrics.Where(m => CommentatorMetrics.Contains(m.Key)).ToList();
        var fromReadings = metrics.Except(stories).Except(commentators).ToList();
        // The first days count only where the month is made of what they are taken from (no figure rather than a false one).
        double? IfTheyMakeUpTheMonth(MetricDefinition m, Period month, double? inDays, double? inMonth) => inMonth is not null && monthFigure(m, month) == inMonth ? inDays : null;
        if (fromReadings.Count > 0)
        {
            // A counter's days make up its month when they add up to the month's figure (a Weibo account's posts of each
            // day beside its month); a gauge's first days are its readings of those days.
            var readings = await observations.LoadReadingsAsync(fromReadings.ConvertAll(m => m.Id), countyId, spans.ConvertAll(s => (s.Month.Start, s.Month.End)), view, ct);
            foreach (var span in spans)
            {
                foreach (var m in fromReadings)
                {
                    var inDays = FigureRules.CountyFigure(m.Kind, readings[m.Id], Period.Day(span.Month.Start), Period.Day(span.Last));
                    figures[(span.Month, m.Id)] = m.Kind == MetricKind.Counter
                        ? IfTheyMakeUpTheMonth(m, span.Month, inDays, FigureRules.CountyFigure(m.Kind, readings[m.Id], Period.Day(span.Month.Start), Period.Day(span.Month.End)))
                        : inDays;
                }
            }
        }

        // The months' counted items and those of their first days, in one read of each kind.
        if (stories.Count > 0)
        {
            var counts = await spans
                .Select(span => db.Articles
                    .Where(a => a.CountyId == countyId && !a.IsBacklog && a.PublishedAtUtc >= span.FromUtc && a.PublishedAtUtc < span.ToUtc)
                    .Select(a => new ItemOfDays { Span = span.Index, InDays = a.PublishedAtUtc < span.UntilUtc, OwnSite = a.Channel!.Kind == ChannelKinds.OwnSite }))
                .Aggregate((all, month) => all.Concat(month))
                .GroupBy(a => a.Span)
                .Select(g => new
                {
                    Span = g.Key,
                    Placements = g.Count(a => a.InDays && !a.OwnSite), MonthPlacements = g.Count(a => !a.OwnSite),
                    Site = g.Count(a => a.InDays && a.OwnSite), MonthSite = g.Count(a => a.OwnSite),
                })
                .ToDictionaryAsync(c => c.Span, ct);
            foreach (var span in spans)
            {
                foreach (var m in stories)
                {
                    figures[(span.Month, m.Id)] = !counts.TryGetValue(span.Index, out var c) ? null
                        : m.Key == MetricKeys.SiteArticles ? IfTheyMakeUpTheMonth(m, span.Month, c.Site, c.MonthSite) : IfTheyMakeUpTheMonth(m, span.Month, c.Placements, c.MonthPlacements);
                }
            }
        }

        if (commentators.Count > 0)
        {
            var sums = await spans
                .Select(span => db.CommentatorTasks
                    .Where(t => t.Commentator!.CountyId == countyId && t.Date >= span.Month.Start && t.Date <= span.Month.End)
                    .Select(t => new ItemOfDays { Span = span.Index, InDays = t.Date <= span.Last, Reposts = t.Reposts, Replies = t.Replies }))
                .Aggregate((all, month) => all.Concat(month))
                .GroupBy(t => t.Span)
                .Select(g => new
                {
                    Span = g.Key,
                    Reposts = g.Sum(t => t.InDays ? t.Reposts : 0), MonthReposts = g.Sum(t => t.Reposts),
                    Replies = g.Sum(t => t.InDays ? t.Replies : 0), MonthReplies = g.Sum(t => t.Replies),
                })
                .ToDictionaryAsync(s => s.Span, ct);
            foreach (var span in spans)
            {
                foreach (var m in commentators)
                {
                    figures[(span.Month, m.Id)] = !sums.TryGetValue(span.Index, out var c) ? null
                        : m.Key == MetricKeys.CommentatorReposts ? IfTheyMakeUpTheMonth(m, span.Month, c.Reposts, c.MonthReposts) : IfTheyMakeUpTheMonth(m, span.Month, c.Replies, c.MonthReplies);
                }
            }
        }

        return figures;
    }

    private sealed record SameDaysSpan(int Index, Period Month, DateOnly Last, DateTime FromUtc, DateTime UntilUtc, DateTime ToUtc);

    // A stored story or commentator's task of a month compared by its first days: which month, and whether it falls in those days.
    private sealed class ItemOfDays
    {
        public int Span { get; init; }
        public bool InDays { get; init; }
        public bool OwnSite { get; init; }
        public int Reposts { get; init; }
        public int Replies { get; init; }
    }
}
