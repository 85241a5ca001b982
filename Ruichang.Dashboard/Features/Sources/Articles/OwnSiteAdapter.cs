using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Sources.Articles;

/// <summary>
/// The county's own news site (<c>own-site</c>), read as a feed or as list pages: option
/// <c>"mode": "feed"</c> (the default; then as <see cref="FeedAdapter"/>) or <c>"mode": "page"</c> (then as
/// <see cref="PageAdapter"/>, with the same options). Every story on the site is the channel's own
/// county's. One adapter owns the kind, so whoever dispatches by kind finds exactly one.
/// </summary>
public sealed class OwnSiteAdapter(SourceHttpClient http) : ISourceAdapter
{
    private readonly FeedAdapter _feed = new(http);
    private readonly PageAdapter _page = new(http);

    public IReadOnlyCollection<string> Kinds { get; } = [ChannelKinds.OwnSite];

    public Task<SourceReading> ReadAsync(Channel channel, SourceContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var options = ArticleChannelOptions.Parse(channel);
        return options.String("mode")?.ToLowerInvariant() switch
        {
            null or "feed" => _feed.ReadAsync(channel, context, ct),
            "page" => _page.ReadAsync(channel, context, ct),
            var other => throw options.Invalid("mode", $"应为 \"feed\"（订阅源）或 \"page\"（列表页），而不是 \"{other}\""),
        };
    }
}
