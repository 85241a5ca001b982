namespace Ruichang.Dashboard.Domain;

/// <summary>One stored value: a channel's (or, with no channel, the county's own) figure for a month or a day.</summary>
public readonly record struct Reading(int? ChannelId, Period Period, double Value);

/// <summary>
/// How a county's figure for a span of periods is built from stored readings (design.md).
/// For each month (or day) of the span, a county-level figure (no channel: the prefecture's
/// notice, a staff entry, an import) is the county's figure when one exists, and the channels are
/// then detail; otherwise the channels are combined: a counter is summed over the channels, a
/// gauge takes each channel's last reading in the period, summed over the channels (three Weibo
/// accounts' followers add up). The span is then built from its periods by the same rule: a
/// counter sums them, a gauge takes the latest period that has a figure, so a quarter or a year is
/// built month by month. A month's figure of one source (the county or a channel) is its month
/// reading when it has one, otherwise built from its day readings, so a month and its days are
/// never both counted. A span with no reading has no figure (null), never zero.
/// </summary>
public static class FigureRules
{
    /// <summary>The county's figure over the span <paramref name="first"/> to <paramref name="last"/> (same granularity).</summary>
    public static double? CountyFigure(MetricKind kind, IEnumerable<Reading> readings, Period first, Period last)
    {
        if (first.Granularity != last.Granularity)
        {
            throw new ArgumentException("A span's first and last periods must have the same granularity.", nameof(last));
        }

        // A day is built from day readings only; a month from its month and day readings.
        var inSpan = new List<Reading>();
        foreach (var r in readings)
        {
            if (r.Period.Start >= first.Start && r.Period.Start <= last.End
                && (first.Granularity == PeriodGranularity.Month || r.Period.Granularity == PeriodGranularity.Day))
            {
                inSpan.Add(r);
            }
        }

        if (inSpan.Count == 0)
        {
            return null;
        }

        // A span of one period (the dashboards ask for a thousand months at a time) needs no grouping.
        if (first == last)
        {
            return PeriodFigure(kind, inSpan);
        }

        var periods = inSpan
            .GroupBy(r => first.Granularity == PeriodGranularity.Month ? Period.MonthOf(r.Period.Start) : r.Period)
            .Select(period => new Reading(null, period.Key, PeriodFigure(kind, period.ToList())))
            .ToList();
        return Combine(kind, periods);
    }

    /// <summary>The county's figure for one period from the readings that fall in it (at least one).</summary>
    private static double PeriodFigure(MetricKind kind, List<Reading> period)
    {
        // A county-level figure is the county's figure; the channels beside it are its detail, not an addition.
        if (period.Exists(r => r.ChannelId is null))
        {
            return SourceFigure(kind, period, null);
        }

        var sum = 0d;
        for (var i = 0; i < period.Count; i++)
        {
            var channel = period[i].ChannelId;
            // Each channel once, at its first reading (a period holds a few channels).
            if (period.FindIndex(r => r.ChannelId == channel) == i)
            {
                sum += SourceFigure(kind, period, channel);
            }
        }

        return sum;
    }

    /// <summary>One source's figure for a period: its reading for the whole period, or one built from its day readings.</summary>
    private static double SourceFigure(MetricKind kind, List<Reading> period, int? source)
    {
        var whole = period.Exists(r => r.ChannelId == source && r.Period.Granularity == PeriodGranularity.Month);
        return Combine(kind, period.Where(r => r.ChannelId == source && (!whole || r.Period.Granularity == PeriodGranularity.Month)));
    }

    /// <summary>A counter sums the readings; a gauge takes the latest. There is at least one reading.</summary>
    private static double Combine(MetricKind kind, IEnumerable<Reading> readings) =>
        kind == MetricKind.Counter ? readings.Sum(r => r.Value) : readings.MaxBy(r => r.Period).Value;
}
