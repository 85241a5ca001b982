using System.Text;
using System.Text.RegularExpressions;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Sources.Parsing;

/// <summary>
/// Turns a fetched body into text, for every source (feeds, pages, CSV and JSON exports). Which encoding, in this order:
/// <list type="number">
/// <item>a byte-order mark (UTF-8, UTF-16 LE/BE): the bytes themselves say it, nothing can contradict them;</item>
/// <item>the HTTP <c>charset</c> — unless it says UTF-8 and the bytes are not UTF-8 while the document
///   declares something else (servers often send a default <c>charset=utf-8</c> for old GBK files);</item>
/// <item>the document's own declaration (<c>&lt;?xml encoding="gb2312"?&gt;</c>, <c>&lt;meta charset&gt;</c>, <c>&lt;meta http-equiv&gt;</c>), for XML and HTML;</item>
/// <item>UTF-8 when the bytes are valid UTF-8, otherwise GB18030: an undeclared Chinese page that is not UTF-8 is GBK.</item>
/// </list>
/// GB2312 and GBK labels are read as GB18030, their superset: Chinese sites label GBK (and even
/// GB18030) content as gb2312, and a GB2312 decoder would turn the extra characters into "?".
/// </summary>
public static partial class TextDecoding
{
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    /// <summary>The encoding a charset label names, or null when it names none we know.</summary>
    public static Encoding? Find(string? label)
    {
        var name = label?.Trim().Trim('"', '\'').ToLowerInvariant();
        switch (name)
        {
            case null or "":
                return null;
            case "gb2312" or "gbk" or "x-gbk" or "gb_2312-80" or "csgb2312" or "cp936" or "ms936" or "windows-936" or "euc-cn" or "gb18030":
                return Gb18030;
            case "utf8" or "utf-8":
                return Encoding.UTF8;
            default:
                break;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Decodes CSV or JSON, which carry no declaration of their own: what Chinese Excel saves without a label is GB18030.</summary>
    public static string Decode(FetchedResponse response) => Decode(response.Body, response.Charset, static _ => null);

    /// <summary>Decodes an uploaded CSV file, which comes with no charset: a BOM, else UTF-8 when valid, else GB18030.</summary>
    public static string DecodeUpload(byte[] body) => Decode(body, null, static _ => null);

    /// <summary>Decodes an XML document (a feed): its declaration is <c>&lt;?xml ... encoding="..."?&gt;</c>.</summary>
    public static string DecodeXml(byte[] body, string? httpCharset) => Decode(body, httpCharset, XmlDeclared);

    /// <summary>
    /// The encoding <see cref="DecodeXml"/> reads <paramref name="body"/> in and the length of the byte-order
    /// mark it skips, for a reader that decodes as it goes rather than into one string.
    /// </summary>
    public static (Encoding Encoding, int Skip) ChooseXml(byte[] body, string? httpCharset) => Choose(body, httpCharset, XmlDeclared);

    /// <summary>Decodes an HTML page: its declaration is a <c>&lt;meta charset&gt;</c> or <c>&lt;meta http-equiv="Content-Type"&gt;</c> near the top.</summary>
    public static string DecodeHtml(byte[] body, string? httpCharset) =>
        Decode(body, httpCharset, static head => MetaCharset().Match(head) is { Success: true } m ? m.Groups[1].Value : null);

    private static readonly Func<string, string?> XmlDeclared =
        static head => XmlDeclaration().Match(head) is { Success: true } m ? m.Groups[1].Value : null;

    private static string Decode(byte[] body, string? httpCharset, Func<string, string?> declared)
    {
        var (encoding, skip) = Choose(body, httpCharset, declared);
        return encoding.GetString(body, skip, body.Length - skip);
    }

    private static (Encoding Encoding, int Skip) Choose(byte[] body, string? httpCharset, Func<string, string?> declared)
    {
        var (bom, skip) = FromBom(body);
        if (bom is not null)
        {
            return (bom, skip);
        }

        // Each test is made only when the answer depends on it: HTTP usually names the encoding and the body is it.
        var fromHttp = Find(httpCharset);
        bool? valid = null;
        bool IsUtf8() => valid ??= System.Text.Unicode.Utf8.IsValid(body);

        // The declaration is ASCII in every encoding a Chinese site uses, so Latin-1 reads it whatever the body is.
        Encoding? FromDocument() => Find(declared(Encoding.Latin1.GetString(body, 0, Math.Min(body.Length, 4096))));

        var encoding = fromHttp is not null
            ? fromHttp.CodePage == Encoding.UTF8.CodePage && !IsUtf8() && FromDocument() is { } declaredEncoding ? declaredEncoding : fromHttp
            : FromDocument() ?? (IsUtf8() ? Encoding.UTF8 : Gb18030);

        // A declaration of UTF-16 in bytes that are ASCII-compatible (we just read it as Latin-1) is a lie.
        if (encoding is UnicodeEncoding or UTF32Encoding)
        {
            encoding = IsUtf8() ? Encoding.UTF8 : Gb18030;
        }

        return (encoding, 0);
    }

    private static (Encoding? Encoding, int Skip) FromBom(byte[] b) => b switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
        [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
        [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
        _ => (null, 0),
    };

    // Both run on the head of remote documents: NonBacktracking keeps them linear in it.
    [GeneratedRegex("""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", RegexOptions.NonBacktracking)]
    private static partial Regex XmlDeclaration();

    // Matches both <meta charset="gbk"> and <meta http-equiv="Content-Type" content="text/html; charset=gb2312">.
    [GeneratedRegex("""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex MetaCharset();
}
