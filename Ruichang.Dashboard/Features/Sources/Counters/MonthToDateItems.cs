using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources.Counters;

/// <summary>
/// Counters a source reports as "this month so far" without saying which month (<c>issues_this_month</c>),
/// read on <paramref name="ReadOn"/> (the county's date). Each read is stored for the month it was
/// read in, so a month's figure is its last read before midnight (the counters job reads hourly).
/// One exception guards the month's end: a read on the first day of a month that is not below the
/// previous month's stored figure, while the new month has none yet, is a source that has not reset
/// yet: it is the previous month's final figure and is stored there; the new month starts with the
/// first read after the reset. Each read also stores the items of its day (the month so far less
/// the earlier days), so a month's days add up to it. A source that gives the date with its figure
/// (option <c>dateField</c> or <c>dateColumn</c>) needs none of this: its figures are stored for the
/// period they name.
/// </summary>
public sealed record MonthToDateItems(IReadOnlyList<FigureReading> Figures, DateOnly ReadOn) : ISourceItems
{
    public Type PreviewComponent => typeof(MonthToDatePreview);

    public async Task<int> StoreAsync(SourceWrite write, CancellationToken ct)
    {
        var writes = new List<ObservationWrite>();
        foreach (var figure in Figures)
        {
            var metric = write.Context.Metric(figure.MetricKey);
            var period = figure.Period;
            if (ReadOn.Day == 1 && await NotResetYetAsync(write, metric.Id, figure, ct))
            {
                period = period.Previous();
                write.Note($"{metric.Name}（{metric.Key}）读到 {figure.Value:0.##}，不小于上月的数，来源尚未按新月份清零：计入 {period.Start.Year}年{period.Start.Month}月。");
            }

            writes.Add(new ObservationWrite(metric.Id, write.Channel.CountyId, write.Channel.Id, period, figure.Value));
            if (await DayAsync(write, metric, period, period == figure.Period ? ReadOn : period.End, figure.Value, ct) is { } day)
            {
                writes.Add(day);
            }
        }

        return await write.UpsertAsync(writes, ct);
    }

    /// <summary>
    /// The items of <paramref name="day"/>: the month so far less the days of the month stored before it, so the
    /// days always add up to the month and the overview can compare the month so far with the same days of another
    /// (上月同期). Only while every earlier day of the month has its row: a channel first read in the middle of a
    /// month, or a day without a read, would put several days' items on one day, so that month has no days from
    /// then on (and is compared with none). Null then, and when the figure fell below those days (a source's correction).
    /// </summary>
    private static async Task<ObservationWrite?> DayAsync(SourceWrite write, MetricDefinition metric, Period month, DateOnly day, double soFar, CancellationToken ct)
    {
        var before = await write.Db.Observations
            .Where(o => o.MetricId == metric.Id && o.ChannelId == write.Channel.Id && o.Granularity == PeriodGranularity.Day
                && o.PeriodStart >= month.Start && o.PeriodStart < day)
            .Select(o => o.Value)
            .ToListAsync(ct);
        var items = before.Sum();
        if (before.Count != day.Day - 1)
        {
            return null;
        }

        if (soFar < items)
        {
            write.Note($"{metric.Name}（{metric.Key}）本月至今 {soFar:0.##}，少于本月此前各日之和 {items:0.##}（来源更正了数字）：{day.Month}月{day.Day}日不记当日数。");
            return null;
        }

        return new ObservationWrite(metric.Id, write.Channel.CountyId, write.Channel.Id, Period.Day(day), soFar - items);
    }

    private static async Task<bool> NotResetYetAsync(SourceWrite write, int metricId, FigureReading figure, CancellationToken ct)
    {
        var current = figure.Period.Start;
        var previous = figure.Period.Previous().Start;
        var stored = await write.Db.Observations
            .Where(o => o.MetricId == metricId && o.ChannelId == write.Channel.Id && o.Granularity == PeriodGranularity.Month
                && (o.PeriodStart == current || o.PeriodStart == previous))
            .Select(o => new { o.PeriodStart, o.Value })
            .ToListAsync(ct);
        var last = stored.FirstOrDefault(o => o.PeriodStart == previous)?.Value;
        return last > 0 && figure.Value >= last && stored.All(o => o.PeriodStart != current);
    }
}
