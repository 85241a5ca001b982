using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Localization;

namespace Ruichang.Dashboard.Features.Channels;

/// <summary>What each channel kind (<see cref="ChannelKinds"/>) is called on the pages and in messages.</summary>
public static class ChannelKindNames
{
    private static readonly Dictionary<string, (string Zh, string En)> Names = new(StringComparer.Ordinal)
    {
        [ChannelKinds.Weibo] = ("政务微博", "Weibo account"),
        [ChannelKinds.WeChat] = ("微信公众号", "WeChat account"),
        [ChannelKinds.NewsFeed] = ("新闻源（RSS/Atom）", "News feed"),
        [ChannelKinds.NewsPage] = ("新闻网页（列表/搜索）", "News list page"),
        [ChannelKinds.OwnSite] = ("本地新闻网", "Own news site"),
        [ChannelKinds.MobilePaper] = ("手机报", "Mobile newspaper"),
        [ChannelKinds.CommentatorPlatform] = ("网评员平台", "Commentator platform"),
        [ChannelKinds.RankingList] = ("排行榜", "Ranking list"),
    };

    /// <summary>The kind's Chinese name, for messages that are always Chinese.</summary>
    public static string Chinese(string kind) => Names.TryGetValue(kind, out var name) ? name.Zh : kind;

    /// <summary>The kind's name in the current UI language.</summary>
    public static string Label(string kind) => Names.TryGetValue(kind, out var name) ? Ui.Text(name.Zh, name.En) : kind;
}
