using MudBlazor;

namespace Ruichang.Dashboard.Components.Layout;

public static class DashboardTheme
{
    // Party-and-government red as the primary colour; system CJK fonts only (no web fonts offline).
    private static readonly string[] FontFamily =
        ["\"PingFang SC\"", "\"Microsoft YaHei\"", "\"Noto Sans CJK SC\"", "\"Source Han Sans SC\"", "sans-serif"];

    /// <summary>The same font stack as one CSS value, for what draws its own text (charts and their exported images).</summary>
    public static readonly string CssFontFamily = string.Join(", ", FontFamily);

    public static readonly MudTheme Light = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#B71C1C",
            Secondary = "#1565C0",
            AppbarBackground = "#B71C1C",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontFamily },
        },
    };
}
