using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

public sealed class PacingTests
{
    [Fact]
    public void A_counter_is_projected_at_the_pace_of_the_days_gone()
    {
        // 30 June 2014 is day 181 of 365.
        var forecast = Pacing.Project(MetricKind.Counter, 1000, null, new DateOnly(2014, 6, 30), 2000);

        Assert.Equal(Math.Round(1000.0 * 365 / 181), forecast.Projected);
        Assert.True(forecast.OnTrack);
    }

    [Fact]
    public void A_gauge_goes_on_growing_as_it_has_since_the_start_of_the_year()
    {
        // Followers from 20,000 to 26,000 in the first half: another 6,000-odd by the end of the year.
        var forecast = Pacing.Project(MetricKind.Gauge, 26000, 20000, new DateOnly(2014, 6, 30), 35000);

        Assert.Equal(Math.Round(26000 + (6000.0 * 184 / 181)), forecast.Projected);
        Assert.False(forecast.OnTrack);
        Assert.Equal(forecast.Projected / 35000, forecast.Attainment);
    }

    [Fact]
    public void A_gauge_without_its_level_at_the_start_of_the_year_stays_where_it_is()
    {
        Assert.Equal(26000, Pacing.Project(MetricKind.Gauge, 26000, null, new DateOnly(2014, 6, 30), 30000).Projected);
    }

    [Fact]
    public void A_leap_year_has_366_days_and_the_last_day_projects_the_figure_itself()
    {
        Assert.Equal(1000, Pacing.Project(MetricKind.Counter, 1000, null, new DateOnly(2016, 12, 31), 900).Projected);
        Assert.Equal(Math.Round(10.0 * 366), Pacing.Project(MetricKind.Counter, 10, null, new DateOnly(2016, 1, 1), 900).Projected);
    }
}
