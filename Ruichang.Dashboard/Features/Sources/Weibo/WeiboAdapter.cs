using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Sources.Weibo;

/// <summary>
/// Reads a Sina Weibo account (channel kind <c>weibo</c>, platform <c>sina</c>, external id = the
/// account's uid) through the open API v2 at <c>Sources:Weibo:BaseUrl</c> with
/// <c>Sources:Weibo:AccessToken</c>: today's followers (a day figure and the month's latest
/// reading), and posts (also day by day), reposts, comments and likes of the current and previous month from up to
/// <c>Sources:Weibo:TimelinePages</c> pages of the timeline (see <see cref="WeiboTimeline"/> for
/// which months are counted). Other Weibo platforms (Tencent, closed in 2020; Jiangxi Weibo) have
/// no API to read, and a channel of theirs is refused as misconfigured.
/// </summary>
public sealed partial class WeiboAdapter(SourceHttpClient http, IOptionsMonitor<SourcesOptions> options, ILogger<WeiboAdapter> logger) : ISourceAdapter
{
    public const string SinaPlatform = "sina";

    private const int PageSize = 100;

    public IReadOnlyCollection<string> Kinds { get; } = [ChannelKinds.Weibo];

    public async Task<SourceReading> ReadAsync(Channel channel, SourceContext context, CancellationToken ct)
    {
        var uid = Uid(channel);
        var settings = options.CurrentValue.Weibo;
        var token = settings.AccessToken?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            throw new SourceConfigurationException($"渠道「{channel.Name}」无法采集：没有设置微博接口的访问令牌 Sources:Weibo:AccessToken。");
        }

        var api = new WeiboApi(http, BaseUri(settings.BaseUrl), token, channel.Name);
        var today = context.Clock.Today;
        var account = "uid=" + uid;

        var user = await api.GetAsync("users/show.json", account, ct);
        var followers = api.Count(user, "followers_count");

        var timeline = new WeiboTimeline(today);
        var pages = 0;
        while (pages < settings.TimelinePages)
        {
            pages++;
            var page = await api.GetAsync("statuses/user_timeline.json", FormattableString.Invariant($"{account}&count={PageSize}&page={pages}"), ct);
            if (!timeline.Add(api.Posts(page, pages, context.Clock)))
            {
                break;
            }
        }

        foreach (var month in timeline.UncoveredMonths())
        {
            LogMonthNotCovered(channel.Id, pages, month);
        }

        List<FigureReading> figures =
        [
            new(MetricKeys.WeiboFollowers, Period.Day(today), followers),
            // A gauge: the month's figure is its latest reading.
            new(MetricKeys.WeiboFollowers, Period.MonthOf(today), followers),
        ];
        foreach (var month in timeline.CoveredMonths())
        {
            figures.Add(new(MetricKeys.WeiboPosts, month.Month, month.Posts));
            figures.Add(new(MetricKeys.WeiboReposts, month.Month, month.Reposts));
            figures.Add(new(MetricKeys.WeiboComments, month.Month, month.Comments));
            figures.Add(new(MetricKeys.WeiboLikes, month.Month, month.Likes));
            // Each day's posts beside the month's: a month's figure is its month reading, the days are for comparing
            // the same days of two months.
            figures.AddRange(timeline.DailyPosts(month.Month, today).Select(d => new FigureReading(MetricKeys.WeiboPosts, Period.Day(d.Day), d.Posts)));
        }

        return new SourceReading { Figures = figures, ItemsRead = 1 + timeline.PostCount };
    }

    /// <summary>
    /// One account's BCI for <paramref name="month"/> from the figures of one read, or null when
    /// the read did not count that month. The county's BCI is computed over the totals of all its
    /// accounts, not from these.
    /// </summary>
    internal static double? AccountBci(IEnumerable<FigureReading> figures, Period month)
    {
        var values = figures.Where(f => f.Period == month).ToDictionary(f => f.MetricKey, f => f.Value, StringComparer.Ordinal);
        return values.TryGetValue(MetricKeys.WeiboPosts, out var posts)
            && values.TryGetValue(MetricKeys.WeiboReposts, out var reposts)
            && values.TryGetValue(MetricKeys.WeiboComments, out var comments)
            && values.TryGetValue(MetricKeys.WeiboLikes, out var likes)
            ? WeiboIndex.Bci(posts, reposts, comments, likes)
            : null;
    }

    private static string Uid(Channel channel)
    {
        // No platform given: a Weibo account is a Sina one, the only platform left with an API.
        var platform = channel.Platform?.Trim();
        if (!string.IsNullOrEmpty(platform) && !string.Equals(platform, SinaPlatform, StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceConfigurationException(
                $"渠道「{channel.Name}」的平台 {platform} 没有可采集的接口：只能采集新浪微博（平台 {SinaPlatform}）的账号，其他平台的数据请手工录入或停用该渠道。");
        }

        var uid = channel.ExternalId?.Trim();
        if (string.IsNullOrEmpty(uid))
        {
            throw new SourceConfigurationException($"渠道「{channel.Name}」缺少外部ID（externalId）：应填写该微博账号的 uid。");
        }

        if (uid.Length > 20 || !uid.All(char.IsAsciiDigit))
        {
            throw new SourceConfigurationException($"渠道「{channel.Name}」的外部ID（externalId）\"{uid}\" 不是微博账号的数字 uid。");
        }

        return uid;
    }

    private static Uri BaseUri(string baseUrl) =>
        // Without the final slash, "https://api.weibo.com/2" would resolve "users/show.json" beside "2", not under it.
        new(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute);

    [LoggerMessage(Level = LogLevel.Information, Message = "Weibo channel {ChannelId}: {Pages} timeline page(s) did not reach back to the start of {Month}; that month is left as it was")]
    private partial void LogMonthNotCovered(int channelId, int pages, Period month);
}
