namespace Ruichang.Dashboard.Features.Commentators;

public static class CommentatorsFeature
{
    /// <summary>The commentators' monthly table (<c>/commentators</c>), also exported by <c>Features/Exports</c>.</summary>
    public static IHostApplicationBuilder AddCommentators(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CommentatorMonths>();
        return builder;
    }
}
