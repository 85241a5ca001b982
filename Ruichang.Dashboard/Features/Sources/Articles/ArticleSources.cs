using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;

namespace Ruichang.Dashboard.Features.Sources.Articles;

public static class ArticleSources
{
    public static readonly IReadOnlyList<SourceKind> Kinds =
    [
        new(ChannelKinds.NewsFeed, "新闻源（RSS/Atom）", "News feed", CollectionJobDefinitions.Articles, NeedsUrl: true),
        new(ChannelKinds.NewsPage, "新闻网页（列表/搜索）", "News list page", CollectionJobDefinitions.Articles, NeedsUrl: true),
        new(ChannelKinds.OwnSite, "本地新闻网", "Own news site", CollectionJobDefinitions.Articles, NeedsUrl: true),
    ];

    /// <summary>News feeds (<c>news-feed</c>), list and search pages (<c>news-page</c>) and the county's own site (<c>own-site</c>).</summary>
    public static IServiceCollection AddArticleSources(this IServiceCollection services)
    {
        services.AddTransient<ISourceAdapter, FeedAdapter>();
        services.AddTransient<ISourceAdapter, PageAdapter>();
        services.AddTransient<ISourceAdapter, OwnSiteAdapter>();
        return services;
    }
}
