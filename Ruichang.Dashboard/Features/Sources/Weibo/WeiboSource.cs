using Microsoft.Extensions.DependencyInjection.Extensions;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Sources.Weibo;

public static class WeiboSource
{
    public static readonly IReadOnlyList<SourceKind> Kinds =
        [new(ChannelKinds.Weibo, "政务微博", "Weibo account", CollectionJobDefinitions.Weibo, NeedsExternalId: true)];

    /// <summary>Sina Weibo accounts (<c>weibo</c>) and, after each Weibo run, the counties' BCI.</summary>
    public static IServiceCollection AddWeiboSource(this IServiceCollection services)
    {
        // Transient, like the typed HTTP client it holds: the runner resolves adapters per run.
        services.AddTransient<ISourceAdapter, WeiboAdapter>();
        // The Weibo index reads county figures as the dashboards do.
        services.TryAddSingleton<ObservationQueries>();
        services.AddSingleton<ICollectionCompletion, WeiboCountyIndex>();
        return services;
    }
}
