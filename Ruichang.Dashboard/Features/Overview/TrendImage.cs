using Ruichang.Dashboard.Components.Shared;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Overview;

/// <summary>
/// A trend chart saved as an image, the same from the overview and the big screen: named by metric and last month
/// (<c>趋势-稿件刊发-2014年9月.png</c>), captioned with whose trend, over which months (to date when the last is the
/// current month) and from whom.
/// </summary>
public static class TrendImage
{
    public static Task SaveAsync(ApexChart chart, OverviewModel model, TrendLine trend, ChartImageFormat format, string department)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trend);
        static string Month(Period m) => $"{m.Start.Year}年{m.Start.Month}月";
        var last = model.TrendMonths[^1];
        var period = $"{Month(model.TrendMonths[0])}至{Month(last)}{(model.IsSoFar ? $"（截至{model.AsOf.Month}月{model.AsOf.Day}日）" : "")}";
        return chart.SaveImageAsync(
            format,
            $"趋势-{trend.Metric.Name}-{Month(last)}.{(format == ChartImageFormat.Png ? "png" : "svg")}",
            new ChartCaption($"{model.Home.Name}{trend.Metric.Name}近{model.TrendMonths.Count}个月趋势（与全市平均、最高值对比）", period, $"数据来源：{department}"));
    }
}
