using MudBlazor;
using Ruichang.Dashboard.Components.Layout;

namespace Ruichang.Dashboard.Features.Screen;

/// <summary>The wall's dark palette, for the MudBlazor components that the screen's panels use.</summary>
public static class ScreenTheme
{
    public static readonly MudTheme Dark = new()
    {
        PaletteDark = new PaletteDark
        {
            Primary = "#E53935",
            Secondary = "#42A5F5",
            Background = "#07132B",
            Surface = "#0D1F40",
            TextPrimary = "#E8EEF9",
            TextSecondary = "#9FB3D1",
        },
        Typography = DashboardTheme.Light.Typography,
    };
}
