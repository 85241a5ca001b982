using System.Globalization;
using System.Text.Json;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Sources.Weibo;

/// <summary>
/// The Weibo open API v2 as one channel reads it: builds the requests, turns the API's error
/// bodies into Chinese messages with the API's code, and checks the fields it answers with.
/// The access token travels in the query string, as the API wants it, so it is cut out of every
/// message thrown from here, including those the HTTP client builds from the URL.
/// </summary>
internal sealed class WeiboApi(SourceHttpClient http, Uri baseUri, string token, string channelName)
{
    /// <summary>More than any account has (Weibo's largest have a few hundred million followers): a larger count is a broken answer.</summary>
    public const long MaxCount = 2_000_000_000;

    private const string Redacted = "***";

    // The hints an administrator needs for the errors a collector meets in practice.
    private static readonly Dictionary<long, string> Hints = new()
    {
        [10022] = "IP 请求次数超过限制，请稍后再试",
        [10023] = "用户请求次数超过限制，请稍后再试",
        [10024] = "用户请求该接口的次数超过限制，请稍后再试",
        [20003] = "用户不存在，请检查渠道的外部ID（uid）",
        [21314] = "访问令牌已被使用，请更新 Sources:Weibo:AccessToken",
        [21315] = "访问令牌已过期，请更新 Sources:Weibo:AccessToken",
        [21316] = "访问令牌已被撤销，请更新 Sources:Weibo:AccessToken",
        [21317] = "访问令牌被拒绝，请更新 Sources:Weibo:AccessToken",
        [21327] = "访问令牌已过期，请更新 Sources:Weibo:AccessToken",
        [21332] = "访问令牌无效，请更新 Sources:Weibo:AccessToken",
    };

    private static readonly string[] CreatedAtFormats = ["ddd MMM dd HH:mm:ss zzz yyyy", "ddd MMM d HH:mm:ss zzz yyyy"];

    /// <summary>GETs <paramref name="endpoint"/> (relative to the base URL) and returns its JSON object, or throws a <see cref="SourceFetchException"/>.</summary>
    public async Task<JsonElement> GetAsync(string endpoint, string query, CancellationToken ct)
    {
        var url = new Uri(baseUri, $"{endpoint}?{query}&access_token={Uri.EscapeDataString(token)}");
        FetchedResponse response;
        try
        {
            response = await http.GetAsync(url, ct);
        }
        catch (HostNotAllowedException ex)
        {
            throw new HostNotAllowedException(Where(Redact(ex.Message)));
        }
        catch (SourceFetchException ex)
        {
            // Not kept as the inner exception: its message holds the URL, and so the token.
            throw new SourceFetchException(Where(Redact(ex.Message)));
        }

        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(response.Body);
        }
        catch (JsonException)
        {
            // Told apart below: an error status without a JSON body, or a success with a broken one.
        }

        using (document)
        {
            // The API answers errors with 4xx/5xx and this body; a 200 carrying one is an error all the same.
            if (document?.RootElement is { ValueKind: JsonValueKind.Object } error && error.TryGetProperty("error_code", out var code))
            {
                throw ApiError(endpoint, error, code);
            }

            if (!response.IsSuccess)
            {
                throw Fail($"微博接口 {endpoint} 返回 HTTP {(int)response.Status}：{Redact(response.Excerpt())}");
            }

            if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
            {
                throw Fail($"微博接口 {endpoint} 返回的不是有效的 JSON 对象：{Redact(response.Excerpt())}");
            }

            return root.Clone();
        }
    }

    /// <summary>A count the API must have answered: a whole number from 0 to <see cref="MaxCount"/>.</summary>
    public long Count(JsonElement item, string field, string what = "微博接口返回的数据")
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Fail($"{what}缺少 {field}");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var count) || count < 0 || count > MaxCount)
        {
            throw Fail($"{what}中的 {field} 不是合理的数目：{Truncate(value.GetRawText())}");
        }

        return count;
    }

    /// <summary>The posts of one timeline page, in the API's order (newest first, a pinned post possibly before them).</summary>
    public IReadOnlyList<WeiboPost> Posts(JsonElement page, int pageNumber, CountyClock clock)
    {
        if (!page.TryGetProperty("statuses", out var statuses) || statuses.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"微博接口返回的第 {pageNumber} 页时间线缺少 statuses");
        }

        var posts = new List<WeiboPost>(statuses.GetArrayLength());
        var index = 0;
        foreach (var status in statuses.EnumerateArray())
        {
            index++;
            var what = $"微博接口返回的第 {pageNumber} 页第 {index} 条微博";
            if (status.ValueKind != JsonValueKind.Object)
            {
                throw Fail($"{what}不是 JSON 对象");
            }

            // A post deleted after it was listed comes back as a stub without its counts: it is no longer a post.
            if (status.TryGetProperty("deleted", out var deleted) && (deleted.ValueKind == JsonValueKind.True || deleted.ToString() == "1"))
            {
                continue;
            }

            var id = PostId(status) ?? throw Fail($"{what}缺少 id");
            what += $"（id {id}）";
            if (!status.TryGetProperty("created_at", out var createdAt) || createdAt.ValueKind != JsonValueKind.String)
            {
                throw Fail($"{what}缺少 created_at");
            }

            var text = createdAt.GetString()!;
            if (!DateTimeOffset.TryParseExact(text, CreatedAtFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                throw Fail($"{what}的 created_at 不是微博的时间格式（如 Fri Aug 28 00:00:00 +0800 2009）：{Truncate(text)}");
            }

            posts.Add(new WeiboPost(
                id,
                clock.DateOf(instant),
                Count(status, "reposts_count", what),
                Count(status, "comments_count", what),
                Count(status, "attitudes_count", what)));
        }

        return posts;
    }

    private static string? PostId(JsonElement status)
    {
        foreach (var name in (ReadOnlySpan<string>)["id", "idstr", "mid"])
        {
            if (status.TryGetProperty(name, out var id))
            {
                // The raw text of a number: ids pass 2^53 and must not be rounded through a double.
                var text = id.ValueKind switch
                {
                    JsonValueKind.Number => id.GetRawText(),
                    JsonValueKind.String => id.GetString(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return text.Trim();
                }
            }
        }

        return null;
    }

    private SourceFetchException ApiError(string endpoint, JsonElement body, JsonElement code)
    {
        var number = code.ValueKind switch
        {
            JsonValueKind.Number => code.GetRawText(),
            JsonValueKind.String => code.GetString(),
            _ => null,
        };
        var error = body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var request = body.TryGetProperty("request", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var message = $"微博接口错误 {Truncate(number ?? "?")}（{Truncate(error ?? "未说明")}）：{Truncate(request ?? endpoint)}";
        if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var known) && Hints.TryGetValue(known, out var hint))
        {
            message += $"。{hint}";
        }

        return Fail(Redact(message));
    }

    private SourceFetchException Fail(string message) => new(Where(message));

    private string Where(string message) => $"渠道「{channelName}」：{message}";

    private string Redact(string text)
    {
        var escaped = Uri.EscapeDataString(token);
        text = text.Replace(token, Redacted, StringComparison.Ordinal);
        return escaped == token ? text : text.Replace(escaped, Redacted, StringComparison.Ordinal);
    }

    private static string Truncate(string text) => text.Length > 100 ? text[..100] + "…" : text;
}

/// <summary>A post as the month counters need it: its day in the county's calendar and its counts.</summary>
internal sealed record WeiboPost(string Id, DateOnly Date, long Reposts, long Comments, long Likes);
