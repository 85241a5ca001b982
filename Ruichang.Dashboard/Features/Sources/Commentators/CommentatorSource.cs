namespace Ruichang.Dashboard.Features.Sources.Commentators;

public static class CommentatorSource
{
    /// <summary>Task exports of commentator platforms (<c>commentator-platform</c>).</summary>
    public static IServiceCollection AddCommentatorSource(this IServiceCollection services) =>
        services.AddTransient<ISourceAdapter, CommentatorExportAdapter>();
}
