namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// A yearly figure from 2014 on: a counter's full-year total or a gauge's December level. Past the
/// table the last value changes by <paramref name="GrowthAfter"/> a year, so the history never runs out.
/// </summary>
internal sealed record Curve(double GrowthAfter, params double[] Values)
{
    public double At(int year)
    {
        var i = Math.Max(0, year - DemoHistory.FirstYear);
        return i < Values.Length ? Values[i] : Values[^1] * Math.Pow(1 + GrowthAfter, i - Values.Length + 1);
    }
}

/// <summary>
/// The shape of the demo history. Ruichang's 2014 values are the department's own year-end summary;
/// the later years are invented but follow what happened to county new media: Weibo grew and then
/// levelled off, Tencent Weibo faded and closed in 2020, WeChat took over, the mobile paper peaked
/// around 2018, and 2020 had fewer visits and more stories.
/// </summary>
internal static class DemoCurves
{
    // 稿件刊发: "2000余条" in 2014.
    public static readonly Curve ArticlePlacements = new(0.02, 2046, 2210, 2390, 2560, 2700, 2780, 2960, 2900, 2860, 2960, 3070, 3130, 3190);

    /// <summary>The eight outlets of the summary and their share of the placements.</summary>
    public static readonly (string Outlet, double Share)[] OutletShares =
    [
        ("人民网", 0.06), ("新华网", 0.07), ("中国广播网", 0.05), ("光明网", 0.05),
        ("中国江西网", 0.22), ("今视网", 0.14), ("九江新闻网", 0.23), ("九江传媒网", 0.18),
    ];

    // 瑞昌新闻网: 1,409 stories from its opening on 9 July 2014; the curve is a full year's worth.
    public const int SiteArticles2014 = 1409;
    public static readonly Curve SiteArticles = new(-0.01, 2940, 3080, 3230, 3300, 3380, 3380, 3470, 3400, 3300, 3230, 3170, 3110, 3080);

    /// <summary>Ruichang's three Weibo accounts: posts a year, December followers, and reactions per post.</summary>
    public static readonly WeiboAccount[] WeiboAccounts =
    [
        new("sina",
            Posts: new(-0.01, 3100, 3600, 4000, 4200, 4300, 4200, 4400, 4100, 3900, 3800, 3700, 3650, 3600),
            FollowersBefore: 11200,
            Followers: new(0.03, 17836, 28500, 41000, 56000, 72000, 86000, 98000, 108000, 116000, 123000, 129000, 134000, 138000),
            RepostsPerPost: new(0, 2.6, 3.0, 3.5, 4.0, 4.4, 4.8, 5.2, 5.0, 4.8, 4.6, 4.5, 4.4, 4.3),
            CommentsPerPost: new(0, 1.1, 1.3, 1.5, 1.8, 2.0, 2.2, 2.5, 2.4, 2.3, 2.2, 2.2, 2.1, 2.1),
            LikesPerPost: new(0, 1.8, 2.6, 4.0, 6.0, 8.0, 10.0, 12.0, 13.0, 13.5, 14.0, 14.0, 14.5, 14.5)),
        new("tencent",
            Posts: new(-0.2, 1900, 1500, 900, 520, 300, 200, 160),
            FollowersBefore: 6900,
            Followers: new(-0.01, 9215, 10600, 11300, 11500, 11420, 11310, 11250),
            RepostsPerPost: new(0, 1.5, 1.3, 1.0, 0.8, 0.6, 0.5, 0.4),
            CommentsPerPost: new(0, 0.8, 0.7, 0.5, 0.4, 0.3, 0.3, 0.2),
            LikesPerPost: new(0, 0.5, 0.5, 0.4, 0.3, 0.3, 0.2, 0.2)),
        new("jxweibo",
            Posts: new(-0.03, 846, 720, 610, 520, 450, 400, 380, 360, 340, 320, 300, 290, 280),
            FollowersBefore: 2100,
            Followers: new(0.005, 3429, 4600, 5500, 6200, 6700, 7000, 7200, 7350, 7480, 7590, 7680, 7750, 7800),
            RepostsPerPost: new(0, 0.9, 0.9, 0.8, 0.8, 0.7, 0.7, 0.7),
            CommentsPerPost: new(0, 0.5, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4),
            LikesPerPost: new(0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)),
    ];

    // A typical county's Weibo, summed over its accounts; 2014 matches Ruichang's three (5,846 posts, 30,480 followers).
    public static readonly Curve TypicalWeiboPosts = new(-0.015, 5846, 5820, 5510, 5240, 5050, 4800, 4700, 4460, 4240, 4120, 4000, 3940, 3880);
    public static readonly Curve TypicalWeiboReposts = new(-0.03, 11700, 13000, 15000, 17200, 19200, 20400, 23000, 20500, 18700, 17500, 16700, 16100, 15500);
    public static readonly Curve TypicalWeiboComments = new(-0.02, 5350, 6100, 6700, 7800, 8700, 9400, 11000, 9800, 9000, 8400, 8100, 7700, 7600);
    public static readonly Curve TypicalWeiboLikes = new(0, 6800, 10500, 16700, 25300, 34600, 42200, 52900, 53400, 52700, 53300, 51800, 52900, 52200);
    public const double TypicalWeiboFollowersBefore = 20200;
    public static readonly Curve TypicalWeiboFollowers = new(0.03, 30480, 43000, 56000, 70000, 84000, 96000, 106000, 114000, 121000, 127000, 132000, 136000, 140000);

    // 微信公众号, opened in November 2014.
    public static readonly Curve WeChatArticles = new(0.01, 480, 840, 1200, 1440, 1680, 1800, 1870, 1920, 1920, 1970, 1970, 2020, 2020);
    public static readonly Curve WeChatFollowers = new(0.02, 2600, 12000, 24000, 36000, 46000, 54000, 62000, 68000, 73000, 77000, 80500, 83500, 86000);

    // 江西手机报瑞昌报: 129 issues from February 2014 and 19,000 subscribers in December; it had
    // subscribers before it was renamed, so it starts from 15,800.
    public const int MobilePaperIssues2014 = 129;
    public static readonly Curve MobilePaperIssues = new(0, 141, 150, 152, 156, 156, 156, 154, 150, 150, 150, 150, 150, 150);
    public const double MobilePaperSubscribersBefore = 15800;
    public static readonly Curve MobilePaperSubscribers = new(-0.03, 19000, 21500, 23800, 25200, 25900, 25400, 24600, 23500, 22200, 21000, 20100, 19300, 18700);

    // 网络评论员: 106 members, 15 recommended upward; about 30 reposts and 18 replies a member a month in 2014.
    public const int CommentatorTeam = 106;
    public const int CommentatorsRecommended = 15;
    public const double CommentatorRepostsPerMonth = 30;
    public const double CommentatorRepliesPerMonth = 18;
    public static readonly Curve CommentatorReposts = new(0, 38000, 41800, 45600, 47500, 49400, 49400, 51300, 49400, 47500, 45600, 45600, 45600, 45600);
    public static readonly Curve CommentatorReplies = new(0, 22900, 25200, 27500, 28600, 29800, 29800, 30900, 29800, 28600, 27500, 27500, 27500, 27500);

    // 舆情: 18 special reports, 37 bulletins, 172 handling forms; "70余次" journalist visits.
    public static readonly Curve OpinionSpecialReports = new(0, 18, 21, 24, 22, 20, 19, 23, 21, 18, 17, 16, 16, 16);
    public static readonly Curve OpinionBulletins = new(0, 37, 42, 46, 48, 45, 44, 50, 47, 44, 42, 40, 40, 40);
    public static readonly Curve OpinionHandlingForms = new(0, 172, 186, 205, 214, 198, 190, 226, 210, 196, 188, 180, 176, 172);
    public static readonly Curve JournalistVisits = new(0, 74, 68, 63, 60, 56, 52, 36, 44, 40, 50, 54, 55, 55);

    /// <summary>Spring Festival falls in January or February: fewer stories and posts then.</summary>
    public static readonly double[] Season = [0.95, 0.8, 1.0, 1.0, 1.05, 1.0, 1.0, 0.95, 1.0, 1.05, 1.05, 1.1];
}

internal sealed record WeiboAccount(
    string Platform, Curve Posts, double FollowersBefore, Curve Followers, Curve RepostsPerPost, Curve CommentsPerPost, Curve LikesPerPost);
