using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

public sealed class EntryRulesTests
{
    private static readonly MetricDefinition Placements = Metric(MetricKeys.ArticlePlacements);
    private static readonly MetricDefinition Followers = Metric(MetricKeys.WeiboFollowers);
    private static readonly MetricDefinition Bci = Metric(MetricKeys.WeiboBci);

    private static MetricDefinition Metric(string key) => ReferenceCatalog.Metrics().Single(m => m.Key == key);

    [Theory]
    [InlineData("1234", 1234)]
    [InlineData(" 1,234 ", 1234)]
    [InlineData("１２３４", 1234)]
    [InlineData("1，234", 1234)]
    [InlineData("0", 0)]
    public void Whole_numbers_are_read_as_Excel_and_input_methods_write_them(string text, double value)
    {
        var parsed = EntryRules.Parse(Placements, text);

        Assert.True(parsed.IsValid);
        Assert.Equal(value, parsed.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_cell_is_no_figure_not_zero(string? text)
    {
        Assert.True(EntryRules.Parse(Placements, text).IsEmpty);
    }

    [Theory]
    [InlineData("-5", "不能为负数")]
    [InlineData("12.5", "应为整数（单位：条）")]
    [InlineData("三百", "请填写整数（单位：条")]
    [InlineData("300条", "请填写整数")]
    [InlineData("=1+1", "请填写整数")]
    [InlineData("1e5", "请填写整数")]
    [InlineData("10000001", "超过上限 10,000,000")]
    [InlineData("123456789012345678901", "数字过长")]
    public void A_figure_that_is_not_a_whole_non_negative_number_within_the_limit_says_why(string text, string message)
    {
        var parsed = EntryRules.Parse(Placements, text);

        Assert.False(parsed.IsValid);
        Assert.Contains(message, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_may_have_decimals_and_has_its_own_limit()
    {
        Assert.Equal(512.36, EntryRules.Parse(Bci, "512.36").Value);
        Assert.Contains("超过上限 10,000", EntryRules.Parse(Bci, "10000.5").Error, StringComparison.Ordinal);
        Assert.Equal(50_000_000, EntryRules.Parse(Followers, "50,000,000").Value);
    }

    [Fact]
    public void No_figures_for_a_month_that_has_not_begun_but_the_current_month_may_be_entered_to_date()
    {
        var today = new DateOnly(2014, 9, 2);

        Assert.Null(EntryRules.MonthError(Period.Month(2014, 9), today));
        Assert.Null(EntryRules.MonthError(Period.Month(2014, 8), today));
        Assert.Equal("2014年10月还没有到，不能填报。", EntryRules.MonthError(Period.Month(2014, 10), today));
    }

    [Fact]
    public void A_jump_of_more_than_the_share_either_way_asks_for_confirmation()
    {
        Assert.Null(EntryRules.Warning(Placements, 140, 100, 0.5));
        Assert.Contains("增加了 60%", EntryRules.Warning(Placements, 160, 100, 0.5), StringComparison.Ordinal);
        Assert.Contains("减少了 70%", EntryRules.Warning(Placements, 30, 100, 0.5), StringComparison.Ordinal);
        Assert.Null(EntryRules.Warning(Placements, 500, null, 0.5));
        Assert.Null(EntryRules.Warning(Placements, 5, 0, 0.5));
    }

    [Fact]
    public void A_gauge_that_falls_at_all_asks_for_confirmation()
    {
        Assert.Contains("减少了 1", EntryRules.Warning(Followers, 29_999, 30_000, 0.5), StringComparison.Ordinal);
        Assert.Null(EntryRules.Warning(Followers, 30_001, 30_000, 0.5));
    }

    [Fact]
    public void A_counters_limit_over_a_year_is_twelve_months_of_it_and_a_gauges_stays()
    {
        Assert.Equal(100_000_000, EntryRules.Parse(Placements, "100000000", months: 12).Value);
        Assert.False(EntryRules.Parse(Placements, "100000000").IsValid);
        Assert.Contains("超过上限 100,000,000", EntryRules.Parse(Followers, "100000001", months: 12).Error, StringComparison.Ordinal);
    }
}
