namespace Ruichang.Dashboard.Features.Sources.Rankings;

public static class RankingSource
{
    /// <summary>Published ranking lists (<c>ranking-list</c>).</summary>
    public static IServiceCollection AddRankingSource(this IServiceCollection services) =>
        services.AddTransient<ISourceAdapter, RankingListAdapter>();
}
