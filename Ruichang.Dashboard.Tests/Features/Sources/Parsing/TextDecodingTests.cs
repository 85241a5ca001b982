using System.Net;
using System.Text;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Tests.Features.Sources.Parsing;

/// <summary>How a CSV or JSON body without a declaration of its own becomes text.</summary>
public sealed class TextDecodingTests
{
    static TextDecodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void A_declared_charset_wins_over_detection()
    {
        // Not valid UTF-8, so without the label it would be read as GB18030.
        var body = Encoding.Latin1.GetBytes("Ruichang café");

        Assert.Equal("Ruichang café", TextDecoding.Decode(Response(body, "iso-8859-1")));
    }

    [Fact]
    public void A_GBK_label_is_read_as_GB18030_so_characters_beyond_GBK_survive()
    {
        var body = Encoding.GetEncoding("GB18030").GetBytes("𠮷野家瑞昌店");

        Assert.Equal("𠮷野家瑞昌店", TextDecoding.Decode(Response(body, "gbk")));
    }

    [Fact]
    public void A_UTF8_byte_order_mark_wins_over_a_wrong_label()
    {
        byte[] body = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("瑞昌")];

        Assert.Equal("瑞昌", TextDecoding.Decode(Response(body, "gbk")));
    }

    private static FetchedResponse Response(byte[] body, string? charset) =>
        new(new Uri("http://127.0.0.1/export.csv"), HttpStatusCode.OK, "text/csv", charset, body);
}
