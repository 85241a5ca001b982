using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Demo;

public static class DemoFeature
{
    /// <summary>
    /// Registers the demo settings (<c>Demo:Enabled</c>, <c>Demo:SourcesBaseUrl</c>, checked now so a
    /// wrong value stops the app with the key's name); when enabled, the demo-history seeder, the
    /// seeder that points the home county's unconfigured channels at the demo sources, and the
    /// figures those sources serve (<see cref="DemoSourceEndpoints.MapDemoSources"/>); and the
    /// <c>purge-demo</c> verb always, so that demo rows can be removed from a database that no longer
    /// runs the demo.
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

        options.SourcesBaseUrl = ValidBaseUrl(options.SourcesBaseUrl);
        builder.Services.AddSingleton(options);
        if (options.Enabled)
        {
            builder.Services.AddSingleton<IStartupSeeder, DemoHistorySeeder>();
            builder.Services.AddSingleton<IStartupSeeder, DemoSourcesSeeder>();
            builder.Services.AddSingleton<DemoSourceFigures>();
        }

        builder.Services.AddSingleton<ICommandLineVerb, PurgeDemoVerb>();
        return builder;
    }

    private static string ValidBaseUrl(string? value)
    {
        // Blank is unset (an empty environment variable): the development address.
        if (string.IsNullOrWhiteSpace(value))
        {
            return DemoOptions.DefaultSourcesBaseUrl;
        }

        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new ConfigurationException($"{DemoOptions.SectionName}:{nameof(DemoOptions.SourcesBaseUrl)}",
                $"应为本应用的 http 或 https 地址，例如 {DemoOptions.DefaultSourcesBaseUrl}；现在是 \"{value}\"。");
        }

        var text = url.GetLeftPart(UriPartial.Path);
        return text.EndsWith('/') ? text : text + "/";
    }
}
