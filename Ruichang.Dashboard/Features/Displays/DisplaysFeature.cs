using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Displays;

public static class DisplaysFeature
{
    /// <summary>
    /// Wall-display keys: the store, the <c>Displays:*</c> settings (checked now), the display-key
    /// sign-in that lets a wall reach its circuit, and the <c>create-display-key</c> verb.
    /// </summary>
    public static IHostApplicationBuilder AddDisplays(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<DisplaysOptions, DisplaysOptionsValidator>(DisplaysOptions.SectionName);
        builder.Services.AddSingleton<DisplayKeys>();
        builder.Services.AddDisplayKeyAuthentication();
        builder.Services.AddSingleton<ICommandLineVerb, CreateDisplayKeyVerb>();
        return builder;
    }
}
