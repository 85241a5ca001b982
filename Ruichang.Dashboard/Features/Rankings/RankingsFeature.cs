namespace Ruichang.Dashboard.Features.Rankings;

public static class RankingsFeature
{
    public static IHostApplicationBuilder AddRankings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RankingQueries>();
        return builder;
    }
}
