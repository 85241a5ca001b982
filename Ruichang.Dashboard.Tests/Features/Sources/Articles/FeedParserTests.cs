using System.Text;
using Ruichang.Dashboard.Features.Sources.Articles;

namespace Ruichang.Dashboard.Tests.Features.Sources.Articles;

/// <summary>The feed parser on its own: what the adapter tests cannot reach through HTTP.</summary>
public sealed class FeedParserTests
{
    private static readonly Uri FeedUrl = new("http://www.jjxw.cn/rss/rc.xml");

    [Fact]
    public void Parsing_stops_once_the_sources_time_is_up()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0"><channel>
              <item><title>瑞昌新闻一</title><link>http://www.jjxw.cn/1.html</link></item>
              <item><title>瑞昌新闻二</title><link>http://www.jjxw.cn/2.html</link></item>
            </channel></rss>
            """);

        Assert.ThrowsAny<OperationCanceledException>(() => FeedParser.Parse(feed, "utf-8", FeedUrl, TimeZoneInfo.Utc, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Plain_text_drops_scripts_and_styles_in_any_case_and_keeps_words_apart()
    {
        const string html = """<SCRIPT type="text/javascript">var t = "<b>假</b>";</script >瑞昌<style>p { color: red }</STYLE><p>新闻</p><scripts>网</scripts>""";

        Assert.Equal("瑞昌 新闻 网", FeedParser.PlainText(html));
    }

    [Theory]
    [InlineData("瑞昌新闻")]
    [InlineData("  瑞昌\t新闻\r\n\n网  ")]
    [InlineData("\u3000瑞昌\u00A0新闻\u2028")]
    [InlineData("瑞昌  新闻 ")]
    [InlineData(" ")]
    [InlineData("a b c")]
    public void Plain_text_without_markup_is_tidied_as_markup_is(string text)
    {
        // An empty inline tag sends the text down the markup path, which drops the tag and tidies the rest.
        Assert.Equal(FeedParser.PlainText("<b></b>" + text), FeedParser.PlainText(text));
    }

    [Fact]
    public void Relative_links_follow_xml_base_and_otherwise_the_feed()
    {
        var withBase = Encoding.UTF8.GetBytes("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://www.jjxw.cn/news/">
              <entry><title>一</title><link href="1.html"/></entry>
              <entry xml:base="/zt/"><title>二</title><link href="2.html"/></entry>
            </feed>
            """);
        var without = Encoding.UTF8.GetBytes("""<rss version="2.0"><channel><item><title>三</title><link>3.html</link></item></channel></rss>""");

        var based = FeedParser.Parse(withBase, "utf-8", FeedUrl, TimeZoneInfo.Utc, CancellationToken.None);
        var plain = FeedParser.Parse(without, "utf-8", FeedUrl, TimeZoneInfo.Utc, CancellationToken.None);

        Assert.Equal(["http://www.jjxw.cn/news/1.html", "http://www.jjxw.cn/zt/2.html"], based.Select(i => i.Link));
        Assert.Equal("http://www.jjxw.cn/rss/3.html", Assert.Single(plain).Link);
    }

    [Fact]
    public void References_are_repaired_only_where_xml_would_refuse_them()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0"><channel>
              <item><title>瑞昌&nbsp;新闻 &amp; 图片 &#29790;&#x660C;</title><link>http://www.jjxw.cn/1.html?a=1&b=2</link></item>
              <item><title>A &lt; B</title><link>http://www.jjxw.cn/2.html?a=1&amp;b=2</link></item>
            </channel></rss>
            """);

        var items = FeedParser.Parse(feed, "utf-8", FeedUrl, TimeZoneInfo.Utc, CancellationToken.None);

        Assert.Equal(["瑞昌 新闻 & 图片 瑞昌", "A < B"], items.Select(i => i.Title));
        Assert.Equal(["http://www.jjxw.cn/1.html?a=1&b=2", "http://www.jjxw.cn/2.html?a=1&b=2"], items.Select(i => i.Link));
    }
}
