namespace Ruichang.Dashboard.Domain;

/// <summary>The metric keys of the public surface (design.md); more may be added as data.</summary>
public static class MetricKeys
{
    public const string ArticlePlacements = "article_placements";
    public const string SiteArticles = "site_articles";
    public const string WeiboFollowers = "weibo_followers";
    public const string WeiboPosts = "weibo_posts";
    public const string WeiboReposts = "weibo_reposts";
    public const string WeiboComments = "weibo_comments";
    public const string WeiboLikes = "weibo_likes";
    public const string WeiboBci = "weibo_bci";
    public const string WeChatFollowers = "wechat_followers";
    public const string WeChatArticles = "wechat_articles";
    public const string MobilePaperIssues = "mobile_paper_issues";
    public const string MobilePaperSubscribers = "mobile_paper_subscribers";
    public const string CommentatorCount = "commentator_count";
    public const string CommentatorReposts = "commentator_reposts";
    public const string CommentatorReplies = "commentator_replies";
    public const string OpinionSpecialReports = "opinion_special_reports";
    public const string OpinionBulletins = "opinion_bulletins";
    public const string OpinionHandlingForms = "opinion_handling_forms";
    public const string JournalistVisits = "journalist_visits";

    public static readonly string[] All =
    [
        ArticlePlacements, SiteArticles, WeiboFollowers, WeiboPosts, WeiboReposts, WeiboComments, WeiboLikes,
        WeiboBci, WeChatFollowers, WeChatArticles, MobilePaperIssues, MobilePaperSubscribers, CommentatorCount,
        CommentatorReposts, CommentatorReplies, OpinionSpecialReports, OpinionBulletins, OpinionHandlingForms,
        JournalistVisits,
    ];
}
