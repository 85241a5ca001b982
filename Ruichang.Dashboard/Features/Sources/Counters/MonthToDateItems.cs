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
/// first read after the reset. A source that gives the date with its figure (option <c>dateField</c>
/// or <c>dateColumn</c>) needs none of this: its figures are stored for the period they name.
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
        }

        return await write.UpsertAsync(writes, ct);
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
