using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;

namespace Ruichang.Dashboard.Features.Sources.Counters;

public static class CounterSource
{
    public static readonly IReadOnlyList<SourceKind> Kinds =
    [
        new(ChannelKinds.MobilePaper, "手机报", "Mobile newspaper", CollectionJobDefinitions.Counters, NeedsUrl: true),
        new(ChannelKinds.WeChat, "微信公众号", "WeChat account", CollectionJobDefinitions.Counters, NeedsUrl: true),
    ];

    /// <summary>JSON or CSV counters of the mobile newspaper (<c>mobile-paper</c>) and WeChat accounts (<c>wechat</c>).</summary>
    public static IServiceCollection AddCounterSource(this IServiceCollection services) =>
        services.AddTransient<ISourceAdapter, CounterAdapter>();
}
