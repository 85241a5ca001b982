using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Sources.Articles;

/// <summary>
/// Reads a news outlet's RSS 2.0 or Atom feed (<c>news-feed</c>; also <c>own-site</c> channels through
/// <see cref="OwnSiteAdapter"/>). <c>Channel.Url</c> is the feed's address. Options:
/// <c>keywords</c> (optional): words of which at least one must appear in a story's title or summary,
/// as a JSON array or a comma-separated string.
/// </summary>
public sealed class FeedAdapter(SourceHttpClient http) : ISourceAdapter
{
    public IReadOnlyCollection<string> Kinds { get; } = [ChannelKinds.NewsFeed];

    public async Task<SourceReading> ReadAsync(Channel channel, SourceContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(context);
        var options = ArticleChannelOptions.Parse(channel);
        var address = options.RequiredUrl("订阅源地址");
        if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new SourceConfigurationException($"渠道「{channel.Name}」的订阅源地址（Url）不是有效的 http(s) 地址：{SourceHttpClient.Display(address)}");
        }

        var collector = new ArticleCollector(channel, context, options.Words("keywords"), []);
        var response = (await http.GetAsync(url, ct)).EnsureSuccess();
        // Relative links are relative to where the feed was finally read from, after redirects.
        foreach (var item in FeedParser.Parse(response.Body, response.Charset, response.Url, context.Clock.Zone, ct))
        {
            collector.Add(item.Link, item.Title, item.Title + "\n" + item.Summary, item.PublishedAtUtc);
        }

        return collector.ToReading();
    }
}
