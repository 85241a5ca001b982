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
}
