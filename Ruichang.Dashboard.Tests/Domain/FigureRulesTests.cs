using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

public sealed class FigureRulesTests
{
    private static readonly Period September = Period.Month(2014, 9);
    private static readonly Period October = Period.Month(2014, 10);

    /// <summary>
    /// January: a county-level 100 beside channels' 40 + 2; February: channels only, 30 + 5;
    /// March: a county-level 50 only.
    /// </summary>
    private static readonly Reading[] FirstQuarter =
    [
        Month(null, Period.Month(2014, 1), 100), Month(1, Period.Month(2014, 1), 40), Month(2, Period.Month(2014, 1), 2),
        Month(1, Period.Month(2014, 2), 30), Day(2, 2014, 2, 10, 5),
        Month(null, Period.Month(2014, 3), 50),
    ];

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
    public void A_county_level_month_figure_is_the_countys_counter_and_the_channels_beside_it_are_not_added()
    {
        // The prefecture's notice says 40; the collected channel's 2 is part of it, not on top of it.
        Reading[] readings = [Month(null, September, 40), Month(1, September, 2), Day(2, 2014, 9, 3, 5)];

        Assert.Equal(40, FigureRules.CountyFigure(MetricKind.Counter, readings, September, September));
    }

    [Fact]
    public void A_county_level_month_figure_is_the_countys_gauge_and_the_channels_beside_it_are_not_added()
    {
        Reading[] readings = [Month(null, September, 31_000), Day(1, 2014, 9, 30, 21_000), Month(2, September, 9_500)];

        Assert.Equal(31_000, FigureRules.CountyFigure(MetricKind.Gauge, readings, September, September));
    }

    [Fact]
    public void County_level_day_readings_build_the_countys_month_when_it_has_no_month_reading()
    {
        Reading[] counters = [Day(null, 2014, 9, 1, 10), Day(null, 2014, 9, 2, 5), Month(1, September, 100), Day(2, 2014, 9, 1, 1)];
        Reading[] gauges = [Day(null, 2014, 9, 1, 300), Day(null, 2014, 9, 20, 320), Month(1, September, 1_000)];

        Assert.Equal(15, FigureRules.CountyFigure(MetricKind.Counter, counters, September, September));
        Assert.Equal(320, FigureRules.CountyFigure(MetricKind.Gauge, gauges, September, September));
    }

    [Fact]
    public void A_span_of_months_takes_each_months_gauge_from_the_county_when_it_has_one_otherwise_from_the_channels()
    {
        // September has a county-level figure; October only the channels' readings.
        Reading[] readings =
        [
            Month(null, September, 30_000), Month(1, September, 21_000), Month(2, September, 9_500),
            Day(1, 2014, 10, 31, 22_000), Month(2, October, 9_600),
        ];

        Assert.Equal(30_000, FigureRules.CountyFigure(MetricKind.Gauge, readings, September, September));
        Assert.Equal(31_600, FigureRules.CountyFigure(MetricKind.Gauge, readings, October, October));
        Assert.Equal(31_600, FigureRules.CountyFigure(MetricKind.Gauge, readings, September, October));
    }

    [Fact]
    public void A_quarter_of_counters_sums_its_months_each_from_the_county_when_it_has_a_figure_otherwise_from_the_channels()
    {
        Assert.Equal(100 + 35 + 50, FigureRules.CountyFigure(MetricKind.Counter, FirstQuarter, Period.Month(2014, 1), Period.Month(2014, 3)));
    }

    [Fact]
    public void A_quarters_gauge_is_its_latest_months_figure()
    {
        Assert.Equal(50, FigureRules.CountyFigure(MetricKind.Gauge, FirstQuarter, Period.Month(2014, 1), Period.Month(2014, 3)));
        // April to June have no reading: the half year's gauge is still March's figure.
        Assert.Equal(50, FigureRules.CountyFigure(MetricKind.Gauge, FirstQuarter, Period.Month(2014, 1), Period.Month(2014, 6)));
    }

    [Fact]
    public void A_county_level_day_figure_wins_over_the_channels_for_its_day_only()
    {
        // 29 September: channels only; 30 September: the county's own figure beside the channels.
        Reading[] readings =
        [
            Day(1, 2014, 9, 29, 4), Day(2, 2014, 9, 29, 6),
            Day(null, 2014, 9, 30, 100), Day(1, 2014, 9, 30, 7), Day(2, 2014, 9, 30, 3),
        ];
        var the29th = Period.Day(new DateOnly(2014, 9, 29));
        var the30th = Period.Day(new DateOnly(2014, 9, 30));

        Assert.Equal(10, FigureRules.CountyFigure(MetricKind.Counter, readings, the29th, the29th));
        Assert.Equal(100, FigureRules.CountyFigure(MetricKind.Counter, readings, the30th, the30th));
        Assert.Equal(110, FigureRules.CountyFigure(MetricKind.Counter, readings, the29th, the30th));
    }

    [Fact]
    public void A_span_of_days_takes_the_gauge_of_its_latest_day_with_a_figure()
    {
        Reading[] readings =
        [
            Day(1, 2014, 9, 28, 1_000), Day(2, 2014, 9, 28, 500),
            Day(null, 2014, 9, 29, 1_600), Day(1, 2014, 9, 29, 1_010),
        ];
        var the28th = Period.Day(new DateOnly(2014, 9, 28));
        var the29th = Period.Day(new DateOnly(2014, 9, 29));
        var the30th = Period.Day(new DateOnly(2014, 9, 30));

        Assert.Equal(1_500, FigureRules.CountyFigure(MetricKind.Gauge, readings, the28th, the28th));
        Assert.Equal(1_600, FigureRules.CountyFigure(MetricKind.Gauge, readings, the28th, the30th));
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
        // The span's gauge is its latest month's figure; in October only channel 1 reported.
        Assert.Equal(150, FigureRules.CountyFigure(MetricKind.Gauge, readings, September, October));
    }

    [Fact]
    public void A_day_is_built_from_day_readings_only()
    {
        Reading[] readings = [Month(1, September, 999), Day(1, 2014, 9, 30, 7), Day(2, 2014, 9, 30, 3)];
        var day = Period.Day(new DateOnly(2014, 9, 30));

        Assert.Equal(10, FigureRules.CountyFigure(MetricKind.Counter, readings, day, day));
    }
}
