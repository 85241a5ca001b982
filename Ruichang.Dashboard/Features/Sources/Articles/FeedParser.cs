using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Features.Sources.Articles;

/// <summary>One entry of a feed: its link (absolute, or null when it has none), title and summary as plain text.</summary>
public sealed record FeedItem(string? Link, string Title, string Summary, DateTime? PublishedAtUtc);

/// <summary>
/// Reads RSS 2.0 (and 0.9x, 1.0) and Atom feeds from their bytes. Not System.ServiceModel.Syndication:
/// it throws on the dates Chinese feeds carry ("2014-09-30 08:00:00", "CST"). The reader refuses any
/// DTD, resolves nothing external and caps entity expansion, so an XXE or billion-laughs feed is a
/// recorded failure, never a read file or an exhausted server. Before parsing, two habits of Chinese
/// CMSs that break XML are repaired outside CDATA: a bare <c>&amp;</c> in a link, and HTML entities
/// such as <c>&amp;nbsp;</c> (both only shift the reported column of a later error on that line).
/// </summary>
public static partial class FeedParser
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private static readonly XNamespace XmlNs = XNamespace.Xml;

    /// <summary>The feed's items in document order; dates without a zone are local times in <paramref name="zone"/>.</summary>
    /// <exception cref="SourceFetchException">The body is not a well-formed RSS or Atom feed; the message gives line and column.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (the source's time is up).</exception>
    public static IReadOnlyList<FeedItem> Parse(byte[] body, string? httpCharset, Uri feedUrl, TimeZoneInfo zone, CancellationToken ct)
    {
        var text = TextDecoding.DecodeXml(body, httpCharset);
        ct.ThrowIfCancellationRequested();
        XDocument document;
        bool hasXmlBase;
        try
        {
            var repaired = RepairEntities(text);
            // The xml prefix cannot be bound to another name: a feed without this text has no xml:base.
            hasXmlBase = repaired.Contains("xml:base", StringComparison.Ordinal);
            using var reader = XmlReader.Create(new StringReader(repaired), Settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            // The reader refuses a DTD without saying where (line 0); the prolog says it.
            if (ex.LineNumber == 0 && DoctypeInProlog(text) is { } doctype)
            {
                var (line, column) = Position(text, doctype);
                throw new SourceFetchException(
                    $"订阅源含有 DTD（<!DOCTYPE>，第 {line} 行第 {column} 列），出于安全原因拒绝解析：{SourceHttpClient.Display(feedUrl)}", ex);
            }

            throw new SourceFetchException(
                $"订阅源格式错误（第 {ex.LineNumber} 行第 {ex.LinePosition} 列）：{TrimPosition(ex.Message)}（{SourceHttpClient.Display(feedUrl)}）", ex);
        }

        var root = document.Root!;
        var entries = root.Name.LocalName switch
        {
            // RSS 1.0 (RDF) puts the items beside the channel, and some RSS 2.0 generators copy that.
            "rss" or "RDF" => Children(Child(root, "channel"), "item").Concat(Children(root, "item")).Select(item => Rss(item, feedUrl, hasXmlBase, zone)),
            "feed" => Children(root, "entry").Select(entry => Atom(entry, feedUrl, hasXmlBase, zone)),
            var other => throw new SourceFetchException($"不是 RSS 或 Atom 订阅源（根元素为 <{other}>）：{SourceHttpClient.Display(feedUrl)}"),
        };

        var items = new List<FeedItem>();
        foreach (var item in entries)
        {
            ct.ThrowIfCancellationRequested();
            items.Add(item);
        }

        return items;
    }

    /// <summary>HTML (a description, an escaped title) as one line of plain text.</summary>
    public static string PlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        // Most titles and many summaries are plain already: no tag and no reference, only the spacing to tidy.
        if (html.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return CollapseWhitespace(html);
        }

        // Inline tags vanish ("<b>瑞昌</b>：" is "瑞昌："), block tags separate words.
        var text = WebUtility.HtmlDecode(Tags().Replace(InlineTags().Replace(ScriptsAndStyles().Replace(html, " "), ""), " "));
        return Whitespace().Replace(text, " ").Trim();
    }

    // What Whitespace().Replace(text, " ").Trim() makes of text (\s is char.IsWhiteSpace), without a copy when nothing changes.
    private static string CollapseWhitespace(string text)
    {
        var tidy = true;
        for (var i = 0; i < text.Length && tidy; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                tidy = text[i] == ' ' && i > 0 && i < text.Length - 1 && !char.IsWhiteSpace(text[i + 1]);
            }
        }

        if (tidy)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
            }
            else
            {
                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static FeedItem Rss(XElement item, Uri feedUrl, bool hasXmlBase, TimeZoneInfo zone)
    {
        var link = Child(item, "link")?.Value;
        if (string.IsNullOrWhiteSpace(link))
        {
            // Some CMSs give only a guid; by RSS 2.0 it is the story's address unless isPermaLink="false".
            var guid = Child(item, "guid");
            link = guid is not null && !string.Equals((string?)guid.Attribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase)
                ? guid.Value
                : null;
        }

        var summary = Child(item, "description")?.Value;
        if (string.IsNullOrWhiteSpace(summary))
        {
            summary = Child(item, "encoded")?.Value;
        }

        var date = FirstDate(item, zone, "pubDate", "date", "published", "updated");
        return new FeedItem(Resolve(link, hasXmlBase ? BaseOf(item, feedUrl) : feedUrl), PlainText(Child(item, "title")?.Value), PlainText(summary), date);
    }

    private static FeedItem Atom(XElement entry, Uri feedUrl, bool hasXmlBase, TimeZoneInfo zone)
    {
        var links = Children(entry, "link").ToList();
        var alternate = links.FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate") ?? links.FirstOrDefault();
        var href = (string?)alternate?.Attribute("href");
        if (string.IsNullOrWhiteSpace(href))
        {
            // Atom 0.3 and some converters put the address in the element's text.
            href = alternate?.Value;
        }

        var summary = AtomText(Child(entry, "summary"));
        if (summary.Length == 0)
        {
            summary = AtomText(Child(entry, "content"));
        }

        var date = FirstDate(entry, zone, "published", "updated", "issued", "modified");
        return new FeedItem(Resolve(href, hasXmlBase ? BaseOf(alternate ?? entry, feedUrl) : feedUrl), AtomText(Child(entry, "title")), summary, date);
    }

    // type="xhtml" carries markup as XML elements, whose text is the element's value; "html" and "text" carry a string.
    private static string AtomText(XElement? element) => element is null
        ? ""
        : (string?)element.Attribute("type") == "xhtml"
            ? Whitespace().Replace(element.Value, " ").Trim()
            : PlainText(element.Value);

    private static DateTime? FirstDate(XElement item, TimeZoneInfo zone, params string[] names)
    {
        foreach (var name in names)
        {
            if (LenientDates.TryParse(Child(item, name)?.Value, zone, out var utc))
            {
                return utc;
            }
        }

        return null;
    }

    private static string? Resolve(string? link, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(link) || !Uri.TryCreate(baseUrl, link.Trim(), out var absolute))
        {
            return null;
        }

        return absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps ? absolute.AbsoluteUri : null;
    }

    // xml:base on the feed, the entry or the link changes what a relative link is relative to.
    private static Uri BaseOf(XElement element, Uri feedUrl)
    {
        var result = feedUrl;
        foreach (var e in element.AncestorsAndSelf().Reverse())
        {
            if ((string?)e.Attribute(XmlNs + "base") is { } xmlBase && Uri.TryCreate(result, xmlBase, out var next))
            {
                result = next;
            }
        }

        return result;
    }

    // Feeds mix namespaces freely (content:encoded, dc:date, atom:link inside RSS): match by local name,
    // preferring an element that has something in it.
    private static XElement? Child(XElement? parent, string localName)
    {
        if (parent is null)
        {
            return null;
        }

        XElement? empty = null;
        foreach (var e in parent.Elements())
        {
            if (e.Name.LocalName != localName)
            {
                continue;
            }

            if (!e.IsEmpty && !string.IsNullOrWhiteSpace(e.Value))
            {
                return e;
            }

            empty ??= e;
        }

        return empty;
    }

    private static IEnumerable<XElement> Children(XElement? parent, string localName) =>
        parent?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    // Nothing to repair when every '&' already starts one of XML's own references (the common case):
    // then each match of Repairable() would be replaced by itself.
    private static string RepairEntities(string xml) => OnlyXmlReferences(xml) ? xml : Repairable().Replace(xml, static m =>
    {
        if (m.Value == "&")
        {
            return "&amp;";
        }

        // CDATA, comments, numeric references and XML's own five entities are fine as they are.
        var name = m.Groups["name"];
        if (!name.Success || name.Value is "amp" or "lt" or "gt" or "quot" or "apos")
        {
            return m.Value;
        }

        var decoded = WebUtility.HtmlDecode(m.Value);
        if (decoded == m.Value)
        {
            // Not an HTML entity either (an attack's &xxe;, a typo): leave it for the parser to refuse.
            return m.Value;
        }

        var builder = new StringBuilder();
        foreach (var rune in decoded.EnumerateRunes())
        {
            builder.Append("&#").Append(rune.Value.ToString(CultureInfo.InvariantCulture)).Append(';');
        }

        return builder.ToString();
    });

    private static bool OnlyXmlReferences(string xml)
    {
        var text = xml.AsSpan();
        for (var at = text.IndexOf('&'); at >= 0; at = text.IndexOf('&'))
        {
            text = text[(at + 1)..];
            var end = text.IndexOf(';');
            if (end < 1 || !IsXmlReference(text[..end]))
            {
                return false;
            }

            text = text[(end + 1)..];
        }

        return true;

        static bool IsXmlReference(ReadOnlySpan<char> name) =>
            name is "amp" or "lt" or "gt" or "quot" or "apos"
            || (name.Length > 1 && name[0] == '#' && (name[1..].ContainsAnyExcept(Digits) is false
                || (name.Length > 2 && name[1] is 'x' or 'X' && name[2..].ContainsAnyExcept(HexDigits) is false)));
    }

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    // Where a <!DOCTYPE stands in the prolog (after the declaration, white space, comments and processing
    // instructions), or null. A scan, not a regular expression: a lazy wildcard in a repeated group
    // backtracks exponentially over a prolog of a few dozen comments.
    private static int? DoctypeInProlog(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF')
            {
                i++;
            }
            else if (string.CompareOrdinal(text, i, "<?", 0, 2) == 0)
            {
                i = Past(text, i + 2, "?>");
            }
            else if (string.CompareOrdinal(text, i, "<!--", 0, 4) == 0)
            {
                i = Past(text, i + 4, "-->");
            }
            else
            {
                return string.CompareOrdinal(text, i, "<!DOCTYPE", 0, 9) == 0 ? i : null;
            }
        }

        return null;

        static int Past(string text, int from, string end) =>
            text.IndexOf(end, from, StringComparison.Ordinal) is var at and >= 0 ? at + end.Length : text.Length;
    }

    private static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    private static string TrimPosition(string message) => LinePosition().Replace(message, "").Trim();

    // Every pattern here runs on remote text: NonBacktracking keeps each linear in its input (a feed of
    // many unterminated "<![CDATA[" or "<script" made the backtracking engine quadratic).

    // CDATA sections and comments are passed over whole; an '&' elsewhere is either a reference or bare.
    [GeneratedRegex(@"<!\[CDATA\[.*?\]\]>|<!--.*?-->|&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|(?<name>[A-Za-z][A-Za-z0-9]{0,31});)?", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex Repairable();

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex LinePosition();

    // Two alternatives rather than a backreference to the tag's name, which NonBacktracking cannot do.
    [GeneratedRegex(@"<script\b.*?</script\s*>|<style\b.*?</style\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex ScriptsAndStyles();

    [GeneratedRegex(@"</?(?:a|b|i|u|s|em|strong|span|font|small|big|sup|sub)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex InlineTags();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.NonBacktracking)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.NonBacktracking)]
    private static partial Regex Whitespace();
}
