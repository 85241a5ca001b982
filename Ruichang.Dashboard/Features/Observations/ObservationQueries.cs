using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Observations;

/// <summary>A county's figure for one period.</summary>
public sealed record PeriodValue(Period Period, double Value);

/// <summary>
/// Reads county figures per period, aggregated over channels by <see cref="FigureRules"/>. One
/// query per call; the aggregation runs in memory on the (small) set of rows in range.
/// </summary>
public sealed class ObservationQueries(IDbContextFactory<DashboardDbContext> factory)
{
    /// <summary>
    /// The county's figure for each period from <paramref name="from"/> to <paramref name="to"/>
    /// (inclusive, same granularity); periods without any reading are left out. With
    /// <paramref name="channelId"/>, only that channel's figures.
    /// </summary>
    public async Task<IReadOnlyList<PeriodValue>> GetSeriesAsync(MetricDefinition metric, int countyId, Period from, Period to, int? channelId, CancellationToken ct)
    {
        var readings = await LoadAsync(metric.Id, countyId, from.Start, to.End, channelId, from.Granularity, ct);
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
    public async Task<Period?> GetLatestMonthAsync(IReadOnlyCollection<int> metricIds, int countyId, Period notAfter, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var end = notAfter.End;
        var latest = await db.Observations
            .Where(o => o.CountyId == countyId && metricIds.Contains(o.MetricId) && o.PeriodStart <= end)
            .OrderByDescending(o => o.PeriodStart)
            .Select(o => (DateOnly?)o.PeriodStart)
            .FirstOrDefaultAsync(ct);
        return latest is { } date ? Period.MonthOf(date) : null;
    }

    /// <summary>
    /// Every reading (month and day rows) of the given metrics for one county between two dates,
    /// by metric id, in one query: for screens that compute several figures from the same rows.
    /// </summary>
    public async Task<ILookup<int, Reading>> LoadReadingsAsync(IReadOnlyCollection<int> metricIds, int countyId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Observations.AsNoTracking()
            .Where(o => metricIds.Contains(o.MetricId) && o.CountyId == countyId && o.PeriodStart >= from && o.PeriodStart <= to)
            .Select(o => new { o.MetricId, o.ChannelId, o.Granularity, o.PeriodStart, o.Value })
            .ToListAsync(ct);
        return rows.ToLookup(r => r.MetricId, r => new Reading(r.ChannelId, Period.Of(r.Granularity, r.PeriodStart), r.Value));
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
        IReadOnlyCollection<MetricDefinition> metrics, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var ids = metrics.Select(m => m.Id).ToList();
        var gauges = metrics.Where(m => m.Kind != MetricKind.Counter).Select(m => m.Id).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.ObservationMonths
            .Where(m => ids.Contains(m.MetricId) && m.Month >= from && m.Month <= to)
            .Select(m => new { m.CountyId, m.MetricId, m.ChannelId, m.Granularity, m.Last, Value = gauges.Contains(m.MetricId) ? m.LastValue : m.Total })
            .ToListAsync(ct);
        return rows.ToLookup(r => (r.CountyId, r.MetricId), r => new Reading(r.ChannelId, Period.Of(r.Granularity, r.Last), r.Value));
    }

    private async Task<List<Reading>> LoadAsync(int metricId, int countyId, DateOnly from, DateOnly to, int? channelId, PeriodGranularity granularity, CancellationToken ct)
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

        var rows = await query.Select(o => new { o.ChannelId, o.Granularity, o.PeriodStart, o.Value }).ToListAsync(ct);
        return rows.ConvertAll(r => new Reading(r.ChannelId, Period.Of(r.Granularity, r.PeriodStart), r.Value));
    }
}
