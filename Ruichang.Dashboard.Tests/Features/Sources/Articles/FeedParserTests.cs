using System.Text;
using Ruichang.Dashboard.Features.Sources.Articles;
using Ruichang.Dashboard.Features.Sources.Http;

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

    [Fact]
    public void The_channels_items_come_first_and_then_those_beside_it()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
              <item><title>旁一</title><link>http://www.jjxw.cn/b1.html</link></item>
              <channel><title>九江新闻网</title><item><title>内</title><link>http://www.jjxw.cn/c.html</link></item></channel>
              <item><title>旁二</title><link>http://www.jjxw.cn/b2.html</link></item>
              <channel><title>第二个频道</title><item><title>不读</title></item></channel>
            </rdf:RDF>
            """);

        var items = Parse(feed);

        Assert.Equal(["内", "旁一", "旁二"], items.Select(i => i.Title));
    }

    [Fact]
    public void A_channel_with_no_text_gives_way_to_the_first_channel_with_some()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0">
              <channel> <item><link/></item> </channel>
              <channel><item><title>有字</title></item></channel>
              <channel><title>第三个</title><item><title>不读</title></item></channel>
            </rss>
            """);
        var blank = Encoding.UTF8.GetBytes("""<rss version="2.0"><channel><item/><item><title> </title></item></channel><channel/></rss>""");

        Assert.Equal("有字", Assert.Single(Parse(feed)).Title);
        Assert.Equal([new FeedItem(null, "", "", null), new FeedItem(null, "", "", null)], Parse(blank));
    }

    [Fact]
    public void Elements_of_any_namespace_are_read_by_local_name()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel><title>九江新闻网</title>
                <item>
                  <title>瑞昌新闻</title><link>http://www.jjxw.cn/1.html</link><description> </description>
                  <content:encoded><![CDATA[<p>瑞昌市<b>推进</b>重点项目</p>]]></content:encoded>
                  <dc:date>2014-09-30T09:00:00+08:00</dc:date>
                </item>
              </channel>
            </rss>
            """);

        var item = Assert.Single(Parse(feed));

        Assert.Equal(new FeedItem("http://www.jjxw.cn/1.html", "瑞昌新闻", "瑞昌市推进重点项目", new DateTime(2014, 9, 30, 1, 0, 0, DateTimeKind.Utc)), item);
    }

    [Fact]
    public void An_empty_element_gives_way_to_a_later_one_of_the_same_name_with_text()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0"><channel>
              <item><title/><title>瑞昌新闻</title><title>第二个标题</title><link/><link>  </link><link>http://www.jjxw.cn/1.html</link><link>http://www.jjxw.cn/2.html</link></item>
            </channel></rss>
            """);

        var item = Assert.Single(Parse(feed));

        Assert.Equal(("瑞昌新闻", "http://www.jjxw.cn/1.html"), (item.Title, item.Link));
    }

    [Fact]
    public void A_guid_is_the_link_only_when_there_is_no_link_and_it_is_not_marked_as_no_permalink()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0"><channel>
              <item><title>一</title><guid>http://www.jjxw.cn/1.html</guid></item>
              <item><title>二</title><guid isPermaLink="false">http://www.jjxw.cn/2.html</guid></item>
              <item><title>三</title><guid isPermaLink="FALSE">http://www.jjxw.cn/3.html</guid></item>
              <item><title>四</title><link> </link><guid isPermaLink="true">4.html</guid></item>
              <item><title>五</title><guid>http://www.jjxw.cn/guid.html</guid><link>http://www.jjxw.cn/5.html</link></item>
              <item><title>六</title><guid isPermaLink="false"/><guid>http://www.jjxw.cn/6.html</guid></item>
            </channel></rss>
            """);

        var items = Parse(feed);

        Assert.Equal(["http://www.jjxw.cn/1.html", null, null, "http://www.jjxw.cn/rss/4.html", "http://www.jjxw.cn/5.html", "http://www.jjxw.cn/6.html"], items.Select(i => i.Link));
    }

    [Fact]
    public void An_RSS_items_relative_link_follows_xml_base_on_the_root_the_channel_and_the_item()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0" xml:base="http://www.jjxw.cn/a/"><channel xml:base="b/">
              <item><title>一</title><link>1.html</link></item>
              <item xml:base="c/"><title>二</title><link xml:base="/ignored/">2.html</link></item>
            </channel>
            <item xml:base="/d/"><title>三</title><link>3.html</link></item>
            </rss>
            """);

        var items = Parse(feed);

        Assert.Equal(["http://www.jjxw.cn/a/b/1.html", "http://www.jjxw.cn/a/b/c/2.html", "http://www.jjxw.cn/d/3.html"], items.Select(i => i.Link));
    }

    [Fact]
    public void Atom_xhtml_content_is_the_text_of_its_nested_elements()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <feed xmlns="http://www.w3.org/2005/Atom">
              <entry>
                <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">瑞昌<b>新闻</b></div></title>
                <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">  </div></summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>瑞昌市<em>推进</em></p>
                  <p>重点&lt;项目&gt;</p></div></content>
              </entry>
              <entry><title type="html">&lt;b&gt;二&lt;/b&gt;</title><summary>&lt;p&gt;摘要&lt;/p&gt;</summary><content>不读</content></entry>
            </feed>
            """);

        var items = Parse(feed);

        Assert.Equal([("瑞昌新闻", "瑞昌市推进 重点<项目>"), ("二", "摘要")], items.Select(i => (i.Title, i.Summary)));
    }

    [Fact]
    public void An_Atom_entrys_link_is_its_first_alternate_link_else_its_first_link()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://www.jjxw.cn/">
              <entry><link rel="self" href="self.xml"/><link rel="alternate" href="1.html"/><link href="other.html"/></entry>
              <entry><link rel="enclosure" href="e/2.mp4" xml:base="media/"/><link rel="self" href="self.xml"/></entry>
              <entry><link rel="related" href="r.html"/><link>3.html</link></entry>
              <entry xml:base="zt/"><link xml:base="/4/" href="4.html"/></entry>
              <entry><title>无链接</title></entry>
            </feed>
            """);

        var items = Parse(feed);

        Assert.Equal(
            ["http://www.jjxw.cn/1.html", "http://www.jjxw.cn/media/e/2.mp4", "http://www.jjxw.cn/3.html", "http://www.jjxw.cn/4/4.html", null],
            items.Select(i => i.Link));
    }

    [Fact]
    public void Only_an_items_own_children_are_its_fields()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
              <item>
                <media:group><media:title>不是标题</media:title><link>http://www.jjxw.cn/not.html</link></media:group>
                <description>摘要</description>
              </item>
              <item><media:group><media:title>x</media:title></media:group><media:title>媒体标题</media:title></item>
            </channel></rss>
            """);

        var items = Parse(feed);

        Assert.Equal([new FeedItem(null, "", "摘要", null), new FeedItem(null, "媒体标题", "", null)], items);
    }

    [Fact]
    public void Cdata_titles_are_read_with_the_text_around_them()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0"><channel>
              <item><title><![CDATA[瑞昌 <新闻> & 图片]]></title></item>
              <item><title>
                <![CDATA[<b>瑞昌</b>]]>新闻<![CDATA[网]]>
              </title></item>
            </channel></rss>
            """);

        var items = Parse(feed);

        Assert.Equal(["瑞昌 & 图片", "瑞昌新闻网"], items.Select(i => i.Title));
    }

    [Fact]
    public void Each_date_name_is_tried_once_in_order_and_an_unreadable_first_one_gives_way_to_the_next_name()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
              <item><pubDate>前天</pubDate><pubDate>2014-09-01 08:00</pubDate><dc:date>2014-09-30 08:00</dc:date></item>
              <item><updated>2014-09-29 08:00</updated><pubDate/><pubDate>2014-09-30 08:00</pubDate></item>
              <item><pubDate>前天</pubDate><pubDate>2014-09-01 08:00</pubDate></item>
            </channel></rss>
            """);

        var items = Parse(feed);

        Assert.Equal([new DateTime(2014, 9, 30, 8, 0, 0, DateTimeKind.Utc), new DateTime(2014, 9, 30, 8, 0, 0, DateTimeKind.Utc), null], items.Select(i => i.PublishedAtUtc));
    }

    [Fact]
    public void A_malformed_document_is_reported_as_such_even_when_its_root_is_not_a_feed()
    {
        var notAFeed = Encoding.UTF8.GetBytes("<html><body><p>已迁移</p></body></html>");
        var malformed = Encoding.UTF8.GetBytes("<html><body>\n<p>已迁移</div></body></html>");
        var trailing = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><item><title>一</title></item></channel></rss>\n<rss/>");

        var root = Assert.Throws<SourceFetchException>(() => Parse(notAFeed));
        var tag = Assert.Throws<SourceFetchException>(() => Parse(malformed));
        var second = Assert.Throws<SourceFetchException>(() => Parse(trailing));

        Assert.StartsWith("不是 RSS 或 Atom 订阅源（根元素为 <html>）：", root.Message, StringComparison.Ordinal);
        Assert.StartsWith("订阅源格式错误（第 2 行第 ", tag.Message, StringComparison.Ordinal);
        Assert.StartsWith("订阅源格式错误（第 2 行第 ", second.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<FeedItem> Parse(byte[] feed) => FeedParser.Parse(feed, "utf-8", FeedUrl, TimeZoneInfo.Utc, CancellationToken.None);
}
