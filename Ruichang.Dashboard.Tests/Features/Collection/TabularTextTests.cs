using System.Net;
using System.Text;
using System.Text.Json;
using Ruichang.Dashboard.Features.Collection;
using Ruichang.Dashboard.Features.Collection.Http;

namespace Ruichang.Dashboard.Tests.Features.Collection;

/// <summary>The decoding and items path that the file-export adapters share.</summary>
public sealed class TabularTextTests
{
    static TabularTextTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void A_declared_charset_wins_over_detection()
    {
        // Not valid UTF-8, so without the label it would be read as GB18030.
        var body = Encoding.Latin1.GetBytes("Ruichang café");

        Assert.Equal("Ruichang café", TabularText.Decode(Response(body, "iso-8859-1")));
    }

    [Fact]
    public void A_GBK_label_is_read_as_GB18030_so_characters_beyond_GBK_survive()
    {
        var body = Encoding.GetEncoding("GB18030").GetBytes("𠮷野家瑞昌店");

        Assert.Equal("𠮷野家瑞昌店", TabularText.Decode(Response(body, "gbk")));
    }

    [Fact]
    public void A_UTF8_byte_order_mark_wins_over_a_wrong_label()
    {
        byte[] body = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("瑞昌")];

        Assert.Equal("瑞昌", TabularText.Decode(Response(body, "gbk")));
    }

    [Theory]
    [InlineData("$.data.list", "[1,2]")]
    [InlineData("data.list", "[1,2]")]
    [InlineData("$.data.pages.1.title", "\"第二页\"")]
    [InlineData("$", """{"data":{"list":[1,2],"pages":[{"title":"第一页"},{"title":"第二页"}]}}""")]
    public void The_items_path_walks_names_and_array_positions(string path, string expected)
    {
        using var document = JsonDocument.Parse("""{"data":{"list":[1,2],"pages":[{"title":"第一页"},{"title":"第二页"}]}}""");

        Assert.Equal(expected, TabularText.At(document.RootElement, path)?.GetRawText());
    }

    [Theory]
    [InlineData("$.data.rows")]
    [InlineData("$.data.list.5")]
    [InlineData("$.data.list.title")]
    public void A_path_that_leads_nowhere_gives_null(string path)
    {
        using var document = JsonDocument.Parse("""{"data":{"list":[{"title":"第一页"}]}}""");

        Assert.Null(TabularText.At(document.RootElement, path));
    }

    private static FetchedResponse Response(byte[] body, string? charset) =>
        new(new Uri("http://127.0.0.1/export.csv"), HttpStatusCode.OK, "text/csv", charset, body);
}
