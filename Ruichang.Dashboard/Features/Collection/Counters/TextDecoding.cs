using System.Text;
using Ruichang.Dashboard.Features.Collection.Http;

namespace Ruichang.Dashboard.Features.Collection.Counters;

/// <summary>
/// The text of an answer: in the charset its Content-Type declares, when it declares one;
/// otherwise UTF-8 (with or without a byte order mark) when the bytes are valid UTF-8, and
/// GB18030 when they are not — what Chinese Excel writes when it saves a CSV. GB18030 is a
/// superset of GBK and GB2312, and text in it is practically never valid UTF-8.
/// </summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // GB18030 and the other code pages are not in .NET by default; registering twice is harmless.
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(FetchedResponse response, string where)
    {
        ReadOnlySpan<byte> body = response.Body;
        var bom = Encoding.UTF8.Preamble;

        // A UTF-8 byte order mark wins even over a declared charset, as in browsers: it cannot be
        // there by accident, while servers often declare whatever their default is.
        if (body.StartsWith(bom))
        {
            return Encoding.UTF8.GetString(body[bom.Length..]);
        }

        if (!string.IsNullOrWhiteSpace(response.Charset))
        {
            Encoding declared;
            try
            {
                declared = Encoding.GetEncoding(response.Charset.Trim());
            }
            catch (ArgumentException)
            {
                throw new SourceFetchException($"{where}：响应声明的字符集 {response.Charset} 无法识别。");
            }

            var preamble = declared.Preamble;
            return declared.GetString(preamble.Length > 0 && body.StartsWith(preamble) ? body[preamble.Length..] : body);
        }

        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(body);
        }
    }
}
