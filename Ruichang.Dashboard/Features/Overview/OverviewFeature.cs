namespace Ruichang.Dashboard.Features.Overview;

public static class OverviewFeature
{
    public static IHostApplicationBuilder AddOverview(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OverviewQueries>();
        return builder;
    }
}
