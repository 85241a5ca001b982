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

        var backlog = IsFirstRead(channel);
        var added = new List<Article>();
        var insert = write.Command("articles.insert-if-new", InsertIfNew);
        foreach (var (countyId, reading) in candidates)
        {
            var article = new Article
            {
                ChannelId = channel.Id,
                CountyId = countyId,
                Url = reading.Url,
                CanonicalUrl = reading.CanonicalUrl,
                Title = reading.Title,
                PublishedAtUtc = reading.PublishedAtUtc ?? write.NowUtc,
                IsUndated = reading.PublishedAtUtc is null,
                IsBacklog = reading.PublishedAtUtc is null && backlog,
                CollectedAtUtc = write.NowUtc,
            };
            if (await insert.Set(0, article.ChannelId).Set(1, article.CountyId).Set(2, article.Url).Set(3, article.CanonicalUrl)
                .Set(4, article.Title).Set(5, article.PublishedAtUtc).Set(6, article.CollectedAtUtc).Set(7, article.IsUndated)
                .Set(8, article.IsBacklog).Set(9, article.IsDemo).ExecuteAsync(ct) == 1)
            {
                added.Add(article);
            }
        }

        NoteUndated(write, added);
        var counted = added.Where(a => !a.IsBacklog).ToList();
        if (counted.Count == 0)
        {
            return added.Count;
        }

        // Placements are counted from the stored stories of each month a new one falls in, so the count
        // can only follow what is stored.
        var clock = write.Context.Clock;
        var months = counted.Select(a => (a.CountyId, Month: Period.MonthOf(clock.DateOf(a.PublishedAtUtc)))).Distinct().ToList();
        var metric = write.Context.Metric(isOwnSite ? MetricKeys.SiteArticles : MetricKeys.ArticlePlacements);
        var writes = new List<ObservationWrite>(months.Count);
        var count = write.Command("articles.count-stored", CountStored);
        foreach (var (countyId, month) in months)
        {
            var stored = await count.Set(0, channel.Id).Set(1, countyId).Set(2, false)
                .Set(3, clock.StartOfDayUtc(month.Start)).Set(4, clock.StartOfDayUtc(month.End.AddDays(1))).CountAsync(ct);
            writes.Add(new ObservationWrite(metric.Id, countyId, channel.Id, month, stored));
        }

        return added.Count + await write.UpsertAsync(writes, ct);
    }

    // One statement per story, compiled once per run: EF's change tracker and its insert-and-read-back per
    // entity cost many times what the database needs to store the row. A story already stored for the county
    // (a re-run, the same story in two feeds) is left as it is: SQLite's ON CONFLICT DO NOTHING on the unique
    // index looks it up once, a NOT EXISTS elsewhere.
    private static RowCommand InsertIfNew(DbContext db)
    {
        var t = MappedTable.Of<Article>(db);
        string[] columns =
        [
            nameof(Article.ChannelId), nameof(Article.CountyId), nameof(Article.Url), nameof(Article.CanonicalUrl), nameof(Article.Title),
            nameof(Article.PublishedAtUtc), nameof(Article.CollectedAtUtc), nameof(Article.IsUndated), nameof(Article.IsBacklog), nameof(Article.IsDemo),
        ];
        var values = string.Join(", ", columns.Select((_, i) => RowCommand.Parameter(i)));
        var key = $"{t[nameof(Article.CountyId)]}, {t[nameof(Article.CanonicalUrl)]}";
        return RowCommand.Create(
            db,
            db.Database.IsSqlite()
                ? $"INSERT INTO {t.Name} ({t.Columns(columns)}) VALUES ({values}) ON CONFLICT ({key}) DO NOTHING"
                : $"INSERT INTO {t.Name} ({t.Columns(columns)}) SELECT {values} " +
                  $"WHERE NOT EXISTS (SELECT 1 FROM {t.Name} WHERE {t[nameof(Article.CountyId)]} = {RowCommand.Parameter(1)} AND {t[nameof(Article.CanonicalUrl)]} = {RowCommand.Parameter(3)})",
            [.. columns.Select(t.Property)]);
    }

    // A county's counted stories of one channel published in [p3, p4).
    private static RowCommand CountStored(DbContext db)
    {
        var t = MappedTable.Of<Article>(db);
        return RowCommand.Create(
            db,
            $"SELECT COUNT(*) FROM {t.Name} WHERE {t[nameof(Article.ChannelId)]} = {RowCommand.Parameter(0)} AND {t[nameof(Article.CountyId)]} = {RowCommand.Parameter(1)} " +
            $"AND {t[nameof(Article.IsBacklog)]} = {RowCommand.Parameter(2)} AND {t[nameof(Article.PublishedAtUtc)]} >= {RowCommand.Parameter(3)} AND {t[nameof(Article.PublishedAtUtc)]} < {RowCommand.Parameter(4)}",
            t.Property(nameof(Article.ChannelId)), t.Property(nameof(Article.CountyId)), t.Property(nameof(Article.IsBacklog)),
            t.Property(nameof(Article.PublishedAtUtc)), t.Property(nameof(Article.PublishedAtUtc)));
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
