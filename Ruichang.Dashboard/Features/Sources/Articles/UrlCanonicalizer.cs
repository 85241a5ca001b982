using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Sources.Articles;

/// <summary>
/// The canonical form of a story's URL, by which placements are deduplicated: a re-run, a feed that
/// adds tracking parameters, or a second link to the same page must not count twice.
/// <list type="bullet">
/// <item>http and https are the same story: the scheme is always <c>https</c>;</item>
/// <item>the host is lower-case punycode (IDN), without a trailing dot, user info or a default port (80/443);
///   <c>www.</c> is kept (some sites serve different content without it);</item>
/// <item>a Java session id in the path (<c>;jsessionid=...</c>, added by TRS and other Java CMSs) is removed;</item>
/// <item>the path keeps its case (Chinese CMS paths are case-sensitive on Linux servers), loses a trailing
///   slash except at the root, and <c>index.html</c>/<c>index.htm</c>/<c>index.shtml</c> are NOT stripped: on
///   Chinese CMSs <c>/news/</c> is a column's list and <c>/news/index.html</c> can be a different page;</item>
/// <item>percent-encoding is normalized (RFC 3986 6.2.2): escapes of unreserved characters are decoded,
///   other escapes upper-cased, non-ASCII characters UTF-8 escaped;</item>
/// <item>the fragment is removed, unless it is a client-side route (<c>#/detail/123</c>, <c>#!/news/1</c>),
///   which names a different story on single-page sites;</item>
/// <item>well-known tracking parameters are removed (<see cref="IsTracking"/>), the rest sorted by name
///   (stably, so repeated names keep their order);</item>
/// <item>a result longer than <see cref="MaxLength"/> (the database column) ends in a hash of the whole.</item>
/// </list>
/// </summary>
public static partial class UrlCanonicalizer
{
    public const int MaxLength = 450;

    // Only parameters that never select content: analytics (utm_*, spm, gclid, fbclid), share widgets
    // and the ones WeChat and Baidu append when a link is shared. Generic names such as "timestamp",
    // "t" or "id" are kept: some CMSs use them to pick the story.
    private static readonly HashSet<string> TrackingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "spm", "from", "share", "share_token", "wfr", "isappinstalled", "scene", "clicktime", "enterid",
        "gclid", "fbclid", "msclkid",
    };

    private static readonly string[] TrackingPrefixes = ["utm_", "sharer_"];

    /// <summary>The canonical form of an absolute http(s) URL.</summary>
    /// <exception cref="ArgumentException">The URL is relative or not http(s).</exception>
    public static string Canonicalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Not an absolute http(s) URL: {SourceHttpClient.Display(url)}", nameof(url));
        }

        var port = !url.IsDefaultPort && url.Port is not (80 or 443) ? ":" + url.Port.ToString(CultureInfo.InvariantCulture) : "";
        var absolutePath = url.AbsolutePath;
        var path = NormalizeEscapes(absolutePath.Contains(';', StringComparison.Ordinal) ? JsessionId().Replace(absolutePath, "") : absolutePath, isQuery: false);
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }

        var query = Query(url.Query);
        var fragment = url.Fragment.TrimStart('#');
        var route = fragment.StartsWith('/') || fragment.StartsWith("!/", StringComparison.Ordinal);

        // One string for the whole: a feed run canonicalises every link it reads.
        return Limit(string.Concat(
            "https://", Host(url), port, path.Length == 0 ? "/" : path,
            query.Length > 0 ? "?" : "", query,
            route ? "#" : "", route ? NormalizeEscapes(fragment, isQuery: true) : ""));
    }

    /// <summary>The canonical form of <paramref name="url"/>, or false when it is not an absolute http(s) URL.</summary>
    public static bool TryCanonicalize(string? url, out string canonical)
    {
        canonical = "";
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            return false;
        }

        canonical = Canonicalize(uri);
        return true;
    }

    /// <summary>Whether a query parameter only tracks who shared or clicked, and never selects content.</summary>
    public static bool IsTracking(string name) =>
        TrackingNames.Contains(name) || TrackingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private static string Host(Uri url)
    {
        // IdnHost is punycode for international names and the bare address for IPv6, which needs its brackets back.
        var host = url.HostNameType == UriHostNameType.IPv6 ? url.Host : url.IdnHost;
        return host.TrimEnd('.').ToLowerInvariant();
    }

    private static string Query(string query)
    {
        if (query.Length <= 1)
        {
            return "";
        }

        var kept = query[1..]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => NormalizeEscapes(pair, isQuery: true))
            .Select(pair => (Name: Uri.UnescapeDataString(pair.Split('=', 2)[0]), Pair: pair))
            .Where(p => !IsTracking(p.Name))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Pair);
        return string.Join('&', kept);
    }

    /// <summary>
    /// Decodes escapes of unreserved characters, upper-cases the others and escapes what must be
    /// escaped, so that two spellings of one URL become one string.
    /// </summary>
    private static string NormalizeEscapes(string text, bool isQuery)
    {
        // Most paths and parameters have nothing to change: no escape, nothing to escape.
        var plain = true;
        foreach (var c in text)
        {
            if (c >= 0x80 || !(IsUnreserved(c) || IsAllowed(c, isQuery)))
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                var value = (char)Convert.ToByte(text.Substring(i + 1, 2), 16);
                if (IsUnreserved(value))
                {
                    result.Append(value);
                }
                else
                {
                    result.Append('%').Append(char.ToUpperInvariant(text[i + 1])).Append(char.ToUpperInvariant(text[i + 2]));
                }

                i += 2;
            }
            else if (c < 0x80 && (IsUnreserved(c) || IsAllowed(c, isQuery)))
            {
                result.Append(c);
            }
            else
            {
                var rune = Rune.TryGetRuneAt(text, i, out var r) ? r : Rune.ReplacementChar;
                var length = rune.EncodeToUtf8(utf8);
                for (var b = 0; b < length; b++)
                {
                    result.Append('%').Append(utf8[b].ToString("X2", CultureInfo.InvariantCulture));
                }

                i += rune.Utf16SequenceLength - 1;
            }
        }

        return result.ToString();
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    // RFC 3986: a path segment may hold sub-delims, ':' and '@'; a query also '/' and '?'. '%' alone is not allowed.
    private static bool IsAllowed(char c, bool isQuery) =>
        c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/'
        || (isQuery && c == '?');

    private static string Limit(string canonical)
    {
        if (canonical.Length <= MaxLength)
        {
            return canonical;
        }

        // Stable (the same long URL always gives the same key) and still readable up to the cut.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..32];
        return canonical[..(MaxLength - 33)] + "#" + hash;
    }

    // Runs on remote links: NonBacktracking keeps it linear whatever the path holds.
    [GeneratedRegex(@";jsessionid=[^/;?]*", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex JsessionId();
}
