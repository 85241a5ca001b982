namespace Ruichang.Dashboard.Features.Sources.Counters;

public static class CounterSource
{
    /// <summary>JSON or CSV counters of the mobile newspaper (<c>mobile-paper</c>) and WeChat accounts (<c>wechat</c>).</summary>
    public static IServiceCollection AddCounterSource(this IServiceCollection services) =>
        services.AddTransient<ISourceAdapter, CounterAdapter>();
}
