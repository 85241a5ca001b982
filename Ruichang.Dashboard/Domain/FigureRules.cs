namespace Ruichang.Dashboard.Domain;

/// <summary>One stored value: a channel's (or, with no channel, the county's own) figure for a month or a day.</summary>
public readonly record struct Reading(int? ChannelId, Period Period, double Value);

/// <summary>
/// How a county's figure for a span of periods is built from stored readings (design.md):
/// a counter is summed over its channels and the span's days; a gauge takes each channel's last
/// reading in the span, summed over the channels. A channel's month is its month reading when it
/// has one, otherwise built from its day readings by the same rule, so a month and its days are
/// never both counted. A county with no reading in the span has no figure (null), never zero.
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

        double? total = null;
        foreach (var channel in readings.GroupBy(r => r.ChannelId))
        {
            var value = first.Granularity == PeriodGranularity.Day
                ? Combine(kind, channel.Where(r => r.Period.Granularity == PeriodGranularity.Day && r.Period >= first && r.Period <= last))
                : Combine(kind, ChannelMonths(kind, channel, first.Start, last.End));
            if (value is { } v)
            {
                total = (total ?? 0) + v;
            }
        }

        return total;
    }

    /// <summary>A channel's month figures within [from, to]: month readings, or months built from day readings.</summary>
    private static Dictionary<Period, Reading>.ValueCollection ChannelMonths(MetricKind kind, IEnumerable<Reading> channel, DateOnly from, DateOnly to)
    {
        var inSpan = channel.Where(r => r.Period.Start >= from && r.Period.Start <= to).ToList();
        var months = inSpan.Where(r => r.Period.Granularity == PeriodGranularity.Month).ToDictionary(r => r.Period);
        foreach (var days in inSpan.Where(r => r.Period.Granularity == PeriodGranularity.Day).GroupBy(r => Period.MonthOf(r.Period.Start)))
        {
            if (!months.ContainsKey(days.Key) && Combine(kind, days) is { } built)
            {
                months[days.Key] = new Reading(days.First().ChannelId, days.Key, built);
            }
        }

        return months.Values;
    }

    private static double? Combine(MetricKind kind, IEnumerable<Reading> readings)
    {
        var ordered = readings.OrderBy(r => r.Period).ToList();
        if (ordered.Count == 0)
        {
            return null;
        }

        return kind == MetricKind.Counter ? ordered.Sum(r => r.Value) : ordered[^1].Value;
    }
}
