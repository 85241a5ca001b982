using System.Globalization;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// Where the demo sources live (<c>/demo/…</c>) and how channels point at them: the seeder writes
/// these URLs, ids and options into the channels, the endpoints answer them, and <c>purge-demo</c>
/// recognises and clears them.
/// </summary>
internal static class DemoSourceLinks
{
    /// <summary>Every demo source is under this path of the app (no leading slash).</summary>
    public const string PathPrefix = "demo/";

    /// <summary>The only token the demo Weibo API accepts; it protects nothing, so it may be committed.</summary>
    public const string WeiboAccessToken = "demo-token-not-a-secret";

    public const string WeiboApiPath = "weibo/2/";
    public const string MobilePaperPath = "counters/mobile-paper.json";
    public const string WeChatPath = "counters/wechat.json";
    public const string CommentatorExportPath = "commentators/export.csv";

    /// <summary>The feed served in GB18030 bytes under a <c>gb2312</c> declaration, as many Chinese sites still do.</summary>
    public const string GbFeedSlug = "jxnews";

    /// <summary>The own news site's feed; the other slugs are the outlets'.</summary>
    public const string OwnSiteSlug = "rcnews";

    /// <summary>The own news site as its stories name it (its URLs are on its own domain).</summary>
    public const string OwnSiteName = "瑞昌新闻网";

    /// <summary>The eight outlets of the 2014 summary by their feed slugs.</summary>
    public static readonly IReadOnlyDictionary<string, string> OutletSlugs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["人民网"] = "people",
        ["新华网"] = "xinhua",
        ["中国广播网"] = "cnr",
        ["光明网"] = "gmw",
        ["中国江西网"] = GbFeedSlug,
        ["今视网"] = "jxntv",
        ["九江新闻网"] = "jjxw",
        ["九江传媒网"] = "jjcmw",
    };

    public const string MobilePaperOptions =
        """{"format":"json","fields":{"mobile_paper_subscribers":"$.data.subscribers","mobile_paper_issues":"$.data.issues_this_month"},"period":"month"}""";

    public const string WeChatOptions =
        """{"format":"json","fields":{"wechat_followers":"$.data.followers","wechat_articles":"$.data.articles_this_month"},"period":"month"}""";

    /// <summary>A county's official Sina account in the demo: a stable fake uid, <c>5</c> + division code + <c>001</c>.</summary>
    public static string WeiboUid(string countyCode) => string.Create(CultureInfo.InvariantCulture, $"5{countyCode}001");

    public static string FeedPath(string slug) => $"feeds/{slug}.xml";

    /// <summary>Every demo source a channel can be pointed at, as a path under <see cref="PathPrefix"/>.</summary>
    public static readonly IReadOnlySet<string> SourcePaths = new HashSet<string>(
        [.. OutletSlugs.Values.Append(OwnSiteSlug).Select(FeedPath), MobilePaperPath, WeChatPath, CommentatorExportPath], StringComparer.Ordinal);

    /// <summary>
    /// The demo source <paramref name="url"/> points at, as a path under <see cref="PathPrefix"/>
    /// (<c>feeds/people.xml</c>), when it is one the demo wired: an http(s) URL without a query whose
    /// path ends in <c>/demo/</c> and a demo source, on a loopback host (any port: the app may listen
    /// elsewhere after a restart) or on the host of <paramref name="appBase"/>. Null otherwise.
    /// </summary>
    public static string? SourcePathOf(string? url, Uri? appBase)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || !(uri.IsLoopback || string.Equals(uri.IdnHost, appBase?.IdnHost, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var marker = "/" + PathPrefix;
        var at = uri.AbsolutePath.LastIndexOf(marker, StringComparison.Ordinal);
        var path = at < 0 ? null : uri.AbsolutePath[(at + marker.Length)..];
        return path is not null && SourcePaths.Contains(path) ? path : null;
    }

    /// <summary>The demo source a home channel is pointed at: its URL (or, for the Sina account, uid) and options; null when none fits.</summary>
    public static DemoSourceWiring? For(Channel channel, string countyCode, string prefix) => channel.Kind switch
    {
        ChannelKinds.Weibo when channel.Platform == "sina" => new(null, WeiboUid(countyCode), null),
        ChannelKinds.NewsFeed when OutletSlugs.TryGetValue(channel.Name, out var slug) => new(prefix + FeedPath(slug), null, null),
        ChannelKinds.OwnSite => new(prefix + FeedPath(OwnSiteSlug), null, null),
        ChannelKinds.MobilePaper => new(prefix + MobilePaperPath, null, MobilePaperOptions),
        ChannelKinds.WeChat => new(prefix + WeChatPath, null, WeChatOptions),
        ChannelKinds.CommentatorPlatform => new(prefix + CommentatorExportPath, null, null),
        _ => null,
    };
}

/// <summary>What the demo writes into a channel: a URL, an external id, options (each null when left alone).</summary>
internal sealed record DemoSourceWiring(string? Url, string? ExternalId, string? OptionsJson);
