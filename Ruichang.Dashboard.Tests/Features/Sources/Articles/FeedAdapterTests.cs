using System.Text;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Articles;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Articles;

/// <summary>News feeds (RSS 2.0, Atom) read through the real HTTP client from a server on loopback.</summary>
public sealed class FeedAdapterTests() : CollectorTest(CollectedAt)
{
    private const string Ruichang = "360481";
    private const string Wuning = "360423";

    // The moment of collection: 2014-10-08 10:00 in Ruichang.
    private static readonly DateTimeOffset CollectedAt = new(2014, 10, 8, 2, 0, 0, TimeSpan.Zero);

    private const string PeopleRss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel>
            <title>人民网江西频道</title>
            <link>http://jx.people.com.cn/</link>
            <description>人民网江西频道 地方要闻</description>
            <item>
              <title>瑞昌市“三送”工作队帮扶贫困户脱贫致富</title>
              <link>http://jx.people.com.cn/n/2014/0930/c190260-22477001.html</link>
              <description><![CDATA[<p>近日，<b>瑞昌市</b>组织“三送”工作队深入范镇、夏畈等乡镇……</p>]]></description>
              <pubDate>Tue, 30 Sep 2014 08:00:00 +0800</pubDate>
            </item>
            <item>
              <title>九江各县区秋季招商引资成果丰硕</title>
              <link>http://jx.people.com.cn/n/2014/0929/c190260-22466002.html</link>
              <description>瑞昌、武宁等县市签约项目32个，总投资逾百亿元。</description>
              <pubDate>Mon, 29 Sep 2014 16:30:00 GMT</pubDate>
            </item>
            <item>
              <title>南昌地铁1号线进入试运行阶段</title>
              <link>http://jx.people.com.cn/n/2014/0929/c190260-22466003.html</link>
              <description>南昌市轨道交通集团介绍……</description>
              <pubDate>Mon, 29 Sep 2014 09:00:00 +0800</pubDate>
            </item>
          </channel>
        </rss>
        """;

    [Fact]
    public async Task An_RSS_feed_in_UTF_8_gives_its_stories_about_the_counties_with_titles_dates_and_links()
    {
        Server.Serve("/rss/jx.xml", PeopleRss, "application/rss+xml; charset=utf-8");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/jx.xml");

        Assert.Equal(3, reading.ItemsRead);
        Assert.Equal(2, reading.Articles.Count);
        var first = reading.Articles[0];
        Assert.Equal("瑞昌市“三送”工作队帮扶贫困户脱贫致富", first.Title);
        Assert.Equal("http://jx.people.com.cn/n/2014/0930/c190260-22477001.html", first.Url);
        Assert.Equal("https://jx.people.com.cn/n/2014/0930/c190260-22477001.html", first.CanonicalUrl);
        Assert.Equal(new DateTime(2014, 9, 30, 0, 0, 0, DateTimeKind.Utc), first.PublishedAtUtc);
        Assert.Equal([Ruichang], first.CountyCodes);
        Assert.Equal(new DateTime(2014, 9, 29, 16, 30, 0, DateTimeKind.Utc), reading.Articles[1].PublishedAtUtc);
    }

    [Fact]
    public async Task A_story_mentioning_Ruichang_and_Wuning_counts_for_both()
    {
        Server.Serve("/rss/jx.xml", PeopleRss, "application/rss+xml; charset=utf-8");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/jx.xml");

        var investment = Assert.Single(reading.Articles, a => a.Title.StartsWith("九江各县区", StringComparison.Ordinal));
        Assert.Equal([Wuning, Ruichang], investment.CountyCodes.Order());
    }

    [Fact]
    public async Task A_story_about_no_county_is_dropped_but_counted_as_read()
    {
        Server.Serve("/rss/jx.xml", PeopleRss, "application/rss+xml; charset=utf-8");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/jx.xml");

        Assert.DoesNotContain(reading.Articles, a => a.Title.Contains("南昌地铁", StringComparison.Ordinal));
        Assert.Equal(3, reading.ItemsRead);
    }

    [Fact]
    public async Task A_gb2312_declared_feed_whose_bytes_are_GB18030_is_read_without_losing_characters()
    {
        // 镕 is in GBK but not GB2312, 䶮 only in GB18030 (four bytes): a GB2312 decoder would turn both into "?".
        const string title = "瑞昌“镕铜铸史”铜文化展开幕，“䶮”字碑拓片首次亮相";
        var feed = $"""
            <?xml version="1.0" encoding="gb2312"?>
            <rss version="2.0"><channel><title>九江新闻网</title>
              <item><title>{title}</title><link>http://www.jjxw.cn/xw/rc/201409/t20140930_1.html</link>
                <description>瑞昌市博物馆展出碑拓精品。</description><pubDate>2014-09-30 08:00:00</pubDate></item>
            </channel></rss>
            """;
        var bytes = Gb18030().GetBytes(feed);
        // The test data must really need GB18030: read as GBK (code page 936) it would be wrong.
        Assert.DoesNotContain(title, Encoding.GetEncoding(936).GetString(bytes), StringComparison.Ordinal);
        Server.Serve("/rss/gbk.xml", bytes, "text/xml");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/gbk.xml");

        var article = Assert.Single(reading.Articles);
        Assert.Equal(title, article.Title);
        Assert.Equal([Ruichang], article.CountyCodes);
    }

    [Fact]
    public async Task A_GBK_feed_that_the_server_mislabels_as_UTF_8_is_read_by_its_own_declaration()
    {
        var feed = """
            <?xml version="1.0" encoding="GBK"?>
            <rss version="2.0"><channel><title>今视网</title>
              <item><title>瑞昌剪纸入选省级非物质文化遗产名录</title><link>http://www.jxntv.cn/news/20140930/1.shtml</link></item>
            </channel></rss>
            """;
        Server.Serve("/rss/mislabelled.xml", Gb18030().GetBytes(feed), "application/xml; charset=utf-8");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/mislabelled.xml");

        Assert.Equal("瑞昌剪纸入选省级非物质文化遗产名录", Assert.Single(reading.Articles).Title);
    }

    [Fact]
    public async Task A_UTF_16_feed_with_a_byte_order_mark_is_read_whatever_the_header_says()
    {
        var feed = """
            <?xml version="1.0" encoding="utf-16"?>
            <rss version="2.0"><channel><title>中国江西网</title>
              <item><title>瑞昌铜岭遗址考古新发现</title><link>http://jiujiang.jxnews.com.cn/system/2014/09/30/1.shtml</link></item>
            </channel></rss>
            """;
        Server.Serve("/rss/utf16.xml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(feed)], "text/xml; charset=gbk");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/utf16.xml");

        Assert.Equal("瑞昌铜岭遗址考古新发现", Assert.Single(reading.Articles).Title);
    }

    [Fact]
    public async Task An_Atom_feed_gives_its_entries_with_alternate_links_resolved_against_the_feed()
    {
        const string atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>新华网江西频道</title>
              <updated>2014-09-30T12:00:00+08:00</updated>
              <entry>
                <title type="html">&lt;b&gt;瑞昌&lt;/b&gt;：秋收时节稻谷飘香</title>
                <link rel="enclosure" href="/photos/1.jpg"/>
                <link rel="alternate" type="text/html" href="/2014-09/30/c_1112694.htm"/>
                <id>tag:jx.xinhuanet.com,2014:1112694</id>
                <published>2014-09-30T10:15:00+08:00</published>
                <updated>2014-09-30T11:00:00+08:00</updated>
                <summary>瑞昌市各乡镇迎来晚稻收割高峰。</summary>
              </entry>
              <entry>
                <title>武宁县打造“最美乡村”</title>
                <link href="http://www.jx.xinhuanet.com/2014-09/29/c_1112680.htm"/>
                <updated>2014-09-29T18:00:00Z</updated>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>武宁县西海湾畔……</p></div></content>
              </entry>
            </feed>
            """;
        Server.Serve("/atom/jx.xml", atom, "application/atom+xml");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/atom/jx.xml");

        Assert.Equal(2, reading.Articles.Count);
        var harvest = reading.Articles[0];
        Assert.Equal("瑞昌：秋收时节稻谷飘香", harvest.Title);
        Assert.Equal(Server.Url("/2014-09/30/c_1112694.htm").AbsoluteUri, harvest.Url);
        Assert.Equal(new DateTime(2014, 9, 30, 2, 15, 0, DateTimeKind.Utc), harvest.PublishedAtUtc);
        Assert.Equal([Ruichang], harvest.CountyCodes);
        var village = reading.Articles[1];
        Assert.Equal(new DateTime(2014, 9, 29, 18, 0, 0, DateTimeKind.Utc), village.PublishedAtUtc);
        Assert.Equal([Wuning], village.CountyCodes);
    }

    [Fact]
    public async Task An_RSS_1_0_feed_gives_its_items_beside_the_channel()
    {
        const string rdf = """
            <?xml version="1.0" encoding="utf-8"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="http://www.jxcn.cn/"><title>中国江西网</title><link>http://www.jxcn.cn/</link></channel>
              <item rdf:about="http://www.jxcn.cn/system/2014/09/30/1.shtml">
                <title>瑞昌市获评全省平安县市</title>
                <link>http://www.jxcn.cn/system/2014/09/30/1.shtml</link>
                <dc:date>2014-09-30T09:00:00+08:00</dc:date>
              </item>
            </rdf:RDF>
            """;
        Server.Serve("/rss/rdf.xml", rdf, "application/rdf+xml");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/rdf.xml");

        var article = Assert.Single(reading.Articles);
        Assert.Equal("瑞昌市获评全省平安县市", article.Title);
        Assert.Equal(new DateTime(2014, 9, 30, 1, 0, 0, DateTimeKind.Utc), article.PublishedAtUtc);
    }

    [Fact]
    public async Task Lenient_dates_are_read_and_a_date_without_zone_is_Shanghai_time_and_no_date_stays_undated()
    {
        const string feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>九江传媒网</title>
              <item><title>瑞昌新闻一</title><link>http://www.jjcmw.cn/1.html</link><pubDate>2014-09-30 08:00:00</pubDate></item>
              <item><title>瑞昌新闻二</title><link>http://www.jjcmw.cn/2.html</link><pubDate>2014/9/30 8:00</pubDate></item>
              <item><title>瑞昌新闻三</title><link>http://www.jjcmw.cn/3.html</link><pubDate>2014年09月30日 08:00</pubDate></item>
              <item><title>瑞昌新闻四</title><link>http://www.jjcmw.cn/4.html</link><pubDate>Tue, 30 Sep 2014 08:00:00 CST</pubDate></item>
              <item><title>瑞昌新闻五</title><link>http://www.jjcmw.cn/5.html</link><pubDate>Tue, 30 Sep 2014 00:00:00 GMT</pubDate></item>
              <item><title>瑞昌新闻六</title><link>http://www.jjcmw.cn/6.html</link></item>
              <item><title>瑞昌新闻七</title><link>http://www.jjcmw.cn/7.html</link><pubDate>前天</pubDate></item>
            </channel></rss>
            """;
        Server.Serve("/rss/dates.xml", feed, "application/rss+xml");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/dates.xml");

        var dates = reading.Articles.Select(a => a.PublishedAtUtc).ToList();
        var eightInRuichang = new DateTime(2014, 9, 30, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal([eightInRuichang, eightInRuichang, eightInRuichang, eightInRuichang, eightInRuichang], dates.Take(5));
        Assert.Equal([null, null], dates.Skip(5));
    }

    [Fact]
    public async Task The_same_story_twice_in_a_feed_with_tracking_parameters_or_a_trailing_slash_is_one_article()
    {
        const string feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>九江新闻网</title>
              <item><title>瑞昌市召开重点项目推进会</title><link>http://www.jjxw.cn/xw/rc/2014/0930/42.html</link></item>
              <item><title>瑞昌市召开重点项目推进会（转载）</title><link>https://www.jjxw.cn/xw/rc/2014/0930/42.html/?utm_source=rss&amp;utm_medium=feed</link></item>
              <item><title>瑞昌市召开重点项目推进会</title><link>HTTP://WWW.JJXW.CN/xw/rc/2014/0930/42.html#comment</link></item>
            </channel></rss>
            """;
        Server.Serve("/rss/dupes.xml", feed, "application/rss+xml");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/dupes.xml");

        var article = Assert.Single(reading.Articles);
        Assert.Equal("https://www.jjxw.cn/xw/rc/2014/0930/42.html", article.CanonicalUrl);
        Assert.Equal("瑞昌市召开重点项目推进会", article.Title);
        Assert.Equal(3, reading.ItemsRead);
    }

    [Fact]
    public async Task A_feed_with_an_external_entity_fails_and_the_file_it_points_to_is_never_read()
    {
        var secret = Path.Combine(Host.Database.Folder, "secret.txt");
        await File.WriteAllTextAsync(secret, "root:x:0:0:瑞昌机密");
        var feed = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY passwd SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>&xxe;</title>
              <item><title>瑞昌 &xxe; &passwd;</title><link>http://www.jjxw.cn/1.html</link><description>&xxe;</description></item>
            </channel></rss>
            """;
        Server.Serve("/rss/xxe.xml", feed, "application/rss+xml");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/xxe.xml"));

        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 2 行", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("瑞昌机密", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("root:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_billion_laughs_feed_fails()
    {
        const string feed = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <rss version="2.0"><channel><item><title>瑞昌 &lol9;</title><link>http://www.jjxw.cn/1.html</link></item></channel></rss>
            """;
        Server.Serve("/rss/lol.xml", feed, "application/rss+xml");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/lol.xml"));

        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
    }

    // Sixty empty comments: the DOCTYPE check this replaced, a regular expression, backtracked over every
    // way of grouping them (2^60) whenever no DOCTYPE followed.
    private static readonly string ManyComments = string.Concat(Enumerable.Repeat("<!---->", 60));

    [Fact]
    public async Task A_DOCTYPE_after_a_prolog_of_many_comments_is_refused_saying_where_it_is()
    {
        var feed = $"""
            <?xml version="1.0" encoding="utf-8"?>
            {ManyComments}
              <!DOCTYPE rss [<!ENTITY lol "lol">]>
            <rss version="2.0"><channel><item><title>瑞昌 &lol;</title><link>http://www.jjxw.cn/1.html</link></item></channel></rss>
            """;
        Server.Serve("/rss/prolog.xml", feed, "application/rss+xml");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/prolog.xml"));

        Assert.StartsWith("订阅源含有 DTD（<!DOCTYPE>，第 3 行第 3 列），出于安全原因拒绝解析：", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prolog_of_many_comments_without_a_DOCTYPE_is_read()
    {
        var feed = $"""
            <?xml version="1.0" encoding="utf-8"?>
            {ManyComments}
            <rss version="2.0"><channel><item><title>瑞昌召开创文推进会</title><link>http://www.jjxw.cn/1.html</link></item></channel></rss>
            """;
        Server.Serve("/rss/prolog.xml", feed, "application/rss+xml");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/prolog.xml");

        Assert.Equal("瑞昌召开创文推进会", Assert.Single(reading.Articles).Title);
    }

    [Fact]
    public async Task A_feed_of_twenty_thousand_unterminated_CDATA_sections_fails_as_malformed()
    {
        // Quadratic for the entity repair's backtracking pattern: each "<![CDATA[" searched to the end for "]]>".
        var feed = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><item><title>瑞昌</title><description>{string.Concat(Enumerable.Repeat("<![CDATA[", 20_000))}&nbsp;
            """;
        Server.Serve("/rss/cdata.xml", feed, "application/rss+xml");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/cdata.xml"));

        Assert.StartsWith("订阅源格式错误（第 ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_XML_fails_with_the_line_and_column_of_the_fault()
    {
        const string feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0">
              <channel>
                <title>九江新闻网</title>
                <item>
                  <title>瑞昌新闻</title>
                  <link>http://www.jjxw.cn/1.html</link>
                </itme>
              </channel>
            </rss>
            """;
        Server.Serve("/rss/broken.xml", feed, "application/rss+xml");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/broken.xml"));

        Assert.StartsWith("订阅源格式错误（第 8 行第 ", error.Message, StringComparison.Ordinal);
        Assert.Contains("/rss/broken.xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HTML_entities_and_bare_ampersands_that_Chinese_CMSs_put_in_feeds_are_repaired()
    {
        const string feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>瑞昌新闻网</title>
              <item><title>瑞昌&nbsp;“百姓大舞台”&mdash;广场文艺演出</title>
                <link>http://www.rcxw.gov.cn/show.asp?id=1024&classid=3</link></item>
            </channel></rss>
            """;
        Server.Serve("/rss/sloppy.xml", feed, "application/rss+xml");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/sloppy.xml");

        var article = Assert.Single(reading.Articles);
        Assert.Equal("瑞昌 “百姓大舞台”—广场文艺演出", article.Title);
        Assert.Equal("https://www.rcxw.gov.cn/show.asp?classid=3&id=1024", article.CanonicalUrl);
    }

    [Fact]
    public async Task An_HTML_page_where_a_feed_should_be_fails_saying_it_is_not_a_feed()
    {
        Server.Serve("/rss/moved.xml", "<html><head><title>404</title></head><body><p>页面不存在</p></body></html>", "text/html");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/moved.xml"));

        Assert.Contains("不是 RSS 或 Atom 订阅源", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_never_show_the_feed_address_query_where_access_keys_travel()
    {
        Server.Serve("/rss/moved.xml", "<html><body>页面不存在</body></html>", "text/html");
        Server.Serve("/rss/broken.xml", "<rss><channel><item>", "application/rss+xml");
        Server.Serve("/rss/dtd.xml", "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x \"y\">]><rss/>", "application/rss+xml");

        var notAFeed = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/moved.xml?access_key=SECRET"));
        var malformed = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.OwnSite, "/rss/broken.xml?access_key=SECRET"));
        var doctype = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/dtd.xml?access_key=SECRET"));
        var notHttp = await Assert.ThrowsAsync<SourceConfigurationException>(() => new FeedAdapter(Host.Http).ReadAsync(
            new Channel { Kind = ChannelKinds.NewsFeed, Name = "人民网", CountyId = RuichangId(), Url = "ftp://feeds.example/rss.xml?access_key=SECRET" },
            Host.Context(),
            CancellationToken.None));

        Assert.All(new Exception[] { notAFeed, malformed, doctype, notHttp }, e => Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal));
        Assert.Contains(Server.Url("/rss/moved.xml").AbsoluteUri, notAFeed.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://feeds.example/rss.xml", notHttp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_answering_HTTP_404_fails_with_the_status()
    {
        Server.Serve("/rss/gone.xml", "Not Found", "text/plain", status: 404);

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/gone.xml"));

        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_keywords_option_keeps_only_stories_with_one_of_its_words()
    {
        Server.Serve("/rss/jx.xml", PeopleRss, "application/rss+xml");

        var reading = await ReadAsync(ChannelKinds.NewsFeed, "/rss/jx.xml", """{"keywords": ["招商", "签约"]}""");

        Assert.Equal("九江各县区秋季招商引资成果丰硕", Assert.Single(reading.Articles).Title);
        Assert.Equal(3, reading.ItemsRead);
    }

    [Fact]
    public async Task Every_story_on_the_county_own_site_is_its_own_and_only_its_own()
    {
        const string feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>瑞昌新闻网</title>
              <item><title>市委常委会召开专题会议</title><link>http://www.rcxw.gov.cn/xw/1.html</link><pubDate>2014-09-30 18:00</pubDate></item>
              <item><title>我市与武宁县签订旅游合作协议</title><link>http://www.rcxw.gov.cn/xw/2.html</link><pubDate>2014-09-30 19:00</pubDate></item>
            </channel></rss>
            """;
        Server.Serve("/rss/own.xml", feed, "application/rss+xml");

        var reading = await ReadAsync(ChannelKinds.OwnSite, "/rss/own.xml", """{"mode": "feed"}""");

        Assert.Equal(2, reading.Articles.Count);
        Assert.All(reading.Articles, a => Assert.Equal([Ruichang], a.CountyCodes));
    }

    [Fact]
    public async Task An_own_site_without_a_mode_is_read_as_a_feed()
    {
        Server.Serve("/rss/own.xml", PeopleRss, "application/rss+xml");

        var reading = await ReadAsync(ChannelKinds.OwnSite, "/rss/own.xml");

        Assert.Equal(3, reading.Articles.Count);
    }

    [Fact]
    public async Task An_unknown_own_site_mode_is_a_configuration_error_naming_mode()
    {
        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => ReadAsync(ChannelKinds.OwnSite, "/rss/own.xml", """{"mode": "rss"}"""));

        Assert.Contains("mode", error.Message, StringComparison.Ordinal);
        Assert.Contains("瑞昌新闻网", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_channel_without_a_URL_is_a_configuration_error_naming_the_Url()
    {
        var channel = new Channel { Kind = ChannelKinds.NewsFeed, Name = "人民网", CountyId = RuichangId() };

        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => new FeedAdapter(Host.Http).ReadAsync(channel, Host.Context(), CancellationToken.None));

        Assert.Equal("渠道「人民网」缺少订阅源地址（Url）。", error.Message);
    }

    [Theory]
    [InlineData("""{"keywords": 3}""", "keywords")]
    [InlineData("""{"keywords": [1, 2]}""", "keywords")]
    [InlineData("""["keywords"]""", "JSON 对象")]
    [InlineData("""{"keywords": ["瑞昌"]""", "不是有效的 JSON")]
    public async Task Wrong_options_are_a_configuration_error_saying_which(string options, string named)
    {
        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => ReadAsync(ChannelKinds.NewsFeed, "/rss/jx.xml", options));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Server.Hits("/rss/jx.xml"));
    }

    private async Task<SourceReading> ReadAsync(string kind, string path, string options = "{}")
    {
        var channel = new Channel
        {
            Kind = kind,
            Name = kind == ChannelKinds.OwnSite ? "瑞昌新闻网" : "人民网",
            CountyId = RuichangId(),
            Url = Server.Url(path).AbsoluteUri,
            OptionsJson = options,
        };
        ISourceAdapter adapter = kind == ChannelKinds.OwnSite ? new OwnSiteAdapter(Host.Http) : new FeedAdapter(Host.Http);
        Assert.Contains(kind, adapter.Kinds);
        return await adapter.ReadAsync(channel, Host.Context(), CancellationToken.None);
    }

    private int RuichangId() => Host.Context().Counties.Single(c => c.Code == Ruichang).Id;

    private static Encoding Gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
