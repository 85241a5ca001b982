namespace Ruichang.Dashboard.Features.Sources.Articles;

public static class ArticleSources
{
    /// <summary>News feeds (<c>news-feed</c>), list and search pages (<c>news-page</c>) and the county's own site (<c>own-site</c>).</summary>
    public static IServiceCollection AddArticleSources(this IServiceCollection services)
    {
        services.AddTransient<ISourceAdapter, FeedAdapter>();
        services.AddTransient<ISourceAdapter, PageAdapter>();
        services.AddTransient<ISourceAdapter, OwnSiteAdapter>();
        return services;
    }
}
