using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Features.Sources.Articles;

/// <summary>
/// Reads a news site's list or search pages (<c>news-page</c>; also <c>own-site</c> with <c>"mode": "page"</c>
/// through <see cref="OwnSiteAdapter"/>) with CSS selectors. <c>Channel.Url</c> is the URL template, the one
/// place for it (the host policy reads allowed hosts from it too), with placeholders <c>{page}</c> (1-based)
/// and <c>{keyword}</c> (URL-encoded UTF-8), e.g. <c>https://search.people.com.cn/search?keyword={keyword}&amp;page={page}</c>.
/// Options: <c>itemSelector</c> (required), <c>linkSelector</c> (default <c>a</c>), <c>linkAttribute</c>
/// (default <c>href</c>), <c>titleSelector</c> (default: the link), <c>dateSelector</c>, <c>dateFormat</c>
/// (.NET format, invariant culture; otherwise any date found in the cell), <c>keyword</c>, <c>pages</c>
/// (1 to 20, default 1), <c>keywords</c> (as for feeds).
/// A first page without any item is a failure, not an empty result: it almost always means the site
/// was redesigned and <c>itemSelector</c> no longer matches, which the admin must see.
/// </summary>
public sealed class PageAdapter(SourceHttpClient http) : ISourceAdapter
{
    public const int MaxPages = 20;

    public IReadOnlyCollection<string> Kinds { get; } = [ChannelKinds.NewsPage];

    public async Task<SourceReading> ReadAsync(Channel channel, SourceContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(context);
        var settings = PageSettings.Read(channel);
        // The search engine found the keyword in the story, though perhaps not in the title shown in the list.
        var implied = settings.Keyword is null || channel.Kind == ChannelKinds.OwnSite ? [] : context.CountyMatcher.Match(settings.Keyword);
        var collector = new ArticleCollector(channel, context, settings.RequiredWords, implied);
        var parser = new HtmlParser();

        for (var page = 1; page <= settings.Pages; page++)
        {
            ct.ThrowIfCancellationRequested();
            var url = settings.PageUrl(page);
            var response = (await http.GetAsync(url, ct)).EnsureSuccess();
            // The source's time budget stops parsing too, not only the download.
            using var document = await parser.ParseDocumentAsync(TextDecoding.DecodeHtml(response.Body, response.Charset), ct);
            var items = document.QuerySelectorAll(settings.ItemSelector);
            if (items.Length == 0)
            {
                if (page == 1)
                {
                    throw new SourceFetchException($"列表页未找到任何条目（itemSelector: {settings.ItemSelector}），网站可能已改版：{SourceHttpClient.Display(url)}");
                }

                break; // past the last page of results
            }

            var baseUrl = BaseOf(document, response.Url);
            var links = 0;
            foreach (var item in items)
            {
                ct.ThrowIfCancellationRequested();
                var linkElement = Select(item, settings.LinkSelector);
                var link = Resolve(linkElement?.GetAttribute(settings.LinkAttribute), baseUrl);
                links += link is null ? 0 : 1;
                var title = Title(settings.TitleSelector is null ? linkElement : Select(item, settings.TitleSelector));
                // The full title (from a title attribute) may name a county that the cut one shown in the list lost.
                collector.Add(link, title, title + "\n" + item.TextContent, Date(item, settings, context.Clock.Zone));
            }

            if (page == 1 && links == 0)
            {
                throw new SourceFetchException(
                    $"列表页的 {items.Length} 个条目中都没有找到链接（linkSelector: {settings.LinkSelector}，linkAttribute: {settings.LinkAttribute}），网站可能已改版：{SourceHttpClient.Display(url)}");
            }
        }

        return collector.ToReading();
    }

    private static IElement? Select(IElement item, string selector) => item.Matches(selector) ? item : item.QuerySelector(selector);

    // Lists cut long titles ("瑞昌市召开…") and keep the whole one in the title attribute; a shorter
    // attribute is a tooltip ("点击查看"), not the title.
    private static string? Title(IElement? element)
    {
        var text = element?.TextContent.Trim();
        var attribute = element?.GetAttribute("title")?.Trim();
        return attribute is { Length: > 0 } && attribute.Length >= (text?.Length ?? 0) ? attribute : text;
    }

    private static DateTime? Date(IElement item, PageSettings settings, TimeZoneInfo zone)
    {
        if (settings.DateSelector is null || Select(item, settings.DateSelector)?.TextContent is not { } text)
        {
            return null;
        }

        if (settings.DateFormat is not null && LenientDates.TryParseExact(text, settings.DateFormat, zone, out var exact))
        {
            return exact;
        }

        return LenientDates.TryFind(text, zone, out var found) ? found : null;
    }

    private static Uri BaseOf(IDocument document, Uri pageUrl) =>
        document.QuerySelector("base[href]")?.GetAttribute("href") is { } href && Uri.TryCreate(pageUrl, href.Trim(), out var baseUrl)
            ? baseUrl
            : pageUrl;

    private static string? Resolve(string? href, Uri baseUrl)
    {
        href = href?.Trim();
        if (string.IsNullOrEmpty(href) || href.StartsWith('#') || !Uri.TryCreate(baseUrl, href, out var absolute))
        {
            return null;
        }

        return absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps ? absolute.AbsoluteUri : null;
    }

    /// <summary>A page channel's settings, all checked before the first request: a typo is a configuration error, not a fetch failure.</summary>
    private sealed record PageSettings(
        Channel Channel, string Template, string? Keyword, int Pages, string ItemSelector, string LinkSelector, string LinkAttribute,
        string? TitleSelector, string? DateSelector, string? DateFormat, IReadOnlyList<string> RequiredWords)
    {
        public static PageSettings Read(Channel channel)
        {
            var options = ArticleChannelOptions.Parse(channel);
            if (options.Has("urlTemplate"))
            {
                throw new SourceConfigurationException(
                    $"渠道「{channel.Name}」的列表页地址模板应填在渠道地址（Url）中，不用选项 urlTemplate。");
            }

            var template = options.RequiredUrl("列表页地址");
            var keyword = options.String("keyword");
            if (template.Contains("{keyword}", StringComparison.Ordinal) && keyword is null)
            {
                throw new SourceConfigurationException($"渠道「{channel.Name}」的地址含 {{keyword}}，但缺少选项 keyword。");
            }

            var pages = options.Int("pages", 1, 1, MaxPages);
            if (pages > 1 && !template.Contains("{page}", StringComparison.Ordinal))
            {
                throw options.Invalid("pages", $"为 {pages}，但渠道地址（Url）中没有 {{page}}，每页都会是同一个地址");
            }

            // Selectors are tried on an empty document: AngleSharp refuses a malformed one when it is used.
            var probe = new HtmlParser().ParseDocument("");
            var settings = new PageSettings(
                channel, template, keyword, pages,
                Selector(probe, options, "itemSelector", options.RequiredString("itemSelector")),
                Selector(probe, options, "linkSelector", options.String("linkSelector") ?? "a"),
                options.String("linkAttribute") ?? "href",
                OptionalSelector(probe, options, "titleSelector"),
                OptionalSelector(probe, options, "dateSelector"),
                DateFormatOf(options),
                options.Words("keywords"));

            // Expanding page 1 now finds a malformed template before any request.
            settings.PageUrl(1);
            return settings;
        }

        public Uri PageUrl(int page)
        {
            var address = Template
                .Replace("{page}", page.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{keyword}", Uri.EscapeDataString(Keyword ?? ""), StringComparison.Ordinal);
            return Uri.TryCreate(address, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                ? url
                : throw new SourceConfigurationException($"渠道「{Channel.Name}」的列表页地址（Url）不是有效的 http(s) 地址：{SourceHttpClient.Display(address)}");
        }

        private static string? OptionalSelector(IDocument probe, ArticleChannelOptions options, string name) =>
            options.String(name) is { } selector ? Selector(probe, options, name, selector) : null;

        private static string Selector(IDocument probe, ArticleChannelOptions options, string name, string selector)
        {
            try
            {
                probe.QuerySelector(selector);
                return selector;
            }
            catch (DomException)
            {
                throw options.Invalid(name, $"不是有效的 CSS 选择器：{selector}");
            }
        }

        private static string? DateFormatOf(ArticleChannelOptions options)
        {
            var format = options.String("dateFormat");
            try
            {
                _ = format is null ? "" : new DateTime(2014, 9, 30, 8, 0, 0, DateTimeKind.Unspecified).ToString(format, CultureInfo.InvariantCulture);
                return format;
            }
            catch (FormatException)
            {
                throw options.Invalid("dateFormat", $"不是有效的日期格式（如 yyyy-MM-dd HH:mm）：{format}");
            }
        }
    }
}
