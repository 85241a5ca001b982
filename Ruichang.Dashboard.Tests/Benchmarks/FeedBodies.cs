using System.Globalization;
using System.Text;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>
/// The feeds of the feed benchmarks: 200 RSS feeds of 50 items, 15 of each (after the first) repeating a
/// story of the feed before it with tracking parameters, so 30 % of the 10,000 items are duplicates.
/// </summary>
internal sealed class FeedBodies
{
    public const int Feeds = 200, PerFeed = 50, DuplicatesPerFeed = 15;

    private FeedBodies(byte[][] bodies, int unique)
    {
        Bodies = bodies;
        Unique = unique;
    }

    public IReadOnlyList<byte[]> Bodies { get; }

    /// <summary>How many different stories the feeds hold.</summary>
    public int Unique { get; }

    public static FeedBodies Create()
    {
        var bodies = new byte[Feeds][];
        var unique = 0;
        var today = DateTime.UtcNow;
        for (var f = 0; f < Feeds; f++)
        {
            var items = new StringBuilder();
            for (var i = 0; i < PerFeed; i++)
            {
                // 15 items of each feed repeat a story of the feed before it, with tracking parameters.
                var story = i < DuplicatesPerFeed && f > 0 ? ((f - 1) * (PerFeed - DuplicatesPerFeed)) + i : unique++;
                var tracking = i < DuplicatesPerFeed && f > 0 ? "?utm_source=feed&amp;spm=1" : "";
                items.Append(CultureInfo.InvariantCulture, $"<item><title>瑞昌新闻第{story}条：铜岭遗址保护与山药产业发展</title><link>https://www.jjxw.cn/news/{story}.html{tracking}</link><description>瑞昌市推进重点项目建设</description><pubDate>{today.AddMinutes(-story):R}</pubDate></item>");
            }

            bodies[f] = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>九江新闻网</title>{items}</channel></rss>");
        }

        return new FeedBodies(bodies, unique);
    }

    /// <summary>Serves feed <c>f</c> at <c>/feeds/f.xml</c>, each answer after <paramref name="latency"/>; returns their URLs in order.</summary>
    public IReadOnlyList<Uri> Serve(LoopbackServer server, TimeSpan latency)
    {
        for (var f = 0; f < Bodies.Count; f++)
        {
            var body = Bodies[f];
            server.Map($"/feeds/{f}.xml", async context =>
            {
                if (latency > TimeSpan.Zero)
                {
                    await Task.Delay(latency, context.RequestAborted);
                }

                context.Response.ContentType = "application/rss+xml; charset=utf-8";
                await context.Response.Body.WriteAsync(body, context.RequestAborted);
            });
        }

        return [.. Enumerable.Range(0, Bodies.Count).Select(f => server.Url($"/feeds/{f}.xml"))];
    }
}
