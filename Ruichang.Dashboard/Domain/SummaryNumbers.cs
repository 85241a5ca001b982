using System.Globalization;

namespace Ruichang.Dashboard.Domain;

/// <summary>
/// How the department writes a count in the sentences of a work summary, as its own 2014 summary does
/// (shared/seed-work-summary-2014.md): "刊发瑞昌稿件2000余条", "发布微博5800余条", "粉丝数量达30000余人"
/// (3万余), "覆盖瑞昌范围内1.9万手机用户", beside "登载新闻稿件1409条", "已发送129期", "舆情处理单172份",
/// "106名".
/// <list type="bullet">
/// <item>Below 2,000 a count is written exactly, without a thousands separator (1409, 129, 172): every figure
/// under 2,000 in the seed is exact, and its first rounded one is 2000余.</item>
/// <item>From 2,000 to 9,999 it is cut down (never rounded up: the claim must stay true) to the hundreds and
/// followed by 余 when anything was cut (2,037 → 2000余, 5,812 → 5800余, 2,000 → 2000).</item>
/// <item>From 10,000 it is written in 万 (from 1亿 in 亿), cut down to one decimal: a whole number of 万 takes
/// 余 when anything was cut (30,125 → 3万余, 30,000 → 3万), one with a decimal is written bare (19,000 and
/// 19,450 → 1.9万): 余 follows a round figure in the seed, and "1.9万" already reads as "about".</item>
/// </list>
/// Unlike <c>NumberFormat.Compact</c> (the dashboards' 1.9万, rounded to the nearest) this never overstates.
/// Tables keep the exact figures; only the sentences use this.
/// </summary>
public static class SummaryNumbers
{
    /// <summary>The largest count written exactly.</summary>
    public const long ExactBelow = 2_000;

    public static string Write(double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A count must be finite.");
        }

        var count = (long)Math.Floor(value);
        if (count < ExactBelow)
        {
            return count.ToString(CultureInfo.InvariantCulture);
        }

        if (count < 10_000)
        {
            var hundreds = count / 100 * 100;
            return hundreds.ToString(CultureInfo.InvariantCulture) + (hundreds < count ? "余" : "");
        }

        var (unit, name) = count >= 100_000_000 ? (100_000_000L, "亿") : (10_000L, "万");
        var tenths = count / (unit / 10);
        var kept = tenths * (unit / 10);
        if (tenths % 10 == 0)
        {
            return (tenths / 10).ToString(CultureInfo.InvariantCulture) + name + (kept < count ? "余" : "");
        }

        return (tenths / 10m).ToString("0.0", CultureInfo.InvariantCulture) + name;
    }
}
