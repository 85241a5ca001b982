using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

/// <summary>The department's way of writing a count in a summary's sentences, from its 2014 summary.</summary>
public sealed class SummaryNumbersTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(18, "18")]
    [InlineData(129, "129")]
    [InlineData(172, "172")]
    [InlineData(1409, "1409")]
    [InlineData(1999, "1999")]
    public void Counts_below_two_thousand_are_written_exactly(double value, string expected) =>
        Assert.Equal(expected, SummaryNumbers.Write(value));

    [Theory]
    [InlineData(2000, "2000")]
    [InlineData(2001, "2000余")]
    [InlineData(2037, "2000余")]
    [InlineData(2099, "2000余")]
    [InlineData(5812, "5800余")]
    [InlineData(9999, "9900余")]
    public void Thousands_are_cut_down_to_the_hundreds_with_yu_when_something_was_cut(double value, string expected) =>
        Assert.Equal(expected, SummaryNumbers.Write(value));

    [Theory]
    [InlineData(10000, "1万")]
    [InlineData(19000, "1.9万")]
    [InlineData(19450, "1.9万")]
    [InlineData(19999, "1.9万")]
    [InlineData(30000, "3万")]
    [InlineData(30125, "3万余")]
    [InlineData(30999, "3万余")]
    [InlineData(123456, "12.3万")]
    [InlineData(1200001, "120万余")]
    [InlineData(123456789, "1.2亿")]
    public void Ten_thousands_are_written_in_wan_cut_down_to_one_decimal(double value, string expected) =>
        Assert.Equal(expected, SummaryNumbers.Write(value));

    [Fact]
    public void A_fraction_is_cut_down_never_rounded_up() => Assert.Equal("1999", SummaryNumbers.Write(1999.9));

    [Fact]
    public void A_negative_count_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => SummaryNumbers.Write(-1));
}
