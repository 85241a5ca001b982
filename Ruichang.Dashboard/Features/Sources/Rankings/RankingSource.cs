using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;

namespace Ruichang.Dashboard.Features.Sources.Rankings;

public static class RankingSource
{
    public static readonly IReadOnlyList<SourceKind> Kinds =
        [new(ChannelKinds.RankingList, "排行榜", "Ranking list", CollectionJobDefinitions.Rankings, NeedsUrl: true)];

    /// <summary>Published ranking lists (<c>ranking-list</c>).</summary>
    public static IServiceCollection AddRankingSource(this IServiceCollection services) =>
        services.AddTransient<ISourceAdapter, RankingListAdapter>();
}
