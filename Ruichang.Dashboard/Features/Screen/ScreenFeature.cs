using Microsoft.AspNetCore.Components.Server.Circuits;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Screen;

public static class ScreenFeature
{
    /// <summary>The big screen's <c>Screen:*</c> settings, its shared stage reads and per-circuit key check; the keys themselves are <c>AddDisplays</c>'.</summary>
    public static IHostApplicationBuilder AddScreen(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<ScreenOptions, ScreenOptionsValidator>(ScreenOptions.SectionName);
        builder.Services.AddSingleton<ScreenStageReads>();
        builder.Services.AddScoped<ScreenAccess>();
        builder.Services.AddScoped<CircuitHandler, ScreenCircuitHandler>();
        return builder;
    }

    /// <summary>
    /// Whether the request is for the big screen, which App starts with its own reconnection and
    /// styles; every other page keeps Blazor's default.
    /// </summary>
    public static bool IsScreenRequest(HttpContext context) =>
        context.Request.Path.Equals(Displays.DisplayKeyAuthentication.ScreenPath, StringComparison.OrdinalIgnoreCase);
}
