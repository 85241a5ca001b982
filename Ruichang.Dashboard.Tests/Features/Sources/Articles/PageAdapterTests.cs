using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Articles;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Articles;

/// <summary>News sites' list and search pages read with CSS selectors, through the real HTTP client from a server on loopback.</summary>
public sealed class PageAdapterTests() : CollectorTest(CollectedAt)
{
    private const string Ruichang = "360481";
    private const string Wuning = "360423";
    private static readonly DateTimeOffset CollectedAt = new(2014, 10, 8, 2, 0, 0, TimeSpan.Zero);

    private const string JjxwList = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><title>瑞昌新闻_九江新闻网</title></head>
        <body>
          <div class="nav"><a href="/">首页</a> &gt; <a href="/xw/">新闻</a> &gt; 瑞昌</div>
          <ul class="news">
            <li><a href="/xw/rc/201409/t20140930_1.html" title="瑞昌市召开2014年第三季度重点项目建设推进会暨现场观摩会">瑞昌市召开2014年第三季度重点项目…</a><span class="date">2014-09-30</span></li>
            <li><a href="http://www.jjxw.cn/xw/rc/201409/t20140929_2.html?utm_source=list" title="点击查看">武宁、瑞昌两地签订生态旅游合作协议</a><span class="date">2014-09-29</span></li>
            <li><a href="./t20140928_3.html">庐山西海风景区国庆游客量创新高</a><span class="date">2014-09-28</span></li>
            <li><a href="javascript:void(0)">瑞昌新闻客户端下载</a></li>
          </ul>
          <div class="pages"><a href="index_1.html">下一页</a></div>
        </body>
        </html>
        """;

    private const string JjxwOptions = """
        {"itemSelector": "ul.news li", "linkSelector": "a", "linkAttribute": "href", "dateSelector": "span.date", "dateFormat": "yyyy-MM-dd"}
        """;

    [Fact]
    public async Task A_UTF_8_list_page_gives_the_stories_its_selectors_find_with_full_titles_resolved_links_and_local_dates()
    {
        Server.Serve("/xw/rc/index.html", JjxwList, "text/html; charset=utf-8");

        var reading = await ReadAsync("/xw/rc/index.html", JjxwOptions);

        Assert.Equal(4, reading.ItemsRead);
        Assert.Equal(2, reading.Articles.Count);
        var meeting = reading.Articles[0];
        Assert.Equal("瑞昌市召开2014年第三季度重点项目建设推进会暨现场观摩会", meeting.Title);
        Assert.Equal(Server.Url("/xw/rc/201409/t20140930_1.html").AbsoluteUri, meeting.Url);
        Assert.Equal(new DateTime(2014, 9, 29, 16, 0, 0, DateTimeKind.Utc), meeting.PublishedAtUtc);
        Assert.Equal([Ruichang], meeting.CountyCodes);
        var tourism = reading.Articles[1];
        Assert.Equal("武宁、瑞昌两地签订生态旅游合作协议", tourism.Title);
        Assert.Equal("https://www.jjxw.cn/xw/rc/201409/t20140929_2.html", tourism.CanonicalUrl);
        Assert.Equal([Wuning, Ruichang], tourism.CountyCodes.Order());
    }

    [Fact]
    public async Task A_county_named_only_in_the_full_title_attribute_of_a_cut_title_is_found()
    {
        const string page = """
            <html><head><meta charset="utf-8"></head><body><ul class="news">
            <li><a href="/xw/1.html" title="全市秋季征兵工作表彰大会召开 瑞昌市人武部获评先进单位">全市秋季征兵工作表彰大会召开…</a></li>
            </ul></body></html>
            """;
        Server.Serve("/xw/", page, "text/html; charset=utf-8");

        var reading = await ReadAsync("/xw/", """{"itemSelector": "ul.news li"}""");

        Assert.Equal([Ruichang], Assert.Single(reading.Articles).CountyCodes);
    }

    [Fact]
    public async Task A_GBK_page_declared_by_meta_http_equiv_is_decoded_before_parsing()
    {
        const string page = """
            <html>
            <head>
            <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
            <title>今视网-九江频道</title>
            </head>
            <body>
            <table class="list">
              <tr><td class="t"><a href="/news/20140930/1.shtml">瑞昌市举行庆祝新中国成立65周年升旗仪式</a></td><td class="d">[2014-09-30 08:30]</td></tr>
              <tr><td class="t"><a href="/news/20140929/2.shtml">武宁县“镕金”茶叶获博览会金奖</a></td><td class="d">[2014-09-29 17:05]</td></tr>
            </table>
            </body>
            </html>
            """;
        Server.Serve("/jiujiang/list.shtml", Gb18030().GetBytes(page), "text/html");

        var reading = await ReadAsync("/jiujiang/list.shtml", """{"itemSelector": "table.list tr", "titleSelector": "td.t a", "linkSelector": "td.t a", "dateSelector": "td.d"}""");

        Assert.Equal(["瑞昌市举行庆祝新中国成立65周年升旗仪式", "武宁县“镕金”茶叶获博览会金奖"], reading.Articles.Select(a => a.Title));
        Assert.Equal([[Ruichang], [Wuning]], reading.Articles.Select(a => a.CountyCodes));
        Assert.Equal(new DateTime(2014, 9, 30, 0, 30, 0, DateTimeKind.Utc), reading.Articles[0].PublishedAtUtc);
    }

    [Fact]
    public async Task A_meta_charset_GBK_page_is_decoded_too()
    {
        const string page = """
            <!DOCTYPE html><html><head><meta charset="GBK"><title>中国江西网</title></head>
            <body><div class="list"><h3><a href="/system/2014/09/30/013344.shtml">瑞昌：铜岭铜矿遗址入选全国重点文物保护单位</a></h3></div></body></html>
            """;
        Server.Serve("/jiujiang/", Gb18030().GetBytes(page), "text/html");

        var reading = await ReadAsync("/jiujiang/", """{"itemSelector": "div.list h3"}""");

        Assert.Equal("瑞昌：铜岭铜矿遗址入选全国重点文物保护单位", Assert.Single(reading.Articles).Title);
    }

    [Fact]
    public async Task Two_pages_of_a_search_are_read_through_the_page_and_URL_encoded_keyword_placeholders()
    {
        var queries = new ConcurrentBag<string>();
        Server.Map("/search", async context =>
        {
            queries.Add(context.Request.QueryString.Value ?? "");
            var page = context.Request.Query["page"].ToString();
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(SearchResults(
                ($"/n/2014/0930/c{page}001.html", $"瑞昌市第{page}页新闻甲"),
                ($"/n/2014/0930/c{page}002.html", $"瑞昌市第{page}页新闻乙")));
        });

        var reading = await ReadAsync("/search?keyword={keyword}&page={page}", """{"keyword": "瑞昌", "pages": 2, "itemSelector": "div.result", "titleSelector": "h3 a", "linkSelector": "h3 a", "dateSelector": "span.time"}""");

        Assert.Equal(["瑞昌市第1页新闻甲", "瑞昌市第1页新闻乙", "瑞昌市第2页新闻甲", "瑞昌市第2页新闻乙"], reading.Articles.Select(a => a.Title));
        Assert.Equal(
            ["?keyword=%E7%91%9E%E6%98%8C&page=1", "?keyword=%E7%91%9E%E6%98%8C&page=2"],
            queries.Order(StringComparer.Ordinal));
        Assert.Equal(4, reading.ItemsRead);
    }

    [Fact]
    public async Task A_search_for_a_county_name_counts_a_result_for_that_county_even_when_its_title_does_not_say_so()
    {
        Server.Map("/search", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(SearchResults(("/n/2014/0930/c1.html", "九江市秋季征兵工作全面展开")));
        });

        var reading = await ReadAsync("/search?q={keyword}", """{"keyword": "瑞昌", "itemSelector": "div.result", "linkSelector": "h3 a"}""");

        Assert.Equal([Ruichang], Assert.Single(reading.Articles).CountyCodes);
    }

    [Fact]
    public async Task An_empty_later_page_ends_the_reading_without_failing()
    {
        Server.Map("/list", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(context.Request.Query["p"] == "1"
                ? SearchResults(("/a/1.html", "瑞昌新闻"))
                : SearchResults());
        });

        var reading = await ReadAsync("/list?p={page}", """{"pages": 5, "itemSelector": "div.result", "linkSelector": "h3 a"}""");

        Assert.Single(reading.Articles);
        Assert.Equal(2, Server.Hits("/list"));
    }

    [Fact]
    public async Task A_redesigned_page_where_the_item_selector_finds_nothing_fails_naming_the_itemSelector()
    {
        const string redesigned = """
            <!DOCTYPE html><html><head><meta charset="utf-8"></head>
            <body><div class="article-list"><div class="card"><a href="/xw/1.html">瑞昌新闻</a></div></div></body></html>
            """;
        Server.Serve("/xw/rc/index.html", redesigned, "text/html; charset=utf-8");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/xw/rc/index.html", JjxwOptions));

        Assert.StartsWith("列表页未找到任何条目（itemSelector: ul.news li）", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_without_any_link_fail_naming_the_linkSelector()
    {
        Server.Serve("/xw/rc/index.html", JjxwList, "text/html; charset=utf-8");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/xw/rc/index.html", """{"itemSelector": "ul.news li", "linkSelector": "a.title"}"""));

        Assert.Contains("linkSelector: a.title", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"itemSelector": "ul.news li["}""", "itemSelector")]
    [InlineData("""{"itemSelector": "ul.news li", "titleSelector": "a..title"}""", "titleSelector")]
    [InlineData("""{"itemSelector": "ul.news li", "linkSelector": "h3 a[href"}""", "linkSelector")]
    [InlineData("""{"itemSelector": "ul.news li", "dateSelector": "span.date)"}""", "dateSelector")]
    public async Task A_bad_selector_is_a_configuration_error_naming_it_before_any_request(string options, string named)
    {
        Server.Serve("/xw/rc/index.html", JjxwList, "text/html; charset=utf-8");

        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => ReadAsync("/xw/rc/index.html", options));

        Assert.Contains($"选项 {named} 无效", error.Message, StringComparison.Ordinal);
        Assert.Contains("九江新闻网", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Server.Hits("/xw/rc/index.html"));
    }

    [Theory]
    [InlineData("/xw/rc/index.html", "{}", "缺少选项 itemSelector")]
    [InlineData("/search?q={keyword}", """{"itemSelector": "li"}""", "缺少选项 keyword")]
    [InlineData("/xw/rc/index.html", """{"itemSelector": "li", "pages": 3}""", "选项 pages 无效")]
    [InlineData("/xw/rc/index_{page}.html", """{"itemSelector": "li", "pages": 99}""", "选项 pages 无效")]
    [InlineData("/xw/rc/index.html", """{"itemSelector": "li", "dateFormat": "yyyy-MM-dd %"}""", "选项 dateFormat 无效")]
    [InlineData("/xw/rc/index.html", """{"itemSelector": "li", "urlTemplate": "http://www.jjxw.cn/xw/rc/index_{page}.html"}""", "应填在渠道地址（Url）中")]
    public async Task Wrong_page_options_are_configuration_errors_saying_which(string path, string options, string expected)
    {
        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => ReadAsync(path, options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_own_site_in_page_mode_counts_every_story_for_its_county()
    {
        const string page = """
            <html><head><meta charset="utf-8"></head><body>
            <div id="list"><p><a href="/xw/2014/0930/1.html">市委中心组召开学习会</a> <em>09-30</em></p>
            <p><a href="/xw/2014/0930/2.html">我市干部赴武宁学习考察</a> <em>09-30</em></p></div></body></html>
            """;
        Server.Serve("/xw/", page, "text/html; charset=utf-8");
        var channel = Channel(ChannelKinds.OwnSite, "瑞昌新闻网", "/xw/", """{"mode": "page", "itemSelector": "#list p"}""");

        var reading = await new OwnSiteAdapter(Host.Http).ReadAsync(channel, Host.Context(), CancellationToken.None);

        Assert.Equal(2, reading.Articles.Count);
        Assert.All(reading.Articles, a => Assert.Equal([Ruichang], a.CountyCodes));
        Assert.All(reading.Articles, a => Assert.Null(a.PublishedAtUtc));
    }

    [Fact]
    public async Task Failures_never_show_the_list_page_query_where_access_keys_travel()
    {
        Server.Serve("/search", "<html><body><p>没有找到相关结果</p></body></html>", "text/html");
        Server.Serve("/links", "<html><body><ul class=\"news\"><li>瑞昌新闻</li></ul></body></html>", "text/html");

        var noItems = await Assert.ThrowsAsync<SourceFetchException>(
            () => ReadAsync("/search?page={page}&access_key=SECRET", """{"itemSelector": "div.result"}"""));
        var noLinks = await Assert.ThrowsAsync<SourceFetchException>(
            () => ReadAsync("/links?access_key=SECRET", """{"itemSelector": "ul.news li"}"""));
        var ftp = Channel(ChannelKinds.NewsPage, "九江新闻网", "", """{"itemSelector": "li"}""");
        ftp.Url = "ftp://search.example/s?page={page}&access_key=SECRET";
        var notHttp = await Assert.ThrowsAsync<SourceConfigurationException>(() => new PageAdapter(Host.Http).ReadAsync(ftp, Host.Context(), CancellationToken.None));

        Assert.All(new Exception[] { noItems, noLinks, notHttp }, e => Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal));
        Assert.Contains(Server.Url("/search").AbsoluteUri, noItems.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://search.example/s", notHttp.Message, StringComparison.Ordinal);
    }

    private static string SearchResults(params (string Href, string Title)[] results)
    {
        var html = new StringBuilder("""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>人民网搜索</title></head><body><div id="results">
            """);
        foreach (var (href, title) in results)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"""<div class="result"><h3><a href="{href}" target="_blank">{title}</a></h3><p>……征兵体检工作有序推进……</p><span class="time">2014-09-30 10:00</span></div>""");
        }

        return html.Append("</div></body></html>").ToString();
    }

    private Task<SourceReading> ReadAsync(string path, string options) =>
        new PageAdapter(Host.Http).ReadAsync(Channel(ChannelKinds.NewsPage, "九江新闻网", path, options), Host.Context(), CancellationToken.None);

    private Channel Channel(string kind, string name, string path, string options) => new()
    {
        Kind = kind,
        Name = name,
        CountyId = Host.Context().Counties.Single(c => c.Code == Ruichang).Id,
        // The template keeps its braces: Uri would escape them.
        Url = Server.BaseUri.AbsoluteUri.TrimEnd('/') + path,
        OptionsJson = options,
    };

    private static Encoding Gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
