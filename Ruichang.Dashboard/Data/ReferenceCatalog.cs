using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Data;

/// <summary>
/// The reference rows every installation starts with: Jiujiang's counties and districts, the metric
/// definitions of the design and the home county's channels from its 2014 work summary. They are
/// inserted when missing, matched on their natural keys, and never overwritten: an administrator's
/// later edits win.
/// </summary>
public static class ReferenceCatalog
{
    public const string HomeCountyCode = "360481";

    public static IReadOnlyList<County> Counties() =>
    [
        new() { Code = "360402", Name = "濂溪区", ShortName = "濂溪", Keywords = "濂溪", DisplayOrder = 1 },
        new() { Code = "360403", Name = "浔阳区", ShortName = "浔阳", Keywords = "浔阳", DisplayOrder = 2 },
        new() { Code = "360404", Name = "柴桑区", ShortName = "柴桑", Keywords = "柴桑,九江县", DisplayOrder = 3 },
        new() { Code = "360423", Name = "武宁县", ShortName = "武宁", Keywords = "武宁", DisplayOrder = 4 },
        new() { Code = "360424", Name = "修水县", ShortName = "修水", Keywords = "修水", DisplayOrder = 5 },
        new() { Code = "360425", Name = "永修县", ShortName = "永修", Keywords = "永修", DisplayOrder = 6 },
        new() { Code = "360426", Name = "德安县", ShortName = "德安", Keywords = "德安", DisplayOrder = 7 },
        new() { Code = "360428", Name = "都昌县", ShortName = "都昌", Keywords = "都昌", DisplayOrder = 8 },
        new() { Code = "360429", Name = "湖口县", ShortName = "湖口", Keywords = "湖口", DisplayOrder = 9 },
        new() { Code = "360430", Name = "彭泽县", ShortName = "彭泽", Keywords = "彭泽", DisplayOrder = 10 },
        new() { Code = HomeCountyCode, Name = "瑞昌市", ShortName = "瑞昌", Keywords = "瑞昌", DisplayOrder = 11, IsHome = true },
        new() { Code = "360482", Name = "共青城市", ShortName = "共青城", Keywords = "共青城", DisplayOrder = 12 },
        new() { Code = "360483", Name = "庐山市", ShortName = "庐山", Keywords = "庐山市,星子县", DisplayOrder = 13 },
    ];

    public static IReadOnlyList<MetricDefinition> Metrics() =>
    [
        Metric(MetricKeys.ArticlePlacements, "稿件刊发", "Article placements", "条", MetricKind.Counter),
        Metric(MetricKeys.SiteArticles, "新闻网发稿", "Own-site stories", "条", MetricKind.Counter),
        Metric(MetricKeys.WeiboFollowers, "微博粉丝", "Weibo followers", "人", MetricKind.Gauge),
        Metric(MetricKeys.WeiboPosts, "微博发布", "Weibo posts", "条", MetricKind.Counter),
        Metric(MetricKeys.WeiboReposts, "微博转发", "Weibo reposts", "次", MetricKind.Counter),
        Metric(MetricKeys.WeiboComments, "微博评论", "Weibo comments", "条", MetricKind.Counter),
        Metric(MetricKeys.WeiboLikes, "微博点赞", "Weibo likes", "次", MetricKind.Counter),
        Metric(MetricKeys.WeiboBci, "微博传播力指数", "Weibo BCI", "分", MetricKind.Gauge),
        Metric(MetricKeys.WeChatFollowers, "微信关注", "WeChat followers", "人", MetricKind.Gauge),
        Metric(MetricKeys.WeChatArticles, "微信发文", "WeChat articles", "篇", MetricKind.Counter),
        Metric(MetricKeys.MobilePaperIssues, "手机报期数", "Mobile-paper issues", "期", MetricKind.Counter),
        Metric(MetricKeys.MobilePaperSubscribers, "手机报用户", "Mobile-paper subscribers", "人", MetricKind.Gauge),
        Metric(MetricKeys.CommentatorCount, "网评员人数", "Commentators", "人", MetricKind.Gauge),
        Metric(MetricKeys.CommentatorReposts, "网评转发", "Commentator reposts", "次", MetricKind.Counter),
        Metric(MetricKeys.CommentatorReplies, "网评跟帖", "Commentator replies", "条", MetricKind.Counter),
        Metric(MetricKeys.OpinionSpecialReports, "舆情专报", "Opinion special reports", "期", MetricKind.Counter),
        Metric(MetricKeys.OpinionBulletins, "舆情信息", "Opinion bulletins", "期", MetricKind.Counter),
        Metric(MetricKeys.OpinionHandlingForms, "舆情处理单", "Opinion handling forms", "份", MetricKind.Counter),
        Metric(MetricKeys.JournalistVisits, "接待记者", "Journalist visits", "次", MetricKind.Counter),
    ];

    /// <summary>
    /// The home county's channels as its 2014 work summary names them. They start disabled: a
    /// collector can read one only once an administrator has given it its URL or account id.
    /// </summary>
    public static IReadOnlyList<Channel> HomeChannels(int homeCountyId) =>
    [
        Outlet(homeCountyId, "人民网"),
        Outlet(homeCountyId, "新华网"),
        Outlet(homeCountyId, "中国广播网"),
        Outlet(homeCountyId, "光明网"),
        Outlet(homeCountyId, "中国江西网"),
        Outlet(homeCountyId, "今视网"),
        Outlet(homeCountyId, "九江新闻网"),
        Outlet(homeCountyId, "九江传媒网"),
        new() { CountyId = homeCountyId, Kind = ChannelKinds.Weibo, Name = "九江瑞昌发布", Platform = "sina", IsEnabled = false },
        // Tencent Weibo stopped serving on 28 September 2020.
        new() { CountyId = homeCountyId, Kind = ChannelKinds.Weibo, Name = "瑞昌市新闻中心", Platform = "tencent", ClosedOn = new DateOnly(2020, 9, 28), IsEnabled = false },
        new() { CountyId = homeCountyId, Kind = ChannelKinds.Weibo, Name = "瑞昌市民生博客", Platform = "jxweibo", IsEnabled = false },
        new() { CountyId = homeCountyId, Kind = ChannelKinds.MobilePaper, Name = "江西手机报瑞昌报", Platform = "jxmobile", OpenedOn = new DateOnly(2014, 2, 1), IsEnabled = false },
        new() { CountyId = homeCountyId, Kind = ChannelKinds.CommentatorPlatform, Name = "瑞昌网评员队伍", Platform = "qq-group", IsEnabled = false },
        new() { CountyId = homeCountyId, Kind = ChannelKinds.OwnSite, Name = "瑞昌新闻网", OpenedOn = new DateOnly(2014, 7, 9), IsEnabled = false },
        new() { CountyId = homeCountyId, Kind = ChannelKinds.WeChat, Name = "瑞昌市新闻中心", Platform = "wechat", OpenedOn = new DateOnly(2014, 11, 1), IsEnabled = false },
    ];

    private static MetricDefinition Metric(string key, string name, string nameEn, string unit, MetricKind kind)
    {
        var order = Array.IndexOf(MetricKeys.All, key) + 1;
        return new() { Key = key, Name = name, NameEn = nameEn, Unit = unit, Kind = kind, DisplayOrder = order };
    }

    private static Channel Outlet(int countyId, string name) =>
        new() { CountyId = countyId, Kind = ChannelKinds.NewsFeed, Name = name, IsEnabled = false };
}
