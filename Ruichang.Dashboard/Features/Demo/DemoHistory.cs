using System.Globalization;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Overview;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>A channel of the figure's county, by its natural key (kind and name).</summary>
public sealed record DemoChannelRef(string Kind, string Name);

/// <summary>One figure: a county's (or one of its channels') value of a metric for a month (or, for the home Weibo accounts' followers, a day).</summary>
public sealed record DemoFigure(string CountyCode, string MetricKey, DemoChannelRef? Channel, Period Period, double Value);

public sealed record DemoCommentatorMonth(DateOnly Month, int Reposts, int Replies);

public sealed record DemoCommentator(
    string Name, string Unit, string ExternalId, DateOnly JoinedOn, bool IsRecommended, IReadOnlyList<DemoCommentatorMonth> Activity);

/// <summary>
/// A placed story on the channel named <see cref="Outlet"/> (an outlet's feed, or the own site with
/// <see cref="Kind"/> <c>own-site</c>); <see cref="PublishedAtLocal"/> is in the county's time zone.
/// </summary>
public sealed record DemoArticle(string Outlet, string Url, string Title, DateTime PublishedAtLocal, string Kind = ChannelKinds.NewsFeed);

/// <summary>One task of one commentator as the commentator platform's export lists it.</summary>
public sealed record DemoCommentatorTask(string Name, string? ExternalId, string? Unit, string Task, DateOnly Date, int Reposts, int Replies);

public sealed record DemoRankingEntry(
    int Rank, string AccountName, string? CountyCode, double Score, double Influence, double Activity, double Coverage, double Spread);

public sealed record DemoRanking(
    string ListName, string Publisher, string PeriodLabel, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly PublishedOn, IReadOnlyList<DemoRankingEntry> Entries);

/// <summary>
/// Everything the demo holds up to <see cref="Through"/>, keyed by codes and names rather than
/// database ids; <see cref="CommentatorTasks"/> are every task of the months the overview compares the
/// current month with (<see cref="OverviewQueries.ComparedMonths"/>) and the current month's tasks done so far.
/// </summary>
public sealed record DemoDataSet(
    Period Through,
    IReadOnlyList<DemoFigure> Figures,
    IReadOnlyList<DemoCommentator> Commentators,
    IReadOnlyList<DemoArticle> Articles,
    IReadOnlyList<DemoRanking> Rankings,
    IReadOnlyList<DemoCommentatorTask> CommentatorTasks);

/// <summary>
/// Generates the demo history: monthly figures from January 2014 to the current month for every
/// county of Jiujiang, Ruichang's commentators, its latest placed stories and the provincial Weibo
/// ranking of 2014 Q3. Pure and deterministic: the same moment gives the same data in every process,
/// and a later moment only adds — a year's figures are drawn as a whole from that year's own seed, so
/// a month's value never depends on how far the history reaches.
/// </summary>
/// <remarks>
/// <para>Ruichang's 2014 matches its year-end work summary (2,000+ placements, 1,409 site stories from
/// 9 July, 30,000+ Weibo followers and 5,800+ posts over three accounts, 129 mobile-paper issues
/// and 19,000 subscribers, 106 commentators of whom 15 recommended, 18/37/172 opinion reports,
/// 70+ journalist visits) and leads Jiujiang in Weibo followers throughout 2014. A figure that a
/// collector reads from a channel sits on that channel — Ruichang's outlets, Weibo accounts, news
/// site, WeChat account and mobile paper, and each peer's Weibo account (<see cref="PeerWeiboChannel"/>) —
/// because a collector writes its month at the channel and a county-level figure beside it would
/// stand for the county in their place (<see cref="FigureRules"/>). Everything else (commentators, opinion work, the peers' other figures, the index)
/// is at county level.</para>
/// <para>The current month ends at the moment given (<see cref="DemoSchedule"/>): its counters hold
/// what has happened by then, on the same schedule the demo sources serve, and its gauges the level
/// reached by then; the current month's stories and commentator tasks are all there, so that the
/// stored items add up to the month's figures as a collector's would.</para>
/// </remarks>
public sealed class DemoHistory
{
    public const int FirstYear = 2014;
    public static readonly Period FirstMonth = Period.Month(FirstYear, 1);

    // Months of stories: the year before the current month, down to its same month a year before.
    private const int ArticleMonths = 12;

    private const string HomeCode = ReferenceCatalog.HomeCountyCode;

    // The first day of the home channels' daily readings (AddGaugeDays, AddCounterDays).
    private static readonly DateOnly ReadDailySince = new(2025, 1, 1);

    private static readonly HashSet<string> Gauges =
        ReferenceCatalog.Metrics().Where(m => m.Kind == MetricKind.Gauge).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);

    private static readonly DemoChannelRef HomeSinaAccount =
        ReferenceCatalog.HomeChannels(0).Where(c => c.Kind == ChannelKinds.Weibo && c.Platform == "sina").Select(c => new DemoChannelRef(c.Kind, c.Name)).Single();

    private readonly Period _through;
    private readonly List<DemoFigure> _figures = [];
    private List<DemoCommentator> _commentators = [];

    // A county's figure per metric and month, summed over its channels (the rule a gauge and a
    // counter share for one month): the Weibo index and the peers' 2014 followers are built from it.
    private readonly Dictionary<(string County, string Metric, Period Period), double> _totals = [];

    private DemoHistory(Period through) => _through = through;

    /// <summary>The history up to <paramref name="nowLocal"/> (the county's local time): the current month ends there.</summary>
    public static DemoDataSet Generate(DateTime nowLocal) => Build(Period.MonthOf(DateOnly.FromDateTime(nowLocal)), nowLocal);

    /// <summary>The history through <paramref name="through"/> with that month whole: the months the demo sources spread over time.</summary>
    internal static DemoDataSet WholeMonths(Period through) => Build(through, null);

    private static DemoDataSet Build(Period through, DateTime? now)
    {
        if (through < FirstMonth)
        {
            return new DemoDataSet(through, [], [], [], [], []);
        }

        var history = new DemoHistory(through);
        history.AddHome();
        foreach (var county in ReferenceCatalog.Counties().Where(c => c.Code != HomeCode))
        {
            history.AddPeer(county.Code);
        }

        var at = now ?? DemoSchedule.EndOf(through);
        history.AddGaugeDays(at);
        history.AddCounterDays(at);
        var articles = history.Articles(at);
        var (previous, lastYear) = OverviewQueries.ComparedMonths(through);
        List<DemoCommentatorTask> tasks = [.. history.TasksOf(previous), .. history.TasksOf(lastYear), .. history.EndCurrentMonthAt(at)];
        foreach (var county in ReferenceCatalog.Counties())
        {
            history.AddWeiboIndex(county.Code);
        }

        return new DemoDataSet(through, history._figures, history._commentators, articles, [Ranking()], tasks);
    }

    /// <summary>
    /// A peer county's official Weibo account ("武宁发布"): the channel the demo puts the peer's Weibo
    /// figures on, so that collecting the account live replaces the demo's month instead of adding to it.
    /// </summary>
    public static DemoChannelRef PeerWeiboChannel(string countyCode)
    {
        var county = ReferenceCatalog.Counties().Single(c => c.Code == countyCode);
        return new DemoChannelRef(ChannelKinds.Weibo, county.ShortName + "发布");
    }

    /// <summary>
    /// The handful of stories of <paramref name="month"/> the demo places on the outlets (the latest
    /// placed stories of past months), also those still to come that month; the outlets' feeds carry them.
    /// </summary>
    public static IReadOnlyList<DemoArticle> ArticlesOf(Period month)
    {
        var articles = new List<DemoArticle>();
        if (month < FirstMonth)
        {
            return articles;
        }

        var outlets = DemoCurves.OutletShares;
        var rng = DemoRandom.For("articles", ReferenceCatalog.HomeCountyCode, (month.Start.Year * 100) + month.Start.Month);
        var count = 4 + rng.Next(2);
        for (var i = 0; i < count; i++)
        {
            var outlet = PickOutlet(rng.NextDouble() * outlets.Sum(o => o.Share));
            var date = month.Start.AddDays(rng.Next(month.End.Day));
            var time = new TimeOnly(rng.Next(8, 21), rng.Next(60));
            var id = rng.Next(10_000_000, 100_000_000);
            var title = DemoCatalog.TitlePrefixes[rng.Next(DemoCatalog.TitlePrefixes.Length)] + DemoCatalog.TitleTopics[rng.Next(DemoCatalog.TitleTopics.Length)];
            articles.Add(new DemoArticle(outlet, DemoCatalog.StoryUrl(outlet, date, id), title, date.ToDateTime(time)));
        }

        return articles;
    }

    private void AddHome()
    {
        const string code = HomeCode;
        var channels = ReferenceCatalog.HomeChannels(0);
        Channel Of(string kind) => channels.Single(c => c.Kind == kind);

        // These series were drawn at county level before they moved onto their channels; they keep
        // their county's random streams, so every value stays what it was.
        Place OnChannel(string kind) => new(new DemoChannelRef(kind, Of(kind).Name), code);

        AddArticlePlacements(code);
        foreach (var year in Years())
        {
            Counter(code, MetricKeys.SiteArticles, OnChannel(ChannelKinds.OwnSite), SpanOf(Of(ChannelKinds.OwnSite)), year,
                DemoCurves.SiteArticles.At(year), year == FirstYear ? DemoCurves.SiteArticles2014 : null);
        }

        foreach (var account in DemoCurves.WeiboAccounts)
        {
            AddWeiboAccount(code, channels.Single(c => c.Kind == ChannelKinds.Weibo && c.Platform == account.Platform), account);
        }

        var weChat = SpanOf(Of(ChannelKinds.WeChat));
        Counters(code, MetricKeys.WeChatArticles, weChat, DemoCurves.WeChatArticles.At, OnChannel(ChannelKinds.WeChat).Channel);
        Gauge(code, MetricKeys.WeChatFollowers, OnChannel(ChannelKinds.WeChat), weChat, DemoCurves.WeChatFollowers.At, before: 0);

        var mobilePaper = SpanOf(Of(ChannelKinds.MobilePaper));
        foreach (var year in Years())
        {
            Counter(code, MetricKeys.MobilePaperIssues, OnChannel(ChannelKinds.MobilePaper), mobilePaper, year,
                DemoCurves.MobilePaperIssues.At(year), year == FirstYear ? DemoCurves.MobilePaperIssues2014 : null);
        }

        Gauge(code, MetricKeys.MobilePaperSubscribers, OnChannel(ChannelKinds.MobilePaper), mobilePaper, DemoCurves.MobilePaperSubscribers.At, DemoCurves.MobilePaperSubscribersBefore);

        _commentators = AddCommentators(code);
        Counters(code, MetricKeys.OpinionSpecialReports, ActiveSpan.Always, DemoCurves.OpinionSpecialReports.At);
        Counters(code, MetricKeys.OpinionBulletins, ActiveSpan.Always, DemoCurves.OpinionBulletins.At);
        Counters(code, MetricKeys.OpinionHandlingForms, ActiveSpan.Always, DemoCurves.OpinionHandlingForms.At);
        Counters(code, MetricKeys.JournalistVisits, ActiveSpan.Always, DemoCurves.JournalistVisits.At);
    }

    private void AddArticlePlacements(string code)
    {
        var outlets = DemoCurves.OutletShares;
        foreach (var year in Years())
        {
            var months = CounterYear(DemoRandom.For(MetricKeys.ArticlePlacements, code, year), year, ActiveSpan.Always, DemoCurves.ArticlePlacements.At(year), null);
            var split = DemoRandom.For("article_split", code, year);
            var perOutlet = outlets.Select(_ => new double?[12]).ToArray();
            for (var m = 0; m < 12; m++)
            {
                var weights = outlets.Select(o => o.Share * split.Between(0.7, 1.3)).ToArray();
                var parts = DemoRandom.Allocate((int)(months[m] ?? 0), weights);
                for (var i = 0; i < outlets.Length; i++)
                {
                    perOutlet[i][m] = parts[i];
                }
            }

            for (var i = 0; i < outlets.Length; i++)
            {
                Emit(code, MetricKeys.ArticlePlacements, new DemoChannelRef(ChannelKinds.NewsFeed, outlets[i].Outlet), year, perOutlet[i]);
            }
        }
    }

    private void AddWeiboAccount(string code, Channel channel, WeiboAccount account)
    {
        var reference = Place.Of(code, new DemoChannelRef(channel.Kind, channel.Name));
        var span = SpanOf(channel);
        foreach (var year in Years().TakeWhile(y => !(span.ClosedOn?.Year < y)))
        {
            var posts = Counter(code, MetricKeys.WeiboPosts, reference, span, year, account.Posts.At(year));
            Reactions(code, MetricKeys.WeiboReposts, reference, year, posts, account.RepostsPerPost.At(year));
            Reactions(code, MetricKeys.WeiboComments, reference, year, posts, account.CommentsPerPost.At(year));
            Reactions(code, MetricKeys.WeiboLikes, reference, year, posts, account.LikesPerPost.At(year));
        }

        Gauge(code, MetricKeys.WeiboFollowers, reference, span, account.Followers.At, account.FollowersBefore);
    }

    private void Reactions(string code, string metric, Place place, int year, double?[] posts, double perPost)
    {
        var rng = DemoRandom.For(metric, place.Seed, year);
        var values = new double?[12];
        for (var m = 0; m < 12; m++)
        {
            var noise = rng.Between(0.8, 1.2);
            if (posts[m] is { } p)
            {
                values[m] = Math.Round(p * perPost * noise);
            }
        }

        Emit(code, metric, place.Channel, year, values);
    }

    private List<DemoCommentator> AddCommentators(string code)
    {
        var rng = DemoRandom.For("commentators", code);
        var members = new List<(string Name, string Unit, DateOnly Joined, double Level)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (members.Count < DemoCurves.CommentatorTeam)
        {
            var name = DemoCatalog.Surnames[rng.Next(DemoCatalog.Surnames.Length)] + DemoCatalog.GivenNames[rng.Next(DemoCatalog.GivenNames.Length)];
            var unit = DemoCatalog.Units[rng.Next(DemoCatalog.Units.Length)];
            var joined = new DateOnly(FirstYear, 1, rng.Next(2, 29));
            var level = rng.Between(0.4, 1.6);
            if (names.Add(name))
            {
                members.Add((name, unit, joined, level));
            }
        }

        // The most active members are the ones recommended upward.
        var recommended = members.OrderByDescending(x => x.Level).Take(DemoCurves.CommentatorsRecommended).Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        var activity = members.Select(_ => new List<DemoCommentatorMonth>()).ToArray();
        foreach (var year in Years())
        {
            var repostGrowth = DemoCurves.CommentatorReposts.At(year) / DemoCurves.CommentatorReposts.At(FirstYear);
            var replyGrowth = DemoCurves.CommentatorReplies.At(year) / DemoCurves.CommentatorReplies.At(FirstYear);
            var reposts = new double?[12];
            var replies = new double?[12];
            for (var i = 0; i < members.Count; i++)
            {
                var monthly = DemoRandom.For("commentator_activity", members[i].Name, year);
                for (var m = 0; m < 12; m++)
                {
                    var scale = members[i].Level * DemoCurves.Season[m];
                    var r = (int)Math.Round(DemoCurves.CommentatorRepostsPerMonth * repostGrowth * scale * monthly.Between(0.6, 1.4));
                    var p = (int)Math.Round(DemoCurves.CommentatorRepliesPerMonth * replyGrowth * scale * monthly.Between(0.6, 1.4));
                    var month = Period.Month(year, m + 1);
                    if (month <= _through)
                    {
                        activity[i].Add(new DemoCommentatorMonth(month.Start, r, p));
                        reposts[m] = (reposts[m] ?? 0) + r;
                        replies[m] = (replies[m] ?? 0) + p;
                    }
                }
            }

            // The county's figures are the members' sums, so the two views never disagree.
            Emit(code, MetricKeys.CommentatorReposts, null, year, reposts);
            Emit(code, MetricKeys.CommentatorReplies, null, year, replies);
        }

        Gauge(code, MetricKeys.CommentatorCount, Place.Of(code, null), ActiveSpan.Always, _ => members.Count, members.Count);
        return [.. members.Select((x, i) => new DemoCommentator(
            x.Name, x.Unit, string.Create(CultureInfo.InvariantCulture, $"RC-WP-{i + 1:000}"), x.Joined, recommended.Contains(x.Name), activity[i]))];
    }

    private void AddPeer(string code)
    {
        var opening = DemoRandom.For("opened", code);
        var site = new ActiveSpan(RandomDate(opening, new(2011, 1, 1), new(2016, 12, 31)), null);
        var weChat = new ActiveSpan(RandomDate(opening, new(2014, 11, 1), new(2016, 6, 30)), null);
        var mobilePaper = new ActiveSpan(RandomDate(opening, new(2012, 1, 1), new(2015, 12, 31)), null);

        PeerCounters(code, MetricKeys.ArticlePlacements, ActiveSpan.Always, DemoCurves.ArticlePlacements);
        PeerCounters(code, MetricKeys.SiteArticles, site, DemoCurves.SiteArticles);
        // The peer's Weibo figures sit on its account, drawn from the county's streams as before.
        var weibo = PeerWeiboChannel(code);
        PeerCounters(code, MetricKeys.WeiboPosts, ActiveSpan.Always, DemoCurves.TypicalWeiboPosts, weibo);
        PeerCounters(code, MetricKeys.WeiboReposts, ActiveSpan.Always, DemoCurves.TypicalWeiboReposts, weibo);
        PeerCounters(code, MetricKeys.WeiboComments, ActiveSpan.Always, DemoCurves.TypicalWeiboComments, weibo);
        PeerCounters(code, MetricKeys.WeiboLikes, ActiveSpan.Always, DemoCurves.TypicalWeiboLikes, weibo);
        AddPeerFollowers(code, weibo);
        PeerCounters(code, MetricKeys.WeChatArticles, weChat, DemoCurves.WeChatArticles);
        PeerGauge(code, MetricKeys.WeChatFollowers, weChat, DemoCurves.WeChatFollowers, typicalBefore: 0, startShare: 0);
        PeerCounters(code, MetricKeys.MobilePaperIssues, mobilePaper, DemoCurves.MobilePaperIssues);
        PeerGauge(code, MetricKeys.MobilePaperSubscribers, mobilePaper, DemoCurves.MobilePaperSubscribers, DemoCurves.MobilePaperSubscribersBefore, startShare: 0.8);
        PeerGauge(code, MetricKeys.CommentatorCount, ActiveSpan.Always, new Curve(0, DemoCurves.CommentatorTeam), DemoCurves.CommentatorTeam, startShare: 1);
        PeerCounters(code, MetricKeys.CommentatorReposts, ActiveSpan.Always, DemoCurves.CommentatorReposts);
        PeerCounters(code, MetricKeys.CommentatorReplies, ActiveSpan.Always, DemoCurves.CommentatorReplies);
        PeerCounters(code, MetricKeys.OpinionSpecialReports, ActiveSpan.Always, DemoCurves.OpinionSpecialReports);
        PeerCounters(code, MetricKeys.OpinionBulletins, ActiveSpan.Always, DemoCurves.OpinionBulletins);
        PeerCounters(code, MetricKeys.OpinionHandlingForms, ActiveSpan.Always, DemoCurves.OpinionHandlingForms);
        PeerCounters(code, MetricKeys.JournalistVisits, ActiveSpan.Always, DemoCurves.JournalistVisits);
    }

    private void AddPeerFollowers(string code, DemoChannelRef weibo)
    {
        var factor = Factors(code, MetricKeys.WeiboFollowers, 0.40, 0.93);

        // In 2014 a peer follows Ruichang's own curve at a fraction below one, so Ruichang leads at
        // every month-end of the year, as its summary says; from 2015 the peers go their own way.
        var values = new double?[12];
        for (var m = 0; m < 12; m++)
        {
            if (_totals.TryGetValue((ReferenceCatalog.HomeCountyCode, MetricKeys.WeiboFollowers, Period.Month(FirstYear, m + 1)), out var home))
            {
                values[m] = Math.Round(home * factor(FirstYear));
            }
        }

        Emit(code, MetricKeys.WeiboFollowers, weibo, FirstYear, values);
        Gauge(code, MetricKeys.WeiboFollowers, new Place(weibo, code), ActiveSpan.Always, y => DemoCurves.TypicalWeiboFollowers.At(y) * factor(y),
            before: DemoCurves.TypicalWeiboFollowers.At(FirstYear) * factor(FirstYear), fromYear: FirstYear + 1);
    }

    private void PeerCounters(string code, string metric, ActiveSpan span, Curve typical, DemoChannelRef? on = null)
    {
        var factor = Factors(code, metric, 0.6, 1.4);
        Counters(code, metric, span, y => typical.At(y) * factor(y), on);
    }

    // typicalBefore: a typical county's level before 2014, for a channel already open then;
    // startShare: the share of its first December level that a channel opened later starts from.
    private void PeerGauge(string code, string metric, ActiveSpan span, Curve typical, double typicalBefore, double startShare)
    {
        var factor = Factors(code, metric, 0.6, 1.4);
        double December(int y) => typical.At(y) * factor(y);
        var before = span.OpenedOn is { } opened && opened.Year >= FirstYear
            ? startShare * December(opened.Year)
            : typicalBefore * factor(FirstYear);
        Gauge(code, metric, Place.Of(code, null), span, December, before);
    }

    /// <summary>
    /// How a peer compares with a typical county, year by year: drawn in [<paramref name="low"/>,
    /// <paramref name="high"/>] for 2014, then drifting a little each year.
    /// </summary>
    private Func<int, double> Factors(string code, string metric, double low, double high)
    {
        var rng = DemoRandom.For("factor", code + "|" + metric);
        var factors = new double[_through.Start.Year - FirstYear + 1];
        var value = rng.Between(low, high);
        for (var i = 0; i < factors.Length; i++)
        {
            if (i > 0)
            {
                value = Math.Clamp(value * rng.Between(0.9, 1.12), 0.35, 1.5);
            }

            factors[i] = value;
        }

        return year => factors[year - FirstYear];
    }

    private void AddWeiboIndex(string code)
    {
        for (var p = FirstMonth; p <= _through; p = p.Next())
        {
            if (_totals.TryGetValue((code, MetricKeys.WeiboPosts, p), out var posts))
            {
                var bci = WeiboIndex.Bci(
                    posts,
                    _totals.GetValueOrDefault((code, MetricKeys.WeiboReposts, p)),
                    _totals.GetValueOrDefault((code, MetricKeys.WeiboComments, p)),
                    _totals.GetValueOrDefault((code, MetricKeys.WeiboLikes, p)));

                // Rounded as the Weibo collector stores it, so that a collection of the same figures changes nothing.
                _figures.Add(new DemoFigure(code, MetricKeys.WeiboBci, null, p, Math.Round(bci, 2)));
            }
        }
    }

    /// <summary>A counter's years drawn from the county's stream, at county level or <paramref name="on"/> a channel.</summary>
    private void Counters(string code, string metric, ActiveSpan span, Func<int, double> fullYear, DemoChannelRef? on = null)
    {
        foreach (var year in Years())
        {
            Counter(code, metric, new Place(on, code), span, year, fullYear(year));
        }
    }

    private double?[] Counter(string code, string metric, Place place, ActiveSpan span, int year, double fullYear, int? exactTotal = null)
    {
        var values = CounterYear(DemoRandom.For(metric, place.Seed, year), year, span, fullYear, exactTotal);
        Emit(code, metric, place.Channel, year, values);
        return values;
    }

    /// <summary>
    /// A counter's year: the full-year total, cut to the part of the year the channel was open, spread
    /// over the months with a little noise and fewer around Spring Festival. The parts add up exactly.
    /// </summary>
    private static double?[] CounterYear(Random rng, int year, ActiveSpan span, double fullYear, int? exactTotal)
    {
        var weights = new double[12];
        double all = 0, active = 0;
        for (var m = 0; m < 12; m++)
        {
            var weight = DemoCurves.Season[m] * rng.Between(0.75, 1.25);
            all += weight;
            weights[m] = weight * span.Fraction(year, m + 1);
            active += weights[m];
        }

        var total = exactTotal ?? (int)Math.Round(fullYear * active / all);
        var parts = DemoRandom.Allocate(total, weights);
        return [.. Enumerable.Range(0, 12).Select(m => weights[m] > 0 ? parts[m] : (double?)null)];
    }

    private void Gauge(string code, string metric, Place place, ActiveSpan span, Func<int, double> december, double before, int fromYear = FirstYear)
    {
        var start = before;
        foreach (var year in Years().Where(y => y >= fromYear).TakeWhile(y => !(span.ClosedOn?.Year < y)))
        {
            if (span.OpenedOn?.Year > year)
            {
                continue;
            }

            var end = december(year);
            Emit(code, metric, place.Channel, year, GaugeYear(DemoRandom.For(metric, place.Seed, year), year, span, start, end));
            start = end;
        }
    }

    /// <summary>A gauge's year: from last December's level to this December's, in uneven monthly steps.</summary>
    private static double?[] GaugeYear(Random rng, int year, ActiveSpan span, double start, double end)
    {
        var weights = new double[12];
        for (var m = 0; m < 12; m++)
        {
            var weight = rng.Between(0.6, 1.4);
            weights[m] = span.Fraction(year, m + 1) > 0 ? weight : 0;
        }

        var sum = weights.Sum();
        var values = new double?[12];
        var reached = 0.0;
        for (var m = 0; m < 12; m++)
        {
            if (weights[m] > 0)
            {
                reached += weights[m];
                values[m] = Math.Round(start + ((end - start) * Math.Min(1, reached / sum)));
            }
        }

        return values;
    }

    private void Emit(string code, string metric, DemoChannelRef? channel, int year, double?[] values)
    {
        for (var m = 0; m < 12; m++)
        {
            var period = Period.Month(year, m + 1);
            if (values[m] is { } value && period <= _through)
            {
                _figures.Add(new DemoFigure(code, metric, channel, period, value));
                _totals[(code, metric, period)] = _totals.GetValueOrDefault((code, metric, period)) + value;
            }
        }
    }

    /// <summary>
    /// The stories: every story of the months the overview compares the current month with
    /// (<see cref="OverviewQueries.ComparedMonths"/>: the month before, the same month a year before) on the outlets'
    /// feeds and the own site, as a collector that has run for a year would have stored them, so that the month so far
    /// is compared with the same days of each (上月同期, 去年同期); a handful a month placed on the outlets in the other months of the year before (the latest placed
    /// stories), and every story of the current month up to <paramref name="now"/>, as many as the month's
    /// placements by then.
    /// </summary>
    private IReadOnlyList<DemoArticle> Articles(DateTime now)
    {
        var articles = new List<DemoArticle>();
        var urls = new HashSet<string>(StringComparer.Ordinal);
        var (previous, lastYear) = OverviewQueries.ComparedMonths(_through);
        for (var p = Period.MonthOf(_through.Start.AddMonths(-ArticleMonths)); p < _through; p = p.Next())
        {
            var stories = p == previous || p == lastYear ? FeedsOf(p).Values.SelectMany(s => s) : ArticlesOf(p);
            articles.AddRange(stories.Where(a => urls.Add(a.Url)));
        }

        foreach (var stories in FeedsOf(_through).Values)
        {
            articles.AddRange(stories.Where(a => a.PublishedAtLocal <= now && urls.Add(a.Url)));
        }

        return [.. articles.OrderByDescending(a => a.PublishedAtLocal)];
    }

    /// <summary>The whole <paramref name="month"/> of every feed the demo serves whose channel has a figure that month, by slug.</summary>
    private Dictionary<string, IReadOnlyList<DemoArticle>> FeedsOf(Period month)
    {
        var feeds = new Dictionary<string, IReadOnlyList<DemoArticle>>(StringComparer.Ordinal);
        foreach (var f in _figures.Where(f => f.Period == month && f.CountyCode == HomeCode))
        {
            if (FeedSlug(f) is { } slug)
            {
                feeds[slug] = DemoSchedule.FeedStories(slug, month, (int)f.Value)!;
            }
        }

        return feeds;
    }

    /// <summary>
    /// The home channels' gauges (the Weibo accounts' followers, the WeChat account's followers, the mobile paper's
    /// subscribers) on each day since <see cref="ReadDailySince"/> up to <paramref name="now"/>, as their collectors
    /// read them: from the month before's level to the month's as the month goes by, a past day at its end (the last
    /// day of a month its month's), today as of now. A past day's reading never changes and a later moment only adds
    /// days; the overview compares a gauge's month so far with these (上月同期, 去年同期).
    /// </summary>
    private void AddGaugeDays(DateTime now)
    {
        var levels = _figures
            .Where(f => f.CountyCode == HomeCode && Gauges.Contains(f.MetricKey) && f.Channel is not null && f.Period.Granularity == PeriodGranularity.Month)
            .ToDictionary(f => (f.MetricKey, f.Channel, f.Period), f => f.Value);
        foreach (var ((metric, channel, month), level) in levels.Where(l => l.Key.Period.Start >= ReadDailySince))
        {
            var start = levels.GetValueOrDefault((metric, channel, month.Previous()), level);
            for (var day = month.Start; day <= month.End && day.ToDateTime(TimeOnly.MinValue) < now; day = day.AddDays(1))
            {
                var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
                var read = end < now ? end : now;
                _figures.Add(new DemoFigure(HomeCode, metric, channel, Period.Day(day), DemoSchedule.GaugeAt(start, level, month, read)));
            }
        }
    }

    /// <summary>
    /// The items of each day since <see cref="ReadDailySince"/> up to <paramref name="now"/> of the home channels' counters
    /// that collectors count day by day (a day without items as zero): the Weibo accounts' posts (the Sina account's as
    /// the Weibo collector counts them from the timeline the demo serves, the others' on the days their month's items
    /// fall), the mobile paper's issues and the WeChat account's articles (on the days the demo counter source counts
    /// them). Each month's days add up to its figure, the current month's to its figure so far, so the overview compares
    /// a month so far with the same days of the months before (上月同期, 去年同期). Called before the current month is
    /// ended at <paramref name="now"/>.
    /// </summary>
    private void AddCounterDays(DateTime now)
    {
        var months = _figures
            .Where(f => f.CountyCode == HomeCode && f.Channel is not null && f.Period.Granularity == PeriodGranularity.Month && f.Period.Start >= ReadDailySince
                && f.MetricKey is MetricKeys.WeiboPosts or MetricKeys.MobilePaperIssues or MetricKeys.WeChatArticles)
            .ToList();
        var sina = _figures.Where(f => f.CountyCode == HomeCode && f.Channel == HomeSinaAccount).ToLookup(f => f.Period);
        foreach (var month in months)
        {
            var (channel, period) = (month.Channel!, month.Period);
            var (scope, key) = CounterSchedule(month);
            var items = channel == HomeSinaAccount
                ? TimelinePosts(HomeCode, period, sina[period].ToDictionary(f => f.MetricKey, f => f.Value, StringComparer.Ordinal), now)
                    .Select(p => DateOnly.FromDateTime(p.CreatedAtLocal))
                : DemoSchedule.DaysBy(scope, key, period, month.Value, now);
            var byDay = items.CountBy(day => day).ToDictionary();
            for (var day = period.Start; day <= period.End && day.ToDateTime(TimeOnly.MinValue) < now; day = day.AddDays(1))
            {
                _figures.Add(new DemoFigure(HomeCode, month.MetricKey, channel, Period.Day(day), byDay.GetValueOrDefault(day)));
            }
        }
    }

    /// <summary>
    /// The schedule (<see cref="DemoSchedule.CountBy"/>) of a counter's items over its month when no feed, timeline or
    /// commentator says when they happen: the home counter sources' as <see cref="DemoSourceFigures"/> serves them,
    /// and one of the figure's own for every other counter.
    /// </summary>
    private static (string Scope, string Key) CounterSchedule(DemoFigure f) =>
        f.CountyCode == HomeCode && f.Channel is { Kind: ChannelKinds.WeChat or ChannelKinds.MobilePaper } counter
            ? (f.MetricKey, counter.Kind)
            : ("month_to_date", $"{f.CountyCode}|{f.Channel?.Kind}|{f.Channel?.Name}|{f.MetricKey}");

    /// <summary>Every task of the past <paramref name="month"/>: each commentator's month spread over the platform's tasks of that month.</summary>
    private IEnumerable<DemoCommentatorTask> TasksOf(Period month)
    {
        var slots = DemoSchedule.CommentatorTaskSlots(month);
        return _commentators.SelectMany(c => c.Activity
            .Where(a => a.Month == month.Start)
            .SelectMany(a => DemoSchedule.CommentatorTasks(slots, c.Name, c.ExternalId, c.Unit, month, a.Reposts, a.Replies, DateTime.MaxValue)));
    }

    /// <summary>The demo feed a home figure is read from: an outlet's placements or the own site's stories.</summary>
    private static string? FeedSlug(DemoFigure f) => f.Channel switch
    {
        { Kind: ChannelKinds.NewsFeed } c when f.MetricKey == MetricKeys.ArticlePlacements && f.CountyCode == HomeCode
            => DemoSourceLinks.OutletSlugs.GetValueOrDefault(c.Name),
        { Kind: ChannelKinds.OwnSite } when f.MetricKey == MetricKeys.SiteArticles && f.CountyCode == HomeCode => DemoSourceLinks.OwnSiteSlug,
        _ => null,
    };

    /// <summary>The demo uid of a Sina account the demo Weibo API serves: Ruichang's and each peer's official account.</summary>
    private static string? WeiboUid(string countyCode, DemoChannelRef? channel)
    {
        if (channel is not { Kind: ChannelKinds.Weibo })
        {
            return null;
        }

        var official = countyCode == HomeCode ? HomeSinaAccount : PeerWeiboChannel(countyCode);
        return channel == official ? DemoSourceLinks.WeiboUid(countyCode) : null;
    }

    /// <summary>
    /// Ends the current month at <paramref name="now"/>: each of its figures becomes what has happened
    /// by then (<see cref="DemoSchedule"/>) — the stories on a feed, the posts and reactions on a
    /// timeline, the issues and articles of a counter, the commentators' tasks, a gauge's level, and for
    /// every other counter its items spread over the month. Returns the commentator tasks done by then.
    /// </summary>
    private List<DemoCommentatorTask> EndCurrentMonthAt(DateTime now)
    {
        var month = _through;
        var previous = _figures.Where(f => f.Period == month.Previous())
            .ToDictionary(f => (f.CountyCode, f.MetricKey, f.Channel), f => f.Value);
        var feeds = FeedsOf(month);
        var timelines = _figures.Where(f => f.Period == month && WeiboUid(f.CountyCode, f.Channel) is not null)
            .GroupBy(f => (f.CountyCode, Channel: f.Channel!))
            .ToDictionary(g => g.Key, g => Timeline(g.Key.CountyCode, month, g.ToDictionary(f => f.MetricKey, f => f.Value, StringComparer.Ordinal), now));
        var (commentators, tasks) = CommentatorsAt(now);
        _commentators = commentators;

        for (var i = 0; i < _figures.Count; i++)
        {
            var f = _figures[i];
            if (f.Period != month)
            {
                continue;
            }

            double value;
            if (Gauges.Contains(f.MetricKey))
            {
                value = DemoSchedule.GaugeAt(previous.GetValueOrDefault((f.CountyCode, f.MetricKey, f.Channel), f.Value), f.Value, month, now);
            }
            else if (FeedSlug(f) is { } slug)
            {
                value = feeds[slug].Count(a => a.PublishedAtLocal <= now);
            }
            else if (f.Channel is { } channel && timelines.TryGetValue((f.CountyCode, channel), out var timeline) && timeline.TryGetValue(f.MetricKey, out var sum))
            {
                value = sum;
            }
            else if (f.CountyCode == HomeCode && f.Channel is null && f.MetricKey is MetricKeys.CommentatorReposts or MetricKeys.CommentatorReplies)
            {
                // The county's figures are its members' sums, so the two views never disagree.
                value = f.MetricKey == MetricKeys.CommentatorReposts
                    ? commentators.Sum(c => c.Activity.Single(a => a.Month == month.Start).Reposts)
                    : commentators.Sum(c => c.Activity.Single(a => a.Month == month.Start).Replies);
            }
            else
            {
                var (scope, key) = CounterSchedule(f);
                value = DemoSchedule.CountBy(scope, key, month, f.Value, now);
            }

            _figures[i] = f with { Value = value };
        }

        // The month's totals now hold what happened by then: the Weibo index is built from them.
        foreach (var key in _totals.Keys.Where(k => k.Period == month).ToList())
        {
            _totals.Remove(key);
        }

        foreach (var f in _figures.Where(f => f.Period == month))
        {
            _totals[(f.CountyCode, f.MetricKey, month)] = _totals.GetValueOrDefault((f.CountyCode, f.MetricKey, month)) + f.Value;
        }

        return tasks;
    }

    /// <summary>A Sina account's posts, reposts, comments and likes of the current month up to <paramref name="now"/>, as its timeline serves them.</summary>
    private static Dictionary<string, double> Timeline(string countyCode, Period month, Dictionary<string, double> totals, DateTime now)
    {
        var posts = TimelinePosts(countyCode, month, totals, now);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricKeys.WeiboPosts] = posts.Count,
            [MetricKeys.WeiboReposts] = posts.Sum(p => p.Reposts),
            [MetricKeys.WeiboComments] = posts.Sum(p => p.Comments),
            [MetricKeys.WeiboLikes] = posts.Sum(p => p.Likes),
        };
    }

    /// <summary>The posts of a Sina account's <paramref name="month"/> (its figures <paramref name="totals"/>) up to <paramref name="now"/>, as the demo Weibo API serves them.</summary>
    private static List<DemoWeiboPost> TimelinePosts(string countyCode, Period month, Dictionary<string, double> totals, DateTime now)
    {
        var county = ReferenceCatalog.Counties().Single(c => c.Code == countyCode);
        return [.. DemoSchedule.WeiboPosts(DemoSourceLinks.WeiboUid(countyCode), countyCode, county.ShortName, month, new DemoWeiboMonth(
                totals.GetValueOrDefault(MetricKeys.WeiboPosts),
                totals.GetValueOrDefault(MetricKeys.WeiboReposts),
                totals.GetValueOrDefault(MetricKeys.WeiboComments),
                totals.GetValueOrDefault(MetricKeys.WeiboLikes)))
            .Where(p => p.CreatedAtLocal <= now)];
    }

    /// <summary>The commentators with their current month ending at <paramref name="now"/>, and the tasks they did in it by then.</summary>
    private (List<DemoCommentator> Commentators, List<DemoCommentatorTask> Tasks) CommentatorsAt(DateTime now)
    {
        var month = _through;
        var slots = DemoSchedule.CommentatorTaskSlots(month);
        var tasks = new List<DemoCommentatorTask>();
        var commentators = new List<DemoCommentator>(_commentators.Count);
        foreach (var c in _commentators)
        {
            var activity = c.Activity.ToList();
            var i = activity.FindIndex(a => a.Month == month.Start);
            if (i >= 0)
            {
                var done = DemoSchedule.CommentatorTasks(slots, c.Name, c.ExternalId, c.Unit, month, activity[i].Reposts, activity[i].Replies, now).ToList();
                tasks.AddRange(done);
                activity[i] = activity[i] with { Reposts = done.Sum(t => t.Reposts), Replies = done.Sum(t => t.Replies) };
            }

            commentators.Add(c with { Activity = activity });
        }

        return (commentators, tasks);
    }

    private static string PickOutlet(double pick)
    {
        foreach (var (outlet, share) in DemoCurves.OutletShares)
        {
            pick -= share;
            if (pick <= 0)
            {
                return outlet;
            }
        }

        return DemoCurves.OutletShares[^1].Outlet;
    }

    private static DemoRanking Ranking()
    {
        var rng = DemoRandom.For("ranking", DemoCatalog.RankingListName, 20143);
        var entries = new List<DemoRankingEntry>();
        var score = 93.6;
        double Sub(double around) => Math.Round(Math.Min(99.5, around + rng.Between(-6, 6)), 1);
        foreach (var (account, county) in DemoCatalog.RankingAccounts)
        {
            entries.Add(new DemoRankingEntry(entries.Count + 1, account, county, Math.Round(score, 1), Sub(score), Sub(score), Sub(score), Sub(score)));
            score -= rng.Between(0.6, 1.6);
        }

        return new DemoRanking(DemoCatalog.RankingListName, DemoCatalog.RankingPublisher, DemoCatalog.RankingPeriodLabel,
            DemoCatalog.RankingPeriodStart, DemoCatalog.RankingPeriodEnd, DemoCatalog.RankingPublishedOn, entries);
    }

    private IEnumerable<int> Years() => Enumerable.Range(FirstYear, _through.Start.Year - FirstYear + 1);

    /// <summary>Where a series is stored (a channel, or the county itself) and the name of the random stream it is drawn from.</summary>
    private readonly record struct Place(DemoChannelRef? Channel, string Seed)
    {
        public static Place Of(string code, DemoChannelRef? channel) =>
            new(channel, channel is null ? code : $"{code}|{channel.Kind}|{channel.Name}");
    }

    private static ActiveSpan SpanOf(Channel channel) => new(channel.OpenedOn, channel.ClosedOn);

    private static DateOnly RandomDate(Random rng, DateOnly from, DateOnly to) => DateOnly.FromDayNumber(from.DayNumber + rng.Next(to.DayNumber - from.DayNumber + 1));
}

/// <summary>The days a channel was open; open-ended on either side when not set.</summary>
internal readonly record struct ActiveSpan(DateOnly? OpenedOn, DateOnly? ClosedOn)
{
    public static readonly ActiveSpan Always = new(null, null);

    /// <summary>The share of the month's days on which the channel was open.</summary>
    public double Fraction(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var from = OpenedOn is { } o && o > first ? o : first;
        var to = ClosedOn is { } c && c < last ? c : last;
        return to < from ? 0 : (to.DayNumber - from.DayNumber + 1) / (double)(last.DayNumber - first.DayNumber + 1);
    }
}
