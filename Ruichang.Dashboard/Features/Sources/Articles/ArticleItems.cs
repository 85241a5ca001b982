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
        var backlog = IsFirstRead(channel);
        var added = new List<StoredStory>();
        var insert = write.Command("articles.insert-if-new", InsertIfNew);
        // The same for every story of the write: bound once rather than boxed again for each.
        object channelId = channel.Id, collectedAt = write.NowUtc;
        foreach (var reading in Articles)
        {
            var counties = isOwnSite ? 1 : reading.CountyCodes.Count;
            for (var c = 0; c < counties; c++)
            {
                // A story already stored by this run for the county (by another outlet, or twice in this one) needs no insert.
                if ((isOwnSite ? channel.CountyId : write.Context.CountyId(reading.CountyCodes[c])) is not { } countyId
                    || !write.ClaimStory(countyId, reading.CanonicalUrl))
                {
                    continue;
                }

                var story = new StoredStory(countyId, reading.PublishedAtUtc ?? write.NowUtc, reading.PublishedAtUtc is null, reading.PublishedAtUtc is null && backlog);
                if (await insert.Set(0, channelId).Set(1, countyId).Set(2, reading.Url).Set(3, reading.CanonicalUrl)
                    .Set(4, reading.Title).Set(5, story.PublishedAtUtc).Set(6, collectedAt).Set(7, story.IsUndated)
                    .Set(8, story.IsBacklog).Set(9, false).ExecuteAsync(ct) == 1)
                {
                    added.Add(story);
                }
            }
        }

        NoteUndated(write, added);
        var counted = added.Where(a => !a.IsBacklog).ToList();
        if (counted.Count == 0)
        {
            return added.Count;
        }

        // Placements are counted from the stored stories of each month a new one falls in, so the count
        // can only follow what is stored: one grouped query over those months, by county and month.
        var clock = write.Context.Clock;
        var changed = counted.Select(a => (a.CountyId, Month: Period.MonthOf(clock.DateOf(a.PublishedAtUtc)))).ToHashSet();
        var months = changed.Select(c => c.Month).Distinct().Order().ToList();
        var count = write.Command(FormattableString.Invariant($"articles.count-stored:{months.Count}"), db => CountStored(db, months.Count))
            .Set(0, channel.Id).Set(1, false);
        for (var i = 0; i < months.Count; i++)
        {
            count.Set(2 + (2 * i), clock.StartOfDayUtc(months[i].Start)).Set(3 + (2 * i), clock.StartOfDayUtc(months[i].End.AddDays(1)));
        }

        var counts = new Dictionary<(int CountyId, Period Month), long>();
        await using (var reader = await count.ReadAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                // COUNT(*) is a 64-bit integer in SQLite and a 32-bit one in SQL Server.
                counts[(reader.GetInt32(0), months[reader.GetInt32(1)])] = Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var metric = write.Context.Metric(isOwnSite ? MetricKeys.SiteArticles : MetricKeys.ArticlePlacements);
        var writes = changed.Select(c => new ObservationWrite(metric.Id, c.CountyId, channel.Id, c.Month, counts.GetValueOrDefault(c)));
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

    // One channel's counted stories (p0 the channel, p1 the backlog flag) by county and by month i,
    // published in [p(2+2i), p(3+2i)): the months are local, so their bounds come as UTC instants.
    private static RowCommand CountStored(DbContext db, int months)
    {
        var t = MappedTable.Of<Article>(db);
        var published = t[nameof(Article.PublishedAtUtc)];
        var ranges = Enumerable.Range(0, months)
            .Select(i => $"{published} >= {RowCommand.Parameter(2 + (2 * i))} AND {published} < {RowCommand.Parameter(3 + (2 * i))}")
            .ToList();
        var month = $"CASE {string.Concat(ranges.Select((r, i) => FormattableString.Invariant($"WHEN {r} THEN {i} ")))}END";
        return RowCommand.Create(
            db,
            $"SELECT {t[nameof(Article.CountyId)]}, {month}, COUNT(*) FROM {t.Name} " +
            $"WHERE {t[nameof(Article.ChannelId)]} = {RowCommand.Parameter(0)} AND {t[nameof(Article.IsBacklog)]} = {RowCommand.Parameter(1)} " +
            $"AND ({string.Join(" OR ", ranges.Select(r => $"({r})"))}) GROUP BY {t[nameof(Article.CountyId)]}, {month}",
            [t.Property(nameof(Article.ChannelId)), t.Property(nameof(Article.IsBacklog)),
                .. Enumerable.Repeat(t.Property(nameof(Article.PublishedAtUtc)), 2 * months)]);
    }

    private static void NoteUndated(SourceWrite write, List<StoredStory> added)
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

    // A story this write inserted, as far as counting it needs: its county, its month's date, and whether it counts.
    private readonly record struct StoredStory(int CountyId, DateTime PublishedAtUtc, bool IsUndated, bool IsBacklog);
}
