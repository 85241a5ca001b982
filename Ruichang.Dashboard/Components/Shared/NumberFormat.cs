using System.Globalization;
using Ruichang.Dashboard.Features.Localization;

namespace Ruichang.Dashboard.Components.Shared;

/// <summary>Numbers as a Chinese reader expects them: 1.9万 and 3.2亿 past ten thousand; plain grouping in English.</summary>
public static class NumberFormat
{
    public static string Compact(double value)
    {
        if (Ui.IsEnglish)
        {
            return Math.Abs(value) >= 1_000_000
                ? (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M"
                : value.ToString(Math.Abs(value) >= 10_000 ? "N0" : "#,##0.##", CultureInfo.InvariantCulture);
        }

        var abs = Math.Abs(value);
        if (abs >= 100_000_000)
        {
            return (value / 100_000_000).ToString("0.##", CultureInfo.InvariantCulture) + "亿";
        }

        if (abs >= 10_000)
        {
            return (value / 10_000).ToString("0.#", CultureInfo.InvariantCulture) + "万";
        }

        return value.ToString("#,##0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>A signed percentage change, e.g. +12.5%; empty when there is nothing to compare with.</summary>
    public static string Change(double current, double? previous)
    {
        if (previous is not { } p || p == 0)
        {
            return "";
        }

        var change = (current - p) / Math.Abs(p);
        return change.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);
    }
}
