using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources.Articles;

/// <summary>
/// A story and the counties (division codes) whose keywords it mentions; <paramref name="PublishedAtUtc"/>
/// is null when the source gives no date.
/// </summary>
public sealed record ArticleReading(string Url, string CanonicalUrl, string Title, DateTime? PublishedAtUtc, IReadOnlyList<string> CountyCodes);

/// <summary>
/// The stories of one read, and how they are stored. A story is stored once per county and
/// canonical URL, and placements (<c>article_placements</c>, or <c>site_articles</c> on the
/// county's own site) are counted from the stored stories of the channel, per county and month,
/// so a read can only add to what is counted. A story without a date is counted in the month it
/// was first seen, except on the channel's first read: a list page's backlog has no month, so
/// it is stored as already seen (<see cref="Article.IsBacklog"/>) and never counted.
/// </summary>
public sealed record ArticleItems(IReadOnlyList<ArticleReading> Articles) : ISourceItems
{
    public Type PreviewComponent => typeof(ArticlesPreview);

    public int UndatedCount => Articles.Count(a => a.PublishedAtUtc is null);

    /// <summary>Whether undated stories of this read of <paramref name="channel"/> would be the backlog of its first read.</summary>
    public static bool IsFirstRead(Channel channel) => channel.LastSuccessAtUtc is null;

    public async Task<int> StoreAsync(SourceWrite write, CancellationToken ct)
    {
        var channel = write.Channel;
        var db = write.Db;
        // Every story on the county's own site is its own; a news outlet's story counts for the counties it names.
        var isOwnSite = channel.Kind == ChannelKinds.OwnSite;
        var candidates = Articles
            .SelectMany(a => (isOwnSite ? [channel.CountyId] : a.CountyCodes.Select(write.Context.CountyId).OfType<int>())
                .Select(countyId => (CountyId: countyId, Article: a)))
            .DistinctBy(x => (x.CountyId, x.Article.CanonicalUrl))
            .ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        var urls = candidates.Select(x => x.Article.CanonicalUrl).Distinct().ToList();
        var known = (await db.Articles.Where(a => urls.Contains(a.CanonicalUrl)).Select(a => new { a.CountyId, a.CanonicalUrl }).ToListAsync(ct))
            .Select(a => (a.CountyId, a.CanonicalUrl)).ToHashSet();
        var backlog = IsFirstRead(channel);
        var added = candidates
            .Where(x => !known.Contains((x.CountyId, x.Article.CanonicalUrl)))
            .Select(x => new Article
            {
                ChannelId = channel.Id,
                CountyId = x.CountyId,
                Url = x.Article.Url,
                CanonicalUrl = x.Article.CanonicalUrl,
                Title = x.Article.Title,
                PublishedAtUtc = x.Article.PublishedAtUtc ?? write.NowUtc,
                IsUndated = x.Article.PublishedAtUtc is null,
                IsBacklog = x.Article.PublishedAtUtc is null && backlog,
                CollectedAtUtc = write.NowUtc,
            })
            .ToList();
        db.Articles.AddRange(added);
        await db.SaveChangesAsync(ct);
        NoteUndated(write, added);

        var counted = added.Where(a => !a.IsBacklog).ToList();
        if (counted.Count == 0)
        {
            return added.Count;
        }

        // Placements are counted from the stored stories (one query over the months the new ones fall in),
        // so the count can only follow what is stored.
        var clock = write.Context.Clock;
        var months = counted.Select(a => (a.CountyId, Month: Period.MonthOf(clock.DateOf(a.PublishedAtUtc)))).ToHashSet();
        var countyIds = months.Select(m => m.CountyId).Distinct().ToList();
        var from = clock.StartOfDayUtc(months.Min(m => m.Month.Start));
        var to = clock.StartOfDayUtc(months.Max(m => m.Month.End).AddDays(1));
        var stored = await db.Articles
            .Where(a => a.ChannelId == channel.Id && !a.IsBacklog && countyIds.Contains(a.CountyId) && a.PublishedAtUtc >= from && a.PublishedAtUtc < to)
            .Select(a => new { a.CountyId, a.PublishedAtUtc })
            .ToListAsync(ct);
        var counts = stored
            .GroupBy(a => (a.CountyId, Month: Period.MonthOf(clock.DateOf(a.PublishedAtUtc))))
            .Where(g => months.Contains(g.Key))
            .ToDictionary(g => g.Key, g => g.Count());

        var metric = write.Context.Metric(isOwnSite ? MetricKeys.SiteArticles : MetricKeys.ArticlePlacements);
        var writes = months.Select(m => new ObservationWrite(metric.Id, m.CountyId, channel.Id, m.Month, counts.GetValueOrDefault(m)));
        return added.Count + await write.UpsertAsync(writes, ct);
    }

    private static void NoteUndated(SourceWrite write, List<Article> added)
    {
        var backlog = added.Count(a => a.IsBacklog);
        if (backlog > 0)
        {
            write.Note($"{backlog} 篇稿件没有发布日期：这是该渠道的首次采集，它们视为已有稿件，不计入刊发量。");
        }

        var undated = added.Count(a => a.IsUndated && !a.IsBacklog);
        if (undated > 0)
        {
            var month = Period.MonthOf(write.Context.Clock.DateOf(write.NowUtc));
            write.Note($"{undated} 篇新稿件没有发布日期，按首次发现计入 {month.Start.Year}年{month.Start.Month}月。");
        }
    }
}
