using System.Globalization;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Localization;

/// <summary>
/// The UI's two languages side by side at the point of use: Chinese first, English when the
/// current UI culture is English. Keeps each text next to its translation.
/// </summary>
public static class Ui
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Text(string zh, string en) => IsEnglish ? en : zh;

    /// <summary>A month as a reader says it: 2014年9月, or 2014-09.</summary>
    public static string Month(DateOnly month) => Text($"{month.Year}年{month.Month}月", month.ToString("yyyy-MM", CultureInfo.InvariantCulture));

    /// <summary>A metric's unit as the catalogue gives it (条, 人, …), or its English.</summary>
    public static string Unit(string unit) => IsEnglish && UnitsEn.TryGetValue(unit, out var en) ? en : unit;

    private static readonly Dictionary<string, string> UnitsEn = new(StringComparer.Ordinal)
    {
        ["条"] = "items", ["人"] = "people", ["次"] = "times", ["分"] = "points", ["篇"] = "articles", ["期"] = "issues", ["份"] = "forms",
    };

    /// <summary>A ranking period as a reader says it: <see cref="RankingPeriod.Label"/>, or <see cref="RankingPeriod.LabelEn"/>.</summary>
    public static string Period(RankingPeriod period) => Text(period.Label, period.LabelEn);
}
