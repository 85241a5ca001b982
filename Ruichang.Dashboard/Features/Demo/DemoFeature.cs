using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Settings;
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
        var options = builder.AddSettings<DemoOptions, DemoOptionsValidator>(DemoOptions.SectionName);
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
}
