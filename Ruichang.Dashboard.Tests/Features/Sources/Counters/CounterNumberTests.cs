using Ruichang.Dashboard.Features.Sources.Counters;

namespace Ruichang.Dashboard.Tests.Features.Sources.Counters;

public sealed class CounterNumberTests
{
    [Theory]
    [InlineData("19000", 19000)]
    [InlineData("19,000", 19000)]
    [InlineData("19，000", 19000)]
    [InlineData("1.9万", 19000)]
    [InlineData("1.9 万", 19000)]
    [InlineData("1.2亿", 120_000_000)]
    [InlineData(" 22 ", 22)]
    [InlineData("0", 0)]
    public void Chinese_ways_of_writing_a_figure_are_read(string text, double expected)
    {
        Assert.True(CounterNumber.TryParse(text, out var value, out var error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("abc", "不是数字")]
    [InlineData("", "不是数字")]
    [InlineData("万", "不是数字")]
    [InlineData("1.9千", "不是数字")]
    [InlineData("-5", "不能为负数")]
    [InlineData("99999999999999999999亿", "大得不合理")]
    public void Text_that_is_no_figure_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(CounterNumber.TryParse(text, out _, out var error));
        Assert.Equal(reason, error);
    }
}
