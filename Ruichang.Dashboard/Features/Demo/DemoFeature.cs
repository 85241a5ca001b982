using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Features.Demo;

public static class DemoFeature
{
    /// <summary>
    /// Registers the demo settings (<c>Demo:Enabled</c>, checked now so a wrong value stops the app
    /// with the key's name), the demo-history seeder when enabled, and the <c>purge-demo</c> verb always,
    /// so that demo rows can be removed from a database that no longer runs the demo.
    /// </summary>
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        var options = new DemoOptions();
        try
        {
            builder.Configuration.GetSection(DemoOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException($"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}", ex.InnerException?.Message ?? ex.Message);
        }

        builder.Services.AddSingleton(options);
        if (options.Enabled)
        {
            builder.Services.AddSingleton<IStartupSeeder, DemoHistorySeeder>();
        }

        builder.Services.AddSingleton<ICommandLineVerb, PurgeDemoVerb>();
        return builder;
    }
}
