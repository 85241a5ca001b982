using System.Globalization;

namespace Ruichang.Dashboard.Features.Localization;

/// <summary>
/// The UI's two languages side by side at the point of use: Chinese first, English when the
/// current UI culture is English. Keeps each text next to its translation.
/// </summary>
public static class Ui
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Text(string zh, string en) => IsEnglish ? en : zh;
}
