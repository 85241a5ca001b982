using System.Globalization;
using System.Text.Json;

namespace Ruichang.Dashboard.Features.Sources.Counters;

/// <summary>
/// A figure as Chinese platforms write it: a number, or text such as <c>19000</c>,
/// <c>19,000</c> (thousands separators, also the full-width <c>，</c>), <c>1.9万</c> (×10,000)
/// or <c>1.2亿</c> (×100,000,000). Negative values and values beyond
/// <see cref="MaxValue"/> are refused: no count the dashboard shows can be either.
/// </summary>
public static class CounterNumber
{
    public const double MaxValue = 1e12;

    /// <summary>Reads <paramref name="text"/>; <paramref name="error"/> says why it is not a figure, in Chinese.</summary>
    public static bool TryParse(string? text, out double value, out string? error)
    {
        value = 0;
        var s = (text ?? "").Trim().Replace('，', ',');
        var scale = 1m;
        if (s.EndsWith('万'))
        {
            scale = 10_000m;
            s = s[..^1].TrimEnd();
        }
        else if (s.EndsWith('亿'))
        {
            scale = 100_000_000m;
            s = s[..^1].TrimEnd();
        }

        // decimal, not double: 1.9万 must be 19000 exactly, not 18999.999…; at most 20 characters, so
        // that even ×1亿 stays within decimal's range.
        if (s.Length == 0 || s.Length > 20
            || !decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number))
        {
            error = "不是数字";
            return false;
        }

        return Check((double)(number * scale), out value, out error);
    }

    /// <summary>Reads a JSON number, or a string holding one as <see cref="TryParse(string?, out double, out string?)"/> reads it.</summary>
    public static bool TryRead(JsonElement element, out double value, out string? error) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDouble(out var number) => Check(number, out value, out error),
        JsonValueKind.String => TryParse(element.GetString(), out value, out error),
        _ => Fail(out value, out error),
    };

    private static bool Fail(out double value, out string? error)
    {
        value = 0;
        error = "不是数字";
        return false;
    }

    private static bool Check(double number, out double value, out string? error)
    {
        value = number;
        error = number switch
        {
            < 0 => "不能为负数",
            > MaxValue or double.NaN => "大得不合理",
            _ => null,
        };
        return error is null;
    }
}
