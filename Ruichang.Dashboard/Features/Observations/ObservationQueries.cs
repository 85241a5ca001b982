using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Observations;

/// <summary>A county's figure for one period.</summary>
public sealed record PeriodValue(Period Period, double Value);

/// <summary>
/// Reads county figures per period, aggregated over channels by <see cref="FigureRules"/>. One
/// query per call (and one more for a <see cref="FigureView.ApprovedOrCollected"/> view that finds
/// entered figures to leave out); the aggregation runs in memory on the (small) set of rows in range.
/// </summary>
public sealed class ObservationQueries(IDbContextFactory<DashboardDbContext> factory)
{
    /// <summary>
    /// The county's figure for each period from <paramref name="from"/> to <paramref name="to"/>
    /// (inclusive, same granularity); periods without any reading are left out. With
    /// <paramref name="channelId"/>, only that channel's figures.
    /// </summary>
    public async Task<IReadOnlyList<PeriodValue>> GetSeriesAsync(MetricDefinition metric, int countyId, Period from, Period to, int? channelId, FigureView view, CancellationToken ct)
    {
        var readings = await LoadAsync(metric.Id, countyId, from.Start, to.End, channelId, from.Granularity, view, ct);
        var result = new List<PeriodValue>();
        for (var p = from; p <= to; p = p.Next())
        {
            if (FigureRules.CountyFigure(metric.Kind, readings, p, p) is { } value)
            {
                result.Add(new PeriodValue(p, value));
            }
        }

        return result;
    }

    /// <summary>The latest month (not after <paramref name="notAfter"/>) in which the county has any reading of any of the metrics.</summary>
    public async Task<Period?> GetLatestMonthAsync(IReadOnlyCollection<int> metricIds, int countyId, Period notAfter, FigureView view, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var end = notAfter.End;
        var readings = db.Observations.Where(o => o.CountyId == countyId && metricIds.Contains(o.MetricId) && o.PeriodStart <= end);
        if (view == FigureView.ApprovedOrCollected)
        {
            // A month with nothing but unapproved entries has no figure in this view.
            readings = readings.Where(o => !EnteredSources.Contains(o.Source)
                || db.Submissions.Any(s => s.CountyId == o.CountyId && s.Status == SubmissionStatus.Approved
                    && s.Month <= o.PeriodStart && s.Month > o.PeriodStart.AddMonths(-1)));
        }

        var latest = await readings
            .OrderByDescending(o => o.PeriodStart)
            .Select(o => (DateOnly?)o.PeriodStart)
            .FirstOrDefaultAsync(ct);
        return latest is { } date ? Period.MonthOf(date) : null;
    }

    /// <summary>
    /// Every reading (month and day rows) of the given metrics for one county between two dates,
    /// by metric id, in one query: for screens that compute several figures from the same rows.
    /// </summary>
    public Task<ILookup<int, Reading>> LoadReadingsAsync(IReadOnlyCollection<int> metricIds, int countyId, DateOnly from, DateOnly to, FigureView view, CancellationToken ct) =>
        LoadReadingsAsync(metricIds, countyId, [(from, to)], view, ct);

    /// <summary>
    /// Every reading (month and day rows) of the given metrics for one county in each of several spans of dates that
    /// do not overlap (the same days of two months), by metric id, in one query.
    /// </summary>
    public async Task<ILookup<int, Reading>> LoadReadingsAsync(
        IReadOnlyCollection<int> metricIds, int countyId, IReadOnlyList<(DateOnly From, DateOnly To)> spans, FigureView view, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await spans
            .Select(span => db.Observations.Where(o => metricIds.Contains(o.MetricId) && o.CountyId == countyId && o.PeriodStart >= span.From && o.PeriodStart <= span.To))
            .Aggregate((all, span) => all.Concat(span))
            .AsNoTracking()
            .Select(o => new { Key = new EnteredKey(o.MetricId, countyId, o.ChannelId, o.Granularity, o.PeriodStart), o.Value, o.Source })
            .ToListAsync(ct);
        return (await VisibleAsync(db, view, rows, r => r.Key, r => r.Source, ct))
            .ToLookup(r => r.Key.MetricId, r => new Reading(r.Key.ChannelId, Period.Of(r.Key.Granularity, r.Key.PeriodStart), r.Value));
    }

    /// <summary>
    /// Every county's readings of the metrics over whole months (<paramref name="from"/> the first day of the
    /// first, <paramref name="to"/> the last day of the last), by county and metric, reduced to what month-level
    /// figures need: a month reading as it is, and for each source (a channel, or the county itself) and month
    /// one reading on its last day with figures that stands for its day readings of that month: their sum for a
    /// counter, the last day's value for a gauge. By <see cref="FigureRules"/> that gives every month, quarter
    /// and year the figure the day rows give. Read as the database keeps the readings taken together
    /// (<see cref="ObservationMonth"/>): a row or two per source and month instead of up to 31.
    /// </summary>
    public async Task<ILookup<(int CountyId, int MetricId), Reading>> LoadMonthlyReadingsAsync(
        IReadOnlyCollection<MetricDefinition> metrics, DateOnly from, DateOnly to, FigureView view, CancellationToken ct)
    {
        var ids = metrics.Select(m => m.Id).ToList();
        var gauges = metrics.Where(m => m.Kind != MetricKind.Counter).Select(m => m.Id).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.ObservationMonths
            .Where(m => ids.Contains(m.MetricId) && m.Month >= from && m.Month <= to)
            // Not the month: it is the month of the last reading, and each date read is a date parsed (a thousand a page).
            .Select(m => new { m.CountyId, m.MetricId, m.ChannelId, m.Granularity, m.Last, Value = gauges.Contains(m.MetricId) ? m.LastValue : m.Total })
            .ToListAsync(ct);
        var readings = rows.Select(r => (r.CountyId, r.MetricId, Reading: new Reading(r.ChannelId, Period.Of(r.Granularity, r.Last), r.Value)));
        if (view == FigureView.ApprovedOrCollected)
        {
            var entered = await db.Observations.AsNoTracking()
                .Where(o => EnteredSources.Contains(o.Source) && ids.Contains(o.MetricId) && o.PeriodStart >= from && o.PeriodStart <= to)
                .Select(o => new EnteredKey(o.MetricId, o.CountyId, o.ChannelId, o.Granularity, o.PeriodStart))
                .ToListAsync(ct);
            var hidden = await HiddenAsync(db, view, entered, ct);
            if (hidden.Count > 0)
            {
                // A month reading is a month of its own; a month of day readings that holds a hidden one is
                // built again from its other days (taken together, the month would still count the hidden day).
                static (int, int, int?, PeriodGranularity, DateOnly) Group(EnteredKey k) => (k.MetricId, k.CountyId, k.ChannelId, k.Granularity, MonthOf(k.PeriodStart));
                var groups = hidden.Select(Group).ToHashSet();
                var dayCounties = hidden.Where(k => k.Granularity == PeriodGranularity.Day).Select(k => k.CountyId).Distinct().ToList();
                var days = dayCounties.Count == 0 ? [] : await db.Observations.AsNoTracking()
                    .Where(o => o.Granularity == PeriodGranularity.Day && dayCounties.Contains(o.CountyId) && ids.Contains(o.MetricId) && o.PeriodStart >= from && o.PeriodStart <= to)
                    .Select(o => new { Key = new EnteredKey(o.MetricId, o.CountyId, o.ChannelId, o.Granularity, o.PeriodStart), o.Value })
                    .ToListAsync(ct);
                readings = rows.Where(r => !groups.Contains((r.MetricId, r.CountyId, r.ChannelId, r.Granularity, MonthOf(r.Last))))
                    .Select(r => (r.CountyId, r.MetricId, Reading: new Reading(r.ChannelId, Period.Of(r.Granularity, r.Last), r.Value)))
                    .Concat(days.Where(d => groups.Contains(Group(d.Key)) && !hidden.Contains(d.Key))
                        .Select(d => (d.Key.CountyId, d.Key.MetricId, Reading: new Reading(d.Key.ChannelId, Period.Day(d.Key.PeriodStart), d.Value))));
            }
        }

        return readings.ToLookup(r => (r.CountyId, r.MetricId), r => r.Reading);
    }

    /// <summary>Every channel's readings of the metrics between two dates, by channel id and metric id: figures per account.</summary>
    public async Task<ILookup<(int ChannelId, int MetricId), Reading>> LoadChannelReadingsAsync(
        IReadOnlyCollection<int> metricIds, DateOnly from, DateOnly to, FigureView view, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Observations.AsNoTracking()
            .Where(o => metricIds.Contains(o.MetricId) && o.ChannelId != null && o.PeriodStart >= from && o.PeriodStart <= to)
            .Select(o => new { Key = new EnteredKey(o.MetricId, o.CountyId, o.ChannelId, o.Granularity, o.PeriodStart), o.Value, o.Source })
            .ToListAsync(ct);
        return (await VisibleAsync(db, view, rows, r => r.Key, r => r.Source, ct))
            .ToLookup(r => (r.Key.ChannelId!.Value, r.Key.MetricId), r => new Reading(r.Key.ChannelId, Period.Of(r.Key.Granularity, r.Key.PeriodStart), r.Value));
    }

    private static readonly ObservationSource[] EnteredSources = [ObservationSource.Manual, ObservationSource.Import];

    private readonly record struct EnteredKey(int MetricId, int CountyId, int? ChannelId, PeriodGranularity Granularity, DateOnly PeriodStart);

    private static DateOnly MonthOf(DateOnly day) => Period.MonthOf(day).Start;

    // The rows the view shows: all of them for the All view, as they are (no key looked up per row on the
    // dashboards' usual path); with ApprovedOrCollected, not those HiddenAsync leaves out.
    private static async Task<IReadOnlyList<T>> VisibleAsync<T>(
        DashboardDbContext db, FigureView view, List<T> rows, Func<T, EnteredKey> key, Func<T, ObservationSource> source, CancellationToken ct)
    {
        var hidden = await HiddenAsync(db, view, rows.Where(r => EnteredSources.Contains(source(r))).Select(key), ct);
        return hidden.Count == 0 ? rows : rows.FindAll(r => !hidden.Contains(key(r)));
    }

    // The entered and imported readings among entered that the view leaves out: with ApprovedOrCollected,
    // those of county-months not approved. Empty for the All view, without a query.
    private static async Task<HashSet<EnteredKey>> HiddenAsync(DashboardDbContext db, FigureView view, IEnumerable<EnteredKey> entered, CancellationToken ct)
    {
        var keys = view == FigureView.All ? [] : entered.ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        var counties = keys.Select(k => k.CountyId).Distinct().ToList();
        var first = MonthOf(keys.Min(k => k.PeriodStart));
        var last = keys.Max(k => k.PeriodStart);
        var approved = (await db.Submissions.AsNoTracking()
            .Where(s => s.Status == SubmissionStatus.Approved && counties.Contains(s.CountyId) && s.Month >= first && s.Month <= last)
            .Select(s => new { s.CountyId, s.Month })
            .ToListAsync(ct)).Select(s => (s.CountyId, s.Month)).ToHashSet();
        return keys.Where(k => !approved.Contains((k.CountyId, MonthOf(k.PeriodStart)))).ToHashSet();
    }

    private async Task<List<Reading>> LoadAsync(int metricId, int countyId, DateOnly from, DateOnly to, int? channelId, PeriodGranularity granularity, FigureView view, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Observations.AsNoTracking()
            .Where(o => o.MetricId == metricId && o.CountyId == countyId && o.PeriodStart >= from && o.PeriodStart <= to);
        if (channelId is { } id)
        {
            query = query.Where(o => o.ChannelId == id);
        }

        if (granularity == PeriodGranularity.Day)
        {
            // A day's figure is built from day readings only.
            query = query.Where(o => o.Granularity == PeriodGranularity.Day);
        }

        var rows = await query.Select(o => new { Key = new EnteredKey(metricId, countyId, o.ChannelId, o.Granularity, o.PeriodStart), o.Value, o.Source }).ToListAsync(ct);
        return (await VisibleAsync(db, view, rows, r => r.Key, r => r.Source, ct))
            .Select(r => new Reading(r.Key.ChannelId, Period.Of(r.Key.Granularity, r.Key.PeriodStart), r.Value)).ToList();
    }
}
