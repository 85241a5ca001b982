using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

public sealed class PeriodTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static CountyClock ClockAt(string utc) =>
        new(new FakeTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)), Shanghai);

    [Fact]
    public void Late_evening_UTC_on_the_last_of_October_is_November_first_in_Ruichang()
    {
        var clock = ClockAt("2014-10-31T16:30:00Z");

        Assert.Equal(new DateOnly(2014, 11, 1), clock.Today);
        Assert.Equal(Period.Month(2014, 11), clock.CurrentMonth);
    }

    [Fact]
    public void One_minute_before_local_midnight_is_still_October()
    {
        var clock = ClockAt("2014-10-31T15:59:00Z");

        Assert.Equal(new DateOnly(2014, 10, 31), clock.Today);
        Assert.Equal("2014-10", clock.CurrentMonth.ToString());
    }

    [Fact]
    public void New_year_arrives_eight_hours_before_UTC()
    {
        var clock = ClockAt("2014-12-31T16:00:00Z");

        Assert.Equal(Period.Month(2015, 1), clock.PeriodOf(clock.Now, PeriodGranularity.Month));
        Assert.Equal(Period.Day(new DateOnly(2015, 1, 1)), clock.PeriodOf(clock.Now, PeriodGranularity.Day));
    }

    [Fact]
    public void Start_of_a_local_day_is_the_previous_UTC_evening()
    {
        var clock = ClockAt("2014-11-01T00:00:00Z");

        Assert.Equal(new DateTime(2014, 10, 31, 16, 0, 0, DateTimeKind.Utc), clock.StartOfDayUtc(new DateOnly(2014, 11, 1)));
    }

    [Theory]
    [InlineData("2014-09", PeriodGranularity.Month, "2014-09-01", "2014-09-30")]
    [InlineData("2014-02", PeriodGranularity.Month, "2014-02-01", "2014-02-28")]
    [InlineData("2014-09-30", PeriodGranularity.Day, "2014-09-30", "2014-09-30")]
    public void Parses_the_API_forms(string text, PeriodGranularity granularity, string start, string end)
    {
        Assert.True(Period.TryParse(text, out var period));

        Assert.Equal(granularity, period.Value.Granularity);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), period.Value.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), period.Value.End);
        Assert.Equal(text, period.Value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2014-13")]
    [InlineData("2014/09")]
    [InlineData("2014-02-30")]
    [InlineData("九月")]
    public void Rejects_what_is_not_a_period(string text) => Assert.False(Period.TryParse(text, out _));

    [Theory]
    [InlineData(" 2014-09 ", "2014-09")]
    [InlineData("2014-09-30", null)]
    [InlineData("2014-13", null)]
    [InlineData(null, null)]
    public void ParseMonth_reads_a_month_and_nothing_else(string? text, string? expected) => Assert.Equal(expected, Period.ParseMonth(text)?.ToString());
}
