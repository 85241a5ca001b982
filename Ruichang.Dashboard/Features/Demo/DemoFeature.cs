using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Demo;

public static class DemoFeature
{
    /// <summary>Timeline pages a demo Weibo run reads: the demo timeline holds two months, several hundred posts.</summary>
    internal const int DemoTimelinePages = 15;

    /// <summary>
    /// Registers the demo settings (<c>Demo:Enabled</c>, <c>Demo:SourcesBaseUrl</c>, validated now and
    /// at start, so a wrong value stops the app with the key's name); when enabled, the demo-history
    /// seeder, the seeder that points the home county's unconfigured channels at the demo sources once
    /// the server listens (<see cref="DemoSourcesSeeder"/>), the figures those sources serve
    /// (<see cref="DemoSourceEndpoints.MapDemoSources"/>) and the collectors' way to them
    /// (<see cref="WireSources"/>); and the <c>purge-demo</c> verb always, so that demo rows can be
    /// removed from a database that no longer runs the demo.
    /// </summary>
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DemoOptions.SectionName);
        var options = Read(section);
        builder.Services.AddOptions<DemoOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();
        if (options.Enabled)
        {
            builder.Services.AddSingleton<IStartupSeeder, DemoHistorySeeder>();
            builder.Services.AddSingleton<DemoSourcesAddress>();
            builder.Services.AddSingleton<IOptionsChangeTokenSource<SourcesOptions>>(sp => sp.GetRequiredService<DemoSourcesAddress>());
            builder.Services.AddSingleton<DemoSourcesSeeder>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoSourcesSeeder>());
            builder.Services.AddSingleton<DemoSourceFigures>();
            builder.Services.AddOptions<SourcesOptions>().PostConfigure<DemoSourcesAddress, IConfiguration>(WireSources);
        }

        builder.Services.AddSingleton<ICommandLineVerb, PurgeDemoVerb>();
        return builder;
    }

    /// <summary>
    /// Points the collectors at the demo sources, in any environment: the demo Weibo API
    /// (<c>{base}demo/weibo/2/</c>) with its token when <c>Sources:Weibo:BaseUrl</c> and
    /// <c>Sources:Weibo:AccessToken</c> are both unset, and the demo's host added to
    /// <c>Sources:AllowedHosts</c> by its exact name (loopback is reachable only by a listed host).
    /// What an administrator set is kept.
    /// </summary>
    internal static void WireSources(SourcesOptions sources, DemoSourcesAddress address, IConfiguration configuration)
    {
        const string weibo = "Sources:Weibo:";
        if (string.IsNullOrWhiteSpace(configuration[weibo + nameof(WeiboSourceOptions.BaseUrl)])
            && string.IsNullOrWhiteSpace(configuration[weibo + nameof(WeiboSourceOptions.AccessToken)]))
        {
            sources.Weibo.BaseUrl = address.Prefix + DemoSourceLinks.WeiboApiPath;
            sources.Weibo.AccessToken = DemoSourceLinks.WeiboAccessToken;
            if (string.IsNullOrWhiteSpace(configuration[weibo + nameof(WeiboSourceOptions.TimelinePages)]))
            {
                sources.Weibo.TimelinePages = DemoTimelinePages;
            }
        }

        var host = address.BaseUrl.IdnHost;
        if (!sources.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            sources.AllowedHosts.Add(host);
        }
    }

    /// <summary>
    /// The settings as bound now, checked by the same validator as at start: the feature needs them
    /// to know what to register, and a wrong value must stop the app naming its key.
    /// </summary>
    private static DemoOptions Read(IConfigurationSection section)
    {
        DemoOptions options;
        try
        {
            options = section.Get<DemoOptions>() ?? new DemoOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException(DemoOptions.EnabledKey, ex.InnerException?.Message ?? ex.Message);
        }

        var result = new DemoOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            var failure = result.Failures.First();
            var key = new[] { DemoOptions.SourcesBaseUrlKey, DemoOptions.EnabledKey }.FirstOrDefault(k => failure.Contains(k, StringComparison.Ordinal))
                ?? DemoOptions.SectionName;
            throw new ConfigurationException(key, string.Join(" ", result.Failures));
        }

        return options;
    }
}
