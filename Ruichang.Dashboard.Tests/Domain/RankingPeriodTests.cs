using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

public sealed class RankingPeriodTests
{
    private static readonly Period September2014 = Period.Month(2014, 9);

    private static RankingPeriod Parse(string text, Period? current = null) =>
        RankingPeriod.TryParse(text, current ?? September2014, out var p) ? p.Value : throw new FormatException(text);

    [Theory]
    [InlineData("2014-09", RankingPeriodKind.Month, "2014-09", "2014-09", "2014年9月", "2014-09")]
    [InlineData("2014-Q3", RankingPeriodKind.Quarter, "2014-07", "2014-09", "2014年第三季度", "2014 Q3")]
    [InlineData("2014-q1", RankingPeriodKind.Quarter, "2014-01", "2014-03", "2014年第一季度", "2014 Q1")]
    [InlineData("2013", RankingPeriodKind.Year, "2013-01", "2013-12", "2013年", "2013")]
    [InlineData("2014-YTD", RankingPeriodKind.YearToDate, "2014-01", "2014-09", "2014年1—9月", "2014-01 to 2014-09")]
    [InlineData("2013-YTD", RankingPeriodKind.YearToDate, "2013-01", "2013-12", "2013年1—12月", "2013-01 to 2013-12")]
    public void Reads_the_four_forms_of_the_api(string text, RankingPeriodKind kind, string first, string last, string label, string labelEn)
    {
        var period = Parse(text);

        Assert.Equal((kind, first, last, label, labelEn), (period.Kind, period.First.ToString(), period.Last.ToString(), period.Label, period.LabelEn));
        Assert.Equal(text.ToUpperInvariant(), period.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2014-13")]
    [InlineData("2014-Q5")]
    [InlineData("2014-Q0")]
    [InlineData("14-09")]
    [InlineData("2014-09-30")]
    [InlineData("2014-YTDX")]
    [InlineData("二〇一四")]
    [InlineData("2014-10")]
    [InlineData("2015")]
    public void Refuses_other_forms_and_periods_that_have_not_begun(string text)
    {
        Assert.False(RankingPeriod.TryParse(text, September2014, out _));
    }

    [Theory]
    [InlineData("2014-09", "2014-08")]
    [InlineData("2014-01", "2013-12")]
    [InlineData("2014-Q3", "2014-Q2")]
    [InlineData("2014-Q1", "2013-Q4")]
    [InlineData("2014", "2013")]
    public void The_previous_period_has_the_same_length(string text, string previous)
    {
        Assert.Equal(previous, Parse(text).Previous().ToString());
    }

    [Fact]
    public void The_year_to_date_is_compared_with_the_same_months_of_the_year_before()
    {
        var previous = Parse("2014-YTD").Previous();

        Assert.Equal(("2013-01", "2013-09"), (previous.First.ToString(), previous.Last.ToString()));
    }

    [Fact]
    public void A_period_that_holds_today_is_so_far()
    {
        var quarter = Parse("2014-Q3");

        Assert.True(quarter.Contains(new DateOnly(2014, 9, 2)));
        Assert.False(quarter.Contains(new DateOnly(2014, 10, 1)));
    }
}
