using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources.Articles;

/// <summary>
/// Turns the items of one read (a feed's entries, a list page's rows) into article readings:
/// which counties a story is about, one reading per canonical URL, a title that fits the column.
/// <list type="bullet">
/// <item>A story counts for every county whose name or keyword appears in its text, plus
///   <c>impliedCounties</c> (a search page's keyword: the search engine found it in the story's body).</item>
/// <item>On an <c>own-site</c> channel every story is the channel's own county's, and only its: a story
///   on 瑞昌新闻网 that mentions 武宁 is not a placement of 武宁's.</item>
/// <item>A story with no county, no usable link, or (with the <c>keywords</c> option) none of those
///   words is dropped; it still counts as an item read.</item>
/// <item>A story without a date keeps none; <see cref="ArticleItems"/> decides when it is stored.</item>
/// </list>
/// </summary>
internal sealed class ArticleCollector
{
    public const int MaxTitleLength = 500;
    public const int MaxUrlLength = 2000;

    private readonly CountyMatcher _counties;
    private readonly IReadOnlyList<string> _requiredWords;
    private readonly IReadOnlyList<string> _impliedCounties;
    private readonly string? _ownCounty;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<ArticleReading> _articles = [];
    private int _itemsRead;

    public ArticleCollector(Channel channel, SourceContext context, IReadOnlyList<string> requiredWords, IReadOnlyList<string> impliedCounties)
    {
        _counties = context.CountyMatcher;
        _requiredWords = requiredWords;
        _impliedCounties = impliedCounties;
        if (channel.Kind == ChannelKinds.OwnSite)
        {
            _ownCounty = context.Counties.FirstOrDefault(c => c.Id == channel.CountyId)?.Code
                ?? throw new SourceConfigurationException($"渠道「{channel.Name}」所属的区县（Id {channel.CountyId}）不在区县列表中。");
        }
    }

    public void Add(string? link, string? title, string text, DateTime? publishedAtUtc)
    {
        _itemsRead++;
        if (!UrlCanonicalizer.TryCanonicalize(link, out var canonical))
        {
            return;
        }

        if (_requiredWords.Count > 0 && !_requiredWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        IReadOnlyList<string> counties = _ownCounty is not null
            ? [_ownCounty]
            : _impliedCounties.Count == 0 ? _counties.Match(text) : [.. _counties.Match(text).Union(_impliedCounties, StringComparer.Ordinal)];
        if (counties.Count == 0 || !_seen.Add(canonical))
        {
            return;
        }

        // Titles arrive as plain text (the parsers decoded them); only the spacing of the markup is left.
        var cleanTitle = string.Join(' ', (title ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (cleanTitle.Length == 0)
        {
            cleanTitle = link!;
        }

        _articles.Add(new ArticleReading(
            // A link longer than the column would fail the whole run's write; the canonical URL keeps the identity.
            link!.Length > MaxUrlLength ? link[..MaxUrlLength] : link,
            canonical,
            Cut(cleanTitle, MaxTitleLength),
            publishedAtUtc,
            counties));
    }

    // Never between the two halves of a surrogate pair (a rare character outside the BMP).
    private static string Cut(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];

    public SourceReading ToReading() => new() { Items = [new ArticleItems([.. _articles])], ItemsRead = _itemsRead };
}
