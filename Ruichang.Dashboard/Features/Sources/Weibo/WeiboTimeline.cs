using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources.Weibo;

/// <summary>
/// The pages of one account's timeline read so far, and which months they cover completely.
/// <para>
/// Only the current and the previous month are counted. Older months are final: the timeline
/// holds a limited number of pages, so a re-run that no longer reaches back to them must not
/// shrink them. A month is counted only when the read has certainly seen all its posts: the
/// timeline ended (an empty page), or a page ended with a post from before the month's first
/// day. The timeline runs newest first, so every post after that one is older still; a pinned
/// post may come first on page 1 whatever its age, which is why the last post of a page decides
/// and not the oldest. A month that the last page read still reached into — the timeline may go
/// on — is left out: better the figure of an earlier run than a count that is too low. A covered
/// month's posts are also counted day by day (<see cref="DailyPosts"/>).
/// </para>
/// </summary>
internal sealed class WeiboTimeline(DateOnly today)
{
    private readonly Dictionary<string, WeiboPost> _posts = new(StringComparer.Ordinal);
    private DateOnly? _reachedBack;
    private bool _ended;

    public Period Current { get; } = Period.MonthOf(today);

    public Period Previous => Current.Previous();

    /// <summary>Distinct posts read (a post that moved to the next page while reading is read twice but counted once).</summary>
    public int PostCount => _posts.Count;

    /// <summary>Adds a page; returns whether another page could still change the counted months.</summary>
    public bool Add(IReadOnlyList<WeiboPost> page)
    {
        if (page.Count == 0)
        {
            _ended = true;
            return false;
        }

        foreach (var post in page)
        {
            _posts.TryAdd(post.Id, post);
        }

        var last = page[^1].Date;
        if (_reachedBack is not { } reached || last < reached)
        {
            _reachedBack = last;
        }

        return !Covers(Previous);
    }

    /// <summary>Whether every post of <paramref name="month"/> has been read.</summary>
    public bool Covers(Period month) => _ended || _reachedBack < month.Start;

    /// <summary>The previous and the current month, those of them that are covered.</summary>
    public IReadOnlyList<WeiboMonthTotals> CoveredMonths() => [.. new[] { Previous, Current }.Where(Covers).Select(Totals)];

    /// <summary>
    /// The posts of each day of a covered <paramref name="month"/> up to <paramref name="today"/>, a day without posts as
    /// zero: the overview compares a month so far with the same days of the month before (上月同期) from these.
    /// </summary>
    public IReadOnlyList<(DateOnly Day, int Posts)> DailyPosts(Period month, DateOnly today)
    {
        var byDay = _posts.Values.Where(p => p.Date >= month.Start && p.Date <= month.End).CountBy(p => p.Date).ToDictionary();
        var last = today < month.End ? today : month.End;
        return [.. Enumerable.Range(0, last.DayNumber - month.Start.DayNumber + 1)
            .Select(i => month.Start.AddDays(i))
            .Select(day => (day, byDay.GetValueOrDefault(day)))];
    }

    /// <summary>The previous and the current month, those of them that are not covered.</summary>
    public IReadOnlyList<Period> UncoveredMonths() => [.. new[] { Previous, Current }.Where(m => !Covers(m))];

    private WeiboMonthTotals Totals(Period month)
    {
        var posts = _posts.Values.Where(p => p.Date >= month.Start && p.Date <= month.End).ToList();
        return new WeiboMonthTotals(month, posts.Count, posts.Sum(p => p.Reposts), posts.Sum(p => p.Comments), posts.Sum(p => p.Likes));
    }
}

/// <summary>One account's totals for a month.</summary>
internal sealed record WeiboMonthTotals(Period Month, long Posts, long Reposts, long Comments, long Likes)
{
    /// <summary>The account's BCI for the month (<see cref="WeiboIndex.Bci"/>).</summary>
    public double Bci => WeiboIndex.Bci(Posts, Reposts, Comments, Likes);
}
