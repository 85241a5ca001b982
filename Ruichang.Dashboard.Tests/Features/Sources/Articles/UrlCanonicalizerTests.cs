using Ruichang.Dashboard.Features.Sources.Articles;

namespace Ruichang.Dashboard.Tests.Features.Sources.Articles;

/// <summary>The canonical URL by which a placement is counted once.</summary>
public sealed class UrlCanonicalizerTests
{
    [Theory]
    // Scheme: http and https are one story.
    [InlineData("http://jx.people.com.cn/n/2014/0930/c190260-22477000.html", "https://jx.people.com.cn/n/2014/0930/c190260-22477000.html")]
    [InlineData("HTTPS://jx.people.com.cn/n/2014/0930/c190260-22477000.html", "https://jx.people.com.cn/n/2014/0930/c190260-22477000.html")]
    // Host: lower case, no trailing dot, no default port, no user info; www. kept.
    [InlineData("http://JX.People.COM.cn/n/1.html", "https://jx.people.com.cn/n/1.html")]
    [InlineData("http://www.jjxw.cn./news/1.html", "https://www.jjxw.cn/news/1.html")]
    [InlineData("http://www.jjxw.cn:80/news/1.html", "https://www.jjxw.cn/news/1.html")]
    [InlineData("https://www.jjxw.cn:443/news/1.html", "https://www.jjxw.cn/news/1.html")]
    [InlineData("http://www.jjxw.cn:8080/news/1.html", "https://www.jjxw.cn:8080/news/1.html")]
    [InlineData("http://editor:secret@www.jjxw.cn/news/1.html", "https://www.jjxw.cn/news/1.html")]
    // International host names become punycode.
    [InlineData("http://瑞昌.中国/xw/1.html", "https://xn--0hvr23a.xn--fiqs8s/xw/1.html")]
    // Path: case kept, trailing slash dropped except at the root, dot segments resolved.
    [InlineData("http://www.rcxw.gov.cn/News/RC/", "https://www.rcxw.gov.cn/News/RC")]
    [InlineData("http://www.rcxw.gov.cn", "https://www.rcxw.gov.cn/")]
    [InlineData("http://www.rcxw.gov.cn/", "https://www.rcxw.gov.cn/")]
    [InlineData("http://www.rcxw.gov.cn/a/b/../c/./d.html", "https://www.rcxw.gov.cn/a/c/d.html")]
    // A Java session id in the path is not part of the story.
    [InlineData("http://www.jxnews.com.cn/news/1.html;jsessionid=A1B2C3D4?id=9", "https://www.jxnews.com.cn/news/1.html?id=9")]
    // index pages are different pages on Chinese CMSs: not stripped.
    [InlineData("http://www.rcxw.gov.cn/xwzx/index.html", "https://www.rcxw.gov.cn/xwzx/index.html")]
    [InlineData("http://www.rcxw.gov.cn/xwzx/index.shtml", "https://www.rcxw.gov.cn/xwzx/index.shtml")]
    // Percent-encoding: unreserved escapes decoded, others upper-cased, non-ASCII escaped as UTF-8.
    [InlineData("http://news.jxnews.com.cn/%7erc/a%2db.html", "https://news.jxnews.com.cn/~rc/a-b.html")]
    [InlineData("http://news.jxnews.com.cn/a%2fb.html", "https://news.jxnews.com.cn/a%2Fb.html")]
    [InlineData("http://news.jxnews.com.cn/瑞昌/1.html", "https://news.jxnews.com.cn/%E7%91%9E%E6%98%8C/1.html")]
    [InlineData("http://news.jxnews.com.cn/%e7%91%9e%e6%98%8c/1.html", "https://news.jxnews.com.cn/%E7%91%9E%E6%98%8C/1.html")]
    // Fragment removed, except a client-side route.
    [InlineData("http://www.jjxw.cn/news/1.html#comments", "https://www.jjxw.cn/news/1.html")]
    [InlineData("http://m.jjxw.cn/#/detail/12345", "https://m.jjxw.cn/#/detail/12345")]
    [InlineData("http://m.jjxw.cn/#!/detail/12345", "https://m.jjxw.cn/#!/detail/12345")]
    // Tracking parameters removed; the rest sorted by name.
    [InlineData("http://www.jjxw.cn/show.php?id=42&utm_source=weixin&utm_medium=share", "https://www.jjxw.cn/show.php?id=42")]
    [InlineData("http://www.jjxw.cn/show.php?UTM_Campaign=x&id=42", "https://www.jjxw.cn/show.php?id=42")]
    [InlineData("https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1&sn=abc&chksm=1&scene=21&from=singlemessage&isappinstalled=0&clicktime=1412035200&enterid=1412035200&sharer_sharetime=1412035200&sharer_shareid=f00",
        "https://mp.weixin.qq.com/s?__biz=MzA5&chksm=1&idx=1&mid=2650&sn=abc")]
    [InlineData("https://baijiahao.baidu.com/s?id=1612345678&wfr=spider", "https://baijiahao.baidu.com/s?id=1612345678")]
    [InlineData("http://news.cnjiujiang.com/a.html?spm=a2c4g.1&share=1&share_token=zz&gclid=g&fbclid=f", "https://news.cnjiujiang.com/a.html")]
    [InlineData("http://www.jjxw.cn/show.php?page=2&id=42", "https://www.jjxw.cn/show.php?id=42&page=2")]
    // Repeated names keep their order; generic names (timestamp, t) are content for some CMSs and are kept.
    [InlineData("http://www.jjxw.cn/list?tag=b&id=1&tag=a", "https://www.jjxw.cn/list?id=1&tag=b&tag=a")]
    [InlineData("http://www.jjxw.cn/show?timestamp=1412035200&t=1", "https://www.jjxw.cn/show?t=1&timestamp=1412035200")]
    // An empty query or one of only tracking parameters leaves no '?'.
    [InlineData("http://www.jjxw.cn/news/1.html?", "https://www.jjxw.cn/news/1.html")]
    [InlineData("http://www.jjxw.cn/news/1.html?utm_source=rss&&", "https://www.jjxw.cn/news/1.html")]
    // Query values are escaped the same way, whichever way they arrived.
    [InlineData("http://search.people.com.cn/s?keyword=瑞昌", "https://search.people.com.cn/s?keyword=%E7%91%9E%E6%98%8C")]
    [InlineData("http://search.people.com.cn/s?keyword=%e7%91%9e%e6%98%8c", "https://search.people.com.cn/s?keyword=%E7%91%9E%E6%98%8C")]
    public void Canonicalizes(string url, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(new Uri(url)));

    [Fact]
    public void The_same_story_spelt_five_ways_has_one_canonical_url()
    {
        string[] spellings =
        [
            "http://www.jjxw.cn/news/2014/0930/1.html",
            "https://WWW.JJXW.CN/news/2014/0930/1.html/",
            "http://www.jjxw.cn:80/news/2014/0930/1.html?utm_source=rss#top",
            "https://www.jjxw.cn/news/2014/0930/%31.html?from=timeline&isappinstalled=0",
            "http://www.jjxw.cn/news/2014/./0930/1.html",
        ];

        Assert.Single(spellings.Select(s => UrlCanonicalizer.Canonicalize(new Uri(s))).Distinct());
    }

    [Fact]
    public void A_different_case_in_the_path_is_a_different_page() =>
        Assert.NotEqual(
            UrlCanonicalizer.Canonicalize(new Uri("http://www.rcxw.gov.cn/News/1.html")),
            UrlCanonicalizer.Canonicalize(new Uri("http://www.rcxw.gov.cn/news/1.html")));

    [Fact]
    public void A_url_longer_than_the_column_is_cut_to_450_with_a_stable_hash()
    {
        var longUrl = "http://www.jjxw.cn/search?q=" + new string('x', 600);
        var otherLongUrl = "http://www.jjxw.cn/search?q=" + new string('x', 599) + "y";

        var first = UrlCanonicalizer.Canonicalize(new Uri(longUrl));

        Assert.Equal(UrlCanonicalizer.MaxLength, first.Length);
        Assert.StartsWith("https://www.jjxw.cn/search?q=xxx", first, StringComparison.Ordinal);
        Assert.Equal(first, UrlCanonicalizer.Canonicalize(new Uri(longUrl)));
        Assert.NotEqual(first, UrlCanonicalizer.Canonicalize(new Uri(otherLongUrl)));
    }

    [Fact]
    public void A_url_of_exactly_450_characters_is_left_whole()
    {
        var url = "https://www.jjxw.cn/" + new string('a', UrlCanonicalizer.MaxLength - "https://www.jjxw.cn/".Length);

        Assert.Equal(url, UrlCanonicalizer.Canonicalize(new Uri(url)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/news/1.html")]
    [InlineData("javascript:void(0)")]
    [InlineData("mailto:rcxw@163.com")]
    [InlineData("ftp://www.jjxw.cn/1.html")]
    public void Anything_but_an_absolute_http_url_is_refused(string url)
    {
        Assert.False(UrlCanonicalizer.TryCanonicalize(url, out var canonical));
        Assert.Equal("", canonical);
    }

    [Fact]
    public void TryCanonicalize_trims_and_canonicalizes()
    {
        Assert.True(UrlCanonicalizer.TryCanonicalize("  http://www.jjxw.cn/news/1.html?utm_source=rss \n", out var canonical));
        Assert.Equal("https://www.jjxw.cn/news/1.html", canonical);
    }

    [Fact]
    public void Canonicalize_refuses_a_relative_url() =>
        Assert.Throws<ArgumentException>(() => UrlCanonicalizer.Canonicalize(new Uri("/news/1.html", UriKind.Relative)));
}
