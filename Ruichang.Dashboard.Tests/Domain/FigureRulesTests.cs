using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

public sealed class FigureRulesTests
{
    private static readonly Period September = Period.Month(2014, 9);
    private static readonly Period October = Period.Month(2014, 10);

    private static Reading Month(int? channel, Period month, double value) => new(channel, month, value);

    private static Reading Day(int? channel, int year, int month, int day, double value) =>
        new(channel, Period.Day(new DateOnly(year, month, day)), value);

    [Fact]
    public void A_gauge_adds_up_each_channels_last_reading()
    {
        // Three Weibo accounts' followers add up; each counts with its last reading of the month.
        Reading[] readings =
        [
            Day(1, 2014, 9, 1, 20_000), Day(1, 2014, 9, 30, 21_000),
            Day(2, 2014, 9, 15, 6_000), Day(2, 2014, 9, 29, 6_100),
            Month(3, September, 3_000),
        ];

        Assert.Equal(30_100, FigureRules.CountyFigure(MetricKind.Gauge, readings, September, September));
    }

    [Fact]
    public void A_counter_sums_the_days_of_the_month_over_channels()
    {
        Reading[] readings = [Day(1, 2014, 9, 1, 10), Day(1, 2014, 9, 30, 5), Day(2, 2014, 9, 2, 7), Day(1, 2014, 10, 1, 100)];

        Assert.Equal(22, FigureRules.CountyFigure(MetricKind.Counter, readings, September, September));
    }

    [Fact]
    public void A_channels_month_reading_wins_over_its_days_so_nothing_is_counted_twice()
    {
        Reading[] readings = [Month(1, September, 500), Day(1, 2014, 9, 3, 20), Day(1, 2014, 9, 4, 30)];

        Assert.Equal(500, FigureRules.CountyFigure(MetricKind.Counter, readings, September, September));
    }

    [Fact]
    public void A_county_level_figure_counts_as_its_own_channel()
    {
        Reading[] readings = [Month(null, September, 40), Month(1, September, 2)];

        Assert.Equal(42, FigureRules.CountyFigure(MetricKind.Counter, readings, September, September));
    }

    [Fact]
    public void No_reading_is_no_figure_not_zero()
    {
        Reading[] readings = [Month(1, October, 5)];

        Assert.Null(FigureRules.CountyFigure(MetricKind.Counter, readings, September, September));
    }

    [Fact]
    public void A_span_of_months_sums_counters_and_takes_the_last_gauge()
    {
        Reading[] readings = [Month(1, September, 100), Month(1, October, 150), Month(2, September, 10)];

        Assert.Equal(260, FigureRules.CountyFigure(MetricKind.Counter, readings, September, October));
        // Channel 2 has no October reading: its last reading in the span (September) still counts.
        Assert.Equal(160, FigureRules.CountyFigure(MetricKind.Gauge, readings, September, October));
    }

    [Fact]
    public void A_day_is_built_from_day_readings_only()
    {
        Reading[] readings = [Month(1, September, 999), Day(1, 2014, 9, 30, 7), Day(2, 2014, 9, 30, 3)];
        var day = Period.Day(new DateOnly(2014, 9, 30));

        Assert.Equal(10, FigureRules.CountyFigure(MetricKind.Counter, readings, day, day));
    }
}
