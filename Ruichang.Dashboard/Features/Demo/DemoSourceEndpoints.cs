using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// The demo sources under <c>/demo/…</c>, in the formats of the real ones, so that a demo start, in
/// any environment, shows the whole collection pipeline working: a Weibo open API v2
/// (<c>users/show</c>, <c>statuses/user_timeline</c>), an RSS 2.0 feed per outlet and for the own
/// site (中国江西网's in GB18030 bytes declared as <c>gb2312</c>), the mobile paper's and the WeChat
/// account's counter JSON, and the commentator platform's CSV export. The figures come from
/// <see cref="DemoSourceFigures"/>.
/// </summary>
public static class DemoSourceEndpoints
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Maps the demo sources when <c>Demo:Enabled</c> is on, and nothing otherwise. They are fake
    /// public sources that the collectors call without a sign-in, hence anonymous.
    /// </summary>
    public static IEndpointRouteBuilder MapDemoSources(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        var demo = endpoints.MapGroup("/" + DemoSourceLinks.PathPrefix.TrimEnd('/')).AllowAnonymous().ExcludeFromDescription();
        var weibo = demo.MapGroup("/" + DemoSourceLinks.WeiboApiPath.TrimEnd('/'));
        weibo.MapGet("/users/show.json", WeiboUserAsync);
        weibo.MapGet("/statuses/user_timeline.json", WeiboTimelineAsync);
        demo.MapGet("/feeds/{slug}.xml", FeedAsync);
        demo.MapGet("/" + DemoSourceLinks.MobilePaperPath, MobilePaperAsync);
        demo.MapGet("/" + DemoSourceLinks.WeChatPath, WeChatAsync);
        demo.MapGet("/" + DemoSourceLinks.CommentatorExportPath, CommentatorExportAsync);
        return endpoints;
    }

    // ---- Weibo open API v2 ------------------------------------------------------------------

    private sealed record WeiboUser(long Id, string Idstr, string ScreenName, string Name, string Location, long FollowersCount, int FriendsCount, long StatusesCount, bool Verified);

    private sealed record WeiboStatus(long Id, string Idstr, string CreatedAt, string Text, int RepostsCount, int CommentsCount, int AttitudesCount);

    private sealed record WeiboStatuses(IReadOnlyList<WeiboStatus> Statuses, long TotalNumber);

    private sealed record WeiboError(string Error, int ErrorCode, string Request);

    internal static async Task<IResult> WeiboUserAsync(
        string? uid, [FromQuery(Name = "access_token")] string? accessToken, DemoSourceFigures figures, CancellationToken ct)
    {
        const string request = "/2/users/show.json";
        if (WeiboRefusal(uid, accessToken, request) is { } refusal)
        {
            return refusal;
        }

        if (await figures.WeiboUserAsync(uid!, ct) is not { } user)
        {
            return WeiboFailure(400, "User does not exists!", 20003, request);
        }

        return TypedResults.Json(
            new WeiboUser(long.Parse(user.Uid, CultureInfo.InvariantCulture), user.Uid, user.ScreenName, user.ScreenName, "江西 九江",
                user.FollowersCount, user.FriendsCount, user.StatusesCount, Verified: true),
            Json);
    }

    internal static async Task<IResult> WeiboTimelineAsync(
        string? uid, [FromQuery(Name = "access_token")] string? accessToken, int? count, int? page, DemoSourceFigures figures, CancellationToken ct)
    {
        const string request = "/2/statuses/user_timeline.json";
        if (WeiboRefusal(uid, accessToken, request) is { } refusal)
        {
            return refusal;
        }

        if (await figures.WeiboTimelineAsync(uid!, ct) is not { } timeline)
        {
            return WeiboFailure(400, "User does not exists!", 20003, request);
        }

        // As the real API: 20 a page unless asked, at most 100, pages from 1; past the end an empty page.
        var size = Math.Clamp(count ?? 20, 1, 100);
        var skip = (long)(Math.Max(page ?? 1, 1) - 1) * size;
        var statuses = timeline.Posts.Skip((int)Math.Min(skip, int.MaxValue)).Take(size)
            .Select(p => new WeiboStatus(p.Id, p.Id.ToString(CultureInfo.InvariantCulture), WeiboDate(p.CreatedAtLocal), p.Text, p.Reposts, p.Comments, p.Likes))
            .ToList();
        return TypedResults.Json(new WeiboStatuses(statuses, timeline.TotalNumber), Json);
    }

    private static JsonHttpResult<WeiboError>? WeiboRefusal(string? uid, string? token, string request)
    {
        if (!string.Equals(token, DemoSourceLinks.WeiboAccessToken, StringComparison.Ordinal))
        {
            return WeiboFailure(401, "invalid_access_token", 21332, request);
        }

        return string.IsNullOrWhiteSpace(uid) || !long.TryParse(uid, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? WeiboFailure(400, "miss required parameter (uid), see doc for more info.", 10016, request)
            : null;
    }

    private static JsonHttpResult<WeiboError> WeiboFailure(int status, string error, int code, string request) =>
        TypedResults.Json(new WeiboError(error, code, request), Json, statusCode: status);

    /// <summary>Weibo's own date form: <c>Fri Aug 28 00:00:00 +0800 2009</c>.</summary>
    private static string WeiboDate(DateTime local) =>
        local.ToString("ddd MMM dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0800 " + local.ToString("yyyy", CultureInfo.InvariantCulture);

    // ---- RSS 2.0 feeds ----------------------------------------------------------------------

    internal static async Task<IResult> FeedAsync(string slug, DemoSourceFigures figures, CancellationToken ct)
    {
        if (await figures.FeedAsync(slug, ct) is not { } feed)
        {
            return TypedResults.NotFound();
        }

        // 中国江西网 answers as many Chinese sites still do: GB18030 bytes under a gb2312 declaration.
        var gb = slug == DemoSourceLinks.GbFeedSlug;
        var charset = gb ? "gb2312" : "utf-8";
        var encoding = gb ? CodePagesEncodingProvider.Instance.GetEncoding(54936)! : Utf8;
        var xml = $"<?xml version=\"1.0\" encoding=\"{charset}\"?>\n" + Rss(feed);
        return TypedResults.Bytes(encoding.GetBytes(xml), $"application/rss+xml; charset={charset}");
    }

    private static string Rss(DemoFeed feed)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true }))
        {
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteStartElement("channel");
            xml.WriteElementString("title", feed.Title);
            xml.WriteElementString("link", feed.Link);
            xml.WriteElementString("description", $"{feed.Title}（演示订阅源）");
            xml.WriteElementString("language", "zh-cn");
            if (feed.Items.Count > 0)
            {
                xml.WriteElementString("lastBuildDate", RssDate(feed.Items[0].PublishedAtLocal));
            }

            foreach (var item in feed.Items)
            {
                xml.WriteStartElement("item");
                xml.WriteElementString("title", item.Title);
                xml.WriteElementString("link", item.Url);
                xml.WriteElementString("description", $"{item.Title}。详见{feed.Title}报道。");
                xml.WriteElementString("pubDate", RssDate(item.PublishedAtLocal));
                xml.WriteStartElement("guid");
                xml.WriteAttributeString("isPermaLink", "true");
                xml.WriteString(item.Url);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>RFC 822 in the county's offset: <c>Fri, 27 Nov 2026 09:15:00 +0800</c>.</summary>
    private static string RssDate(DateTime local) => local.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0800";

    // ---- counters ---------------------------------------------------------------------------

    private sealed record MobilePaper(long Subscribers, long IssuesThisMonth);

    private sealed record WeChat(long Followers, long ArticlesThisMonth);

    private sealed record CounterAnswer<T>(T Data);

    internal static async Task<IResult> MobilePaperAsync(DemoSourceFigures figures, CancellationToken ct) =>
        await figures.MobilePaperAsync(ct) is { } x
            ? TypedResults.Json(new CounterAnswer<MobilePaper>(new MobilePaper(x.Level, x.ThisMonth)), Json)
            : TypedResults.NotFound();

    internal static async Task<IResult> WeChatAsync(DemoSourceFigures figures, CancellationToken ct) =>
        await figures.WeChatAsync(ct) is { } x
            ? TypedResults.Json(new CounterAnswer<WeChat>(new WeChat(x.Level, x.ThisMonth)), Json)
            : TypedResults.NotFound();

    // ---- commentator export -----------------------------------------------------------------

    internal static async Task<IResult> CommentatorExportAsync(DemoSourceFigures figures, HttpResponse response, CancellationToken ct)
    {
        var csv = new StringBuilder("姓名,编号,单位,任务,日期,转发数,跟帖数\r\n");
        foreach (var t in await figures.CommentatorTasksAsync(ct))
        {
            csv.AppendJoin(',', Cell(t.Name), Cell(t.ExternalId), Cell(t.Unit), Cell(t.Task),
                t.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                t.Reposts.ToString(CultureInfo.InvariantCulture), t.Replies.ToString(CultureInfo.InvariantCulture));
            csv.Append("\r\n");
        }

        // With a BOM, as the platform's export is meant to open in Chinese Excel.
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Utf8.GetBytes(csv.ToString())];
        response.Headers.ContentDisposition = new ExportFileName("commentators", "commentators").ContentDisposition(".csv");
        return TypedResults.File(bytes, "text/csv; charset=utf-8");
    }

    private static string Cell(string? value) =>
        value is null ? ""
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
