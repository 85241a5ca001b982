using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
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
/// The feed is read in one pass of an <see cref="XmlReader"/>, keeping only the fields of the item at
/// hand: an XDocument of every feed cost a tree of objects per element, and the collector parses
/// hundreds of feeds beside the single database writer, which its garbage collections held up. The
/// fields are those the tree walk chose (see <see cref="Field"/>), and the whole document is still read,
/// so a malformed feed fails wherever its fault is. A UTF-8 feed with nothing to repair (most of them)
/// is decoded as it is read, not first copied whole into a string.
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

    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    // Decodes as Encoding.UTF8.GetString does (invalid bytes become U+FFFD), without taking a second BOM for a first.
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The feed's items in document order; dates without a zone are local times in <paramref name="zone"/>.</summary>
    /// <exception cref="SourceFetchException">The body is not a well-formed RSS or Atom feed; the message gives line and column.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (the source's time is up).</exception>
    public static IReadOnlyList<FeedItem> Parse(byte[] body, string? httpCharset, Uri feedUrl, TimeZoneInfo zone, CancellationToken ct)
    {
        var (encoding, skip) = TextDecoding.ChooseXml(body, httpCharset);
        var bytes = body.AsSpan(skip);
        ct.ThrowIfCancellationRequested();
        string? text = null;
        string root;
        List<FeedItem>? items;
        try
        {
            TextReader input;
            // The xml prefix cannot be bound to another name: a feed without this text has no xml:base.
            bool hasXmlBase;
            if (encoding.CodePage == Encoding.UTF8.CodePage && OnlyXmlReferences(bytes))
            {
                // Most feeds: UTF-8 with nothing to repair, decoded as the reader goes rather than copied
                // whole into a string. UTF-8 keeps ASCII as it is, so the bytes hold '&' and "xml:base"
                // where the text does. No byte-order mark is looked for: ChooseXml skipped it, as decoding does.
                input = new StreamReader(new MemoryStream(body, skip, bytes.Length, writable: false), Utf8NoBom, detectEncodingFromByteOrderMarks: false);
                hasXmlBase = bytes.IndexOf("xml:base"u8) >= 0;
            }
            else
            {
                text = encoding.GetString(bytes);
                var repaired = RepairEntities(text);
                input = new StringReader(repaired);
                hasXmlBase = repaired.Contains("xml:base", StringComparison.Ordinal);
            }

            var feed = new Feed(feedUrl, zone, hasXmlBase, ct);
            using var reader = XmlReader.Create(input, Settings);
            reader.MoveToContent();
            root = reader.LocalName;
            items = root switch
            {
                "rss" or "RDF" => Rss(reader, feed),
                "feed" => Atom(reader, feed),
                _ => null,
            };

            // To the end, past the root too: a fault anywhere (a second root) fails the feed, and is
            // reported before a root that is not a feed's.
            while (reader.Read())
            {
            }
        }
        catch (XmlException ex)
        {
            // The reader refuses a DTD without saying where (line 0); the prolog says it.
            if (ex.LineNumber == 0 && DoctypeInProlog(text ??= encoding.GetString(bytes)) is { } doctype)
            {
                var (line, column) = Position(text, doctype);
                throw new SourceFetchException(
                    $"订阅源含有 DTD（<!DOCTYPE>，第 {line} 行第 {column} 列），出于安全原因拒绝解析：{SourceHttpClient.Display(feedUrl)}", ex);
            }

            throw new SourceFetchException(
                $"订阅源格式错误（第 {ex.LineNumber} 行第 {ex.LinePosition} 列）：{TrimPosition(ex.Message)}（{SourceHttpClient.Display(feedUrl)}）", ex);
        }

        return items ?? throw new SourceFetchException($"不是 RSS 或 Atom 订阅源（根元素为 <{root}>）：{SourceHttpClient.Display(feedUrl)}");
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

    // What one parse reads with: the feed's address, the zone of its dates, whether any xml:base needs following.
    private readonly record struct Feed(Uri Url, TimeZoneInfo Zone, bool HasXmlBase, CancellationToken Ct);

    // Every walk below starts on an element's start tag and ends on its last node (its end tag, or the
    // start tag of an empty element): a loop over what is inside is a loop of Below.Next, each child's
    // own walk leaving the reader on that child's last node.
    // The only elements looked at are the root's children, a channel's and an item's: feeds mix
    // namespaces freely (content:encoded, dc:date, atom:link inside RSS), so names match by local name.

    // RSS 1.0 (RDF) puts the items beside the channel, and some RSS 2.0 generators copy that: the items
    // are the first channel's with text in it (else the first channel's), then those beside it.
    private static List<FeedItem> Rss(XmlReader reader, in Feed feed)
    {
        var rootBase = Rebase(feed.Url, reader, feed);
        List<FeedItem>? channel = null, blankChannel = null, beside = null;
        var known = true;
        for (var below = new Below(reader); below.Next();)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "item")
            {
                (beside ??= []).Add(RssItem(reader, rootBase, feed, ref known));
            }
            else if (reader.LocalName == "channel" && channel is null)
            {
                var items = new List<FeedItem>();
                if (Channel(reader, Rebase(rootBase, reader, feed), feed, items))
                {
                    channel = items;
                }
                else
                {
                    blankChannel ??= items;
                }
            }
            else
            {
                Skip(reader, ref known);
            }
        }

        var result = channel ?? blankChannel ?? [];
        if (beside is not null)
        {
            result.AddRange(beside);
        }

        return result;
    }

    // Adds the channel's items; whether it has any text (a channel that has none gives way to a later one that has).
    private static bool Channel(XmlReader reader, Uri baseUrl, in Feed feed, List<FeedItem> items)
    {
        var hasText = false;
        for (var below = new Below(reader); below.Next();)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                NoteText(reader, ref hasText);
            }
            else if (reader.LocalName == "item")
            {
                items.Add(RssItem(reader, baseUrl, feed, ref hasText));
            }
            else
            {
                Skip(reader, ref hasText);
            }
        }

        return hasText;
    }

    // hasText: whether the enclosing channel has text, noted only while still unknown.
    private static FeedItem RssItem(XmlReader reader, Uri parentBase, in Feed feed, ref bool hasText)
    {
        feed.Ct.ThrowIfCancellationRequested();
        var baseUrl = Rebase(parentBase, reader, feed);
        Field link = default, guid = default, description = default, encoded = default, title = default;
        Field pubDate = default, date = default, published = default, updated = default;
        for (var below = new Below(reader); below.Next();)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                NoteText(reader, ref hasText);
                continue;
            }

            switch (reader.LocalName)
            {
                case "link":
                    link.Read(reader, ref hasText);
                    break;
                // Some CMSs give only a guid; by RSS 2.0 it is the story's address unless isPermaLink="false".
                // Not read once there is a link (full articles in content:encoded likewise once there is a description).
                case "guid" when !link.HasText:
                    guid.Read(reader, ref hasText, "isPermaLink");
                    break;
                case "description":
                    description.Read(reader, ref hasText);
                    break;
                case "encoded" when !description.HasText:
                    encoded.Read(reader, ref hasText);
                    break;
                case "title":
                    title.Read(reader, ref hasText);
                    break;
                case "pubDate":
                    pubDate.Read(reader, ref hasText);
                    break;
                case "date":
                    date.Read(reader, ref hasText);
                    break;
                case "published":
                    published.Read(reader, ref hasText);
                    break;
                case "updated":
                    updated.Read(reader, ref hasText);
                    break;
                default:
                    Skip(reader, ref hasText);
                    break;
            }
        }

        var address = link.Value;
        if (string.IsNullOrWhiteSpace(address))
        {
            address = guid.Found && !string.Equals(guid.Attribute, "false", StringComparison.OrdinalIgnoreCase) ? guid.Value : null;
        }

        var summary = description.Value;
        if (string.IsNullOrWhiteSpace(summary))
        {
            summary = encoded.Value;
        }

        var utc = FirstDate(feed.Zone, pubDate.Value, date.Value, published.Value, updated.Value);
        return new FeedItem(Resolve(address, baseUrl), PlainText(title.Value), PlainText(summary), utc);
    }

    private static List<FeedItem> Atom(XmlReader reader, in Feed feed)
    {
        var rootBase = Rebase(feed.Url, reader, feed);
        var items = new List<FeedItem>();
        var known = true;
        for (var below = new Below(reader); below.Next();)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "entry")
            {
                items.Add(AtomEntry(reader, rootBase, feed));
            }
            else
            {
                Skip(reader, ref known);
            }
        }

        return items;
    }

    private static FeedItem AtomEntry(XmlReader reader, Uri parentBase, in Feed feed)
    {
        feed.Ct.ThrowIfCancellationRequested();
        var entryBase = Rebase(parentBase, reader, feed);
        // Only a channel's text is asked about: to an entry it is known already.
        var known = true;
        Link first = default, alternate = default;
        Field summary = default, content = default, title = default, published = default, updated = default, issued = default, modified = default;
        for (var below = new Below(reader); below.Next();)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                // The first link whose rel is absent or "alternate", else the first link.
                case "link" when !alternate.Found:
                    var link = Link.Read(reader, entryBase, feed);
                    if (link.Rel is null or "alternate")
                    {
                        alternate = link;
                    }

                    if (!first.Found)
                    {
                        first = link;
                    }

                    break;
                case "summary":
                    summary.Read(reader, ref known, "type");
                    break;
                case "content":
                    content.Read(reader, ref known, "type");
                    break;
                case "title":
                    title.Read(reader, ref known, "type");
                    break;
                case "published":
                    published.Read(reader, ref known);
                    break;
                case "updated":
                    updated.Read(reader, ref known);
                    break;
                case "issued":
                    issued.Read(reader, ref known);
                    break;
                case "modified":
                    modified.Read(reader, ref known);
                    break;
                default:
                    Skip(reader, ref known);
                    break;
            }
        }

        var chosen = alternate.Found ? alternate : first;
        var text = AtomText(summary);
        if (text.Length == 0)
        {
            text = AtomText(content);
        }

        var utc = FirstDate(feed.Zone, published.Value, updated.Value, issued.Value, modified.Value);
        return new FeedItem(Resolve(chosen.Address, chosen.Found ? chosen.Base : entryBase), AtomText(title), text, utc);
    }

    // type="xhtml" carries markup as XML elements, whose text is the element's value; "html" and "text" carry a string.
    private static string AtomText(in Field field) => !field.Found
        ? ""
        : field.Attribute == "xhtml"
            ? Whitespace().Replace(field.Value!, " ").Trim()
            : PlainText(field.Value);

    private static DateTime? FirstDate(TimeZoneInfo zone, params ReadOnlySpan<string?> texts)
    {
        foreach (var text in texts)
        {
            if (LenientDates.TryParse(text, zone, out var utc))
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

    // xml:base on the feed, the channel, the item or entry, or the link changes what a relative link is
    // relative to: each element's base is its parent's, moved by its own xml:base.
    private static Uri Rebase(Uri parentBase, XmlReader reader, in Feed feed) =>
        feed.HasXmlBase && reader.GetAttribute("base", XmlNamespace) is { } xmlBase && Uri.TryCreate(parentBase, xmlBase, out var next)
            ? next
            : parentBase;

    // Past an element the parse has no use for, noting whether it holds text while that is unknown.
    // Read node by node (not XmlReader.Skip) to end on the end tag as every walk does.
    private static void Skip(XmlReader reader, ref bool hasText)
    {
        for (var below = new Below(reader); below.Next();)
        {
            NoteText(reader, ref hasText);
        }
    }

    // Whitespace nodes (what XML calls white space) are blank; a text or CDATA node is looked at only while it matters.
    private static void NoteText(XmlReader reader, ref bool hasText)
    {
        if (!hasText && reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && !string.IsNullOrWhiteSpace(reader.Value))
        {
            hasText = true;
        }
    }

    // The element's text as the tree gave it (XElement.Value): every text node below it, CDATA and
    // white space included, in order; most elements hold one text node, which is returned as it is.
    private static string ReadValue(XmlReader reader)
    {
        string? first = null;
        StringBuilder? more = null;
        for (var below = new Below(reader); below.Next();)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                if (first is null)
                {
                    first = reader.Value;
                }
                else
                {
                    (more ??= new StringBuilder(first)).Append(reader.Value);
                }
            }
        }

        return more?.ToString() ?? first ?? "";
    }

    /// <summary>
    /// The nodes inside the element the reader is on, one <see cref="Next"/> each, in document order; after the last
    /// (or at once for an empty element) the reader is left on the element's last node, as every walk ends.
    /// </summary>
    private struct Below(XmlReader reader)
    {
        private readonly int _depth = reader.Depth;
        private bool _done = reader.IsEmptyElement;

        public bool Next()
        {
            _done = _done || !reader.Read() || reader.Depth <= _depth;
            return !_done;
        }
    }

    /// <summary>
    /// One field of an item, chosen as the tree walk did: the first child of that local name whose text
    /// is not blank, else the first one (an empty <c>&lt;link/&gt;</c> gives way to a later link with an address).
    /// </summary>
    private struct Field
    {
        /// <summary>The chosen element's text, or null when the item has no such element.</summary>
        public string? Value;

        /// <summary>The one attribute the field needs (a guid's isPermaLink, an Atom text's type).</summary>
        public string? Attribute;

        public bool Found;

        public bool HasText;

        public void Read(XmlReader reader, ref bool itemHasText, string? attribute = null)
        {
            if (HasText)
            {
                Skip(reader, ref itemHasText);
                return;
            }

            var value = attribute is null ? null : reader.GetAttribute(attribute);
            var text = ReadValue(reader);
            if (!string.IsNullOrWhiteSpace(text))
            {
                (Value, Attribute, Found, HasText) = (text, value, true, true);
                itemHasText = true;
            }
            else if (!Found)
            {
                (Value, Attribute, Found) = (text, value, true);
            }
        }
    }

    // An Atom link: its address is its href, else (Atom 0.3, some converters) its text.
    private readonly record struct Link(bool Found, string? Rel, string? Address, Uri Base)
    {
        public static Link Read(XmlReader reader, Uri entryBase, in Feed feed)
        {
            var rel = reader.GetAttribute("rel");
            var href = reader.GetAttribute("href");
            var linkBase = Rebase(entryBase, reader, feed);
            var known = true;
            if (string.IsNullOrWhiteSpace(href))
            {
                href = ReadValue(reader);
            }
            else
            {
                Skip(reader, ref known);
            }

            return new Link(true, rel, href, linkBase);
        }
    }

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

    // The same test on UTF-8 bytes: a reference's characters are ASCII, and no byte of a longer
    // character is ASCII, so the bytes say what the decoded text would.
    private static bool OnlyXmlReferences(ReadOnlySpan<byte> utf8)
    {
        for (var at = utf8.IndexOf((byte)'&'); at >= 0; at = utf8.IndexOf((byte)'&'))
        {
            utf8 = utf8[(at + 1)..];
            var end = utf8.IndexOf((byte)';');
            if (end < 1 || !IsXmlReference(utf8[..end]))
            {
                return false;
            }

            utf8 = utf8[(end + 1)..];
        }

        return true;

        static bool IsXmlReference(ReadOnlySpan<byte> name) =>
            name.SequenceEqual("amp"u8) || name.SequenceEqual("lt"u8) || name.SequenceEqual("gt"u8) || name.SequenceEqual("quot"u8) || name.SequenceEqual("apos"u8)
            || (name.Length > 1 && name[0] == '#' && (name[1..].ContainsAnyExcept(DigitBytes) is false
                || (name.Length > 2 && name[1] is (byte)'x' or (byte)'X' && name[2..].ContainsAnyExcept(HexDigitBytes) is false)));
    }

    private static readonly System.Buffers.SearchValues<byte> DigitBytes = System.Buffers.SearchValues.Create("0123456789"u8);
    private static readonly System.Buffers.SearchValues<byte> HexDigitBytes = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF"u8);

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
