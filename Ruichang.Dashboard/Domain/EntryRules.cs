using System.Globalization;

namespace Ruichang.Dashboard.Domain;

/// <summary>What a typed figure is: a value, or the reason it is not one (in Chinese, for beside the cell).</summary>
public readonly record struct ParsedFigure(double? Value, string? Error)
{
    public bool IsValid => Error is null;

    /// <summary>An empty cell: no entered figure (the county's figure falls back to its channels').</summary>
    public bool IsEmpty => Error is null && Value is null;
}

/// <summary>
/// The rules of a figure typed or pasted into the entry grid, imported or sent to the API, plain C# so that
/// every way in checks the same: whole non-negative numbers (an index may have decimals), thousands
/// separators and full-width digits as Chinese Excel copies them, a per-metric limit, and no month after the
/// current one. Warnings (a jump against last month, a falling gauge) ask for confirmation, never refuse.
/// </summary>
public static class EntryRules
{
    /// <summary>The largest figure of a county for a month; above it a typo (an extra digit) is far likelier than the figure.</summary>
    public const double DefaultLimit = 10_000_000;

    private static readonly Dictionary<string, double> Limits = new(StringComparer.Ordinal)
    {
        [MetricKeys.WeiboFollowers] = 100_000_000,
        [MetricKeys.WeChatFollowers] = 100_000_000,
        [MetricKeys.MobilePaperSubscribers] = 100_000_000,
        [MetricKeys.WeiboBci] = 10_000,
        [MetricKeys.CommentatorCount] = 100_000,
        [MetricKeys.MobilePaperIssues] = 1_000,
        [MetricKeys.OpinionSpecialReports] = 10_000,
        [MetricKeys.OpinionBulletins] = 10_000,
        [MetricKeys.OpinionHandlingForms] = 10_000,
        [MetricKeys.JournalistVisits] = 10_000,
    };

    /// <summary>Metrics whose figures are indexes with decimals; every other figure is a count.</summary>
    private static readonly HashSet<string> Decimal = new(StringComparer.Ordinal) { MetricKeys.WeiboBci };

    public static double LimitOf(string metricKey) => Limits.GetValueOrDefault(metricKey, DefaultLimit);

    public static bool AllowsDecimals(string metricKey) => Decimal.Contains(metricKey);

    /// <summary>
    /// Reads <paramref name="text"/> as a figure of <paramref name="metric"/> over <paramref name="months"/> months
    /// (12 for an annual target: a counter's limit grows with them); empty (or blank) is no figure.
    /// </summary>
    public static ParsedFigure Parse(MetricDefinition metric, string? text, int months = 1)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return new ParsedFigure(null, null);
        }

        if (normalized.Length > 20)
        {
            return new ParsedFigure(null, "数字过长。");
        }

        if (normalized.StartsWith('-'))
        {
            return new ParsedFigure(null, "不能为负数。");
        }

        var decimals = AllowsDecimals(metric.Key);
        if (!double.TryParse(normalized, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            return new ParsedFigure(null, decimals ? "请填写数字（可带小数，不带单位）。" : $"请填写整数（单位：{metric.Unit}，不带单位）。");
        }

        return Check(metric, value, months) is { } error ? new ParsedFigure(null, error) : new ParsedFigure(value, null);
    }

    /// <summary>Why <paramref name="value"/> cannot be a figure of <paramref name="metric"/> (a number sent as a number), or null when it can.</summary>
    public static string? Check(MetricDefinition metric, double value, int months = 1)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (!double.IsFinite(value))
        {
            return "不是有效的数字。";
        }

        if (value < 0)
        {
            return "不能为负数。";
        }

        if (!AllowsDecimals(metric.Key) && value != Math.Floor(value))
        {
            return $"应为整数（单位：{metric.Unit}）。";
        }

        var limit = LimitOf(metric.Key) * (metric.Kind == MetricKind.Counter ? months : 1);
        return value > limit ? $"超过上限 {limit.ToString("N0", CultureInfo.InvariantCulture)}，请检查是否多输了位数。" : null;
    }

    /// <summary>Why figures cannot be entered for <paramref name="period"/> (a month or a day) when <paramref name="today"/> is the county's date, or null when they can.</summary>
    public static string? MonthError(Period period, DateOnly today) => period.Start <= today ? null
        : period.Granularity == PeriodGranularity.Month ? $"{period.Start.Year}年{period.Start.Month}月还没有到，不能填报。"
        : $"{period.Start.Year}年{period.Start.Month}月{period.Start.Day}日还没有到，不能填报。";

    /// <summary>
    /// A warning to confirm before saving <paramref name="value"/> when last month's figure was
    /// <paramref name="lastMonth"/>: a change of more than <paramref name="jumpShare"/> of it either way, or a gauge
    /// (followers, subscribers) that fell. Null when there is nothing to confirm or no figure to compare with.
    /// </summary>
    public static string? Warning(MetricDefinition metric, double value, double? lastMonth, double jumpShare)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (lastMonth is not { } last)
        {
            return null;
        }

        if (metric.Kind == MetricKind.Gauge && value < last)
        {
            return $"比上月（{Format(last)}）减少了 {Format(last - value)}，{metric.Name}一般不会下降。";
        }

        if (last > 0 && Math.Abs(value - last) > jumpShare * last)
        {
            var change = (value - last) / last;
            return $"比上月（{Format(last)}）{(change > 0 ? "增加" : "减少")}了 {Math.Round(Math.Abs(change) * 100).ToString(CultureInfo.InvariantCulture)}%。";
        }

        return null;
    }

    private static string Format(double value) => value.ToString(value == Math.Floor(value) ? "N0" : "N2", CultureInfo.InvariantCulture);

    // Chinese Excel and input methods: full-width digits, separators and points; spaces anywhere.
    private static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var chars = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            var ch = c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                '，' => ',',
                '．' or '。' => '.',
                '－' => '-',
                _ => c,
            };
            if (!char.IsWhiteSpace(ch))
            {
                chars.Append(ch);
            }
        }

        return chars.ToString();
    }
}
