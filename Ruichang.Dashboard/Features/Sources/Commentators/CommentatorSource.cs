using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;

namespace Ruichang.Dashboard.Features.Sources.Commentators;

public static class CommentatorSource
{
    public static readonly IReadOnlyList<SourceKind> Kinds =
        [new(ChannelKinds.CommentatorPlatform, "网评员平台", "Commentator platform", CollectionJobDefinitions.Commentators, NeedsUrl: true)];

    /// <summary>Task exports of commentator platforms (<c>commentator-platform</c>).</summary>
    public static IServiceCollection AddCommentatorSource(this IServiceCollection services) =>
        services.AddTransient<ISourceAdapter, CommentatorExportAdapter>();
}
