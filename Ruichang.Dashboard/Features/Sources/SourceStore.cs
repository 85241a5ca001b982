using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>
/// Stores what one read of a channel found, all in one transaction: a crash half-way leaves no
/// half-counted month. Every write is idempotent — figures are upserted, a story is stored once
/// per county and canonical URL and placements are counted from the stored stories, a
/// commentator's month is replaced by the export's totals, a ranking list is replaced — so
/// storing the same reading twice changes nothing. A change notice follows the commit.
/// </summary>
public sealed class SourceStore(IDbContextFactory<DashboardDbContext> factory, ObservationWriter writer, ChangeNotifier notifier, CountyClock clock, TimeProvider time)
{
    /// <summary>Stores <paramref name="reading"/> for <paramref name="channel"/>; returns how many rows were added or changed.</summary>
    public async Task<int> StoreAsync(Channel channel, SourceReading reading, string recordedBy, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var metrics = await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Key, ct);
        var provenance = new WriteProvenance(ObservationSource.Collector, recordedBy);
        var changed = new Changes();

        var figures = reading.Figures.Select(f => new ObservationWrite(Metric(metrics, f.MetricKey).Id, channel.CountyId, channel.Id, f.Period, f.Value)).ToList();
        var written = await WriteAsync(db, figures, provenance, changed, metrics, ct);
        written += await StoreArticlesAsync(db, channel, reading.Articles, metrics, provenance, changed, ct);
        written += await StoreCommentatorsAsync(db, channel, reading.CommentatorTasks, metrics, provenance, changed, ct);
        written += await StoreRankingsAsync(db, reading.Rankings, changed, ct);

        var now = time.GetUtcNow().UtcDateTime;
        await db.Channels.Where(c => c.Id == channel.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSuccessAtUtc, now).SetProperty(c => c.LastAttemptAtUtc, now).SetProperty(c => c.LastError, (string?)null), ct);
        await transaction.CommitAsync(ct);

        if (changed.Any)
        {
            await notifier.PublishAsync(new ChangeNotice(recordedBy, changed.Metrics, changed.Counties, now));
        }

        return written;
    }

    /// <summary>Records a failed read: the channel keeps its last good figures and shows the error.</summary>
    public async Task RecordFailureAsync(int channelId, string error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var message = error.Length > 2000 ? error[..2000] : error;
        await db.Channels.Where(c => c.Id == channelId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastAttemptAtUtc, now).SetProperty(c => c.LastError, message), ct);
    }

    private async Task<int> WriteAsync(DashboardDbContext db, List<ObservationWrite> writes, WriteProvenance provenance, Changes changed,
        Dictionary<string, MetricDefinition> metrics, CancellationToken ct)
    {
        if (writes.Count == 0)
        {
            return 0;
        }

        var result = await writer.UpsertAsync(db, writes, provenance, ct);
        if (result.Written > 0)
        {
            var keys = metrics.Values.ToDictionary(m => m.Id, m => m.Key);
            foreach (var w in writes)
            {
                changed.Add(keys[w.MetricId], w.CountyId);
            }
        }

        return result.Written;
    }

    private async Task<int> StoreArticlesAsync(DashboardDbContext db, Channel channel, IReadOnlyList<ArticleReading> articles,
        Dictionary<string, MetricDefinition> metrics, WriteProvenance provenance, Changes changed, CancellationToken ct)
    {
        if (articles.Count == 0)
        {
            return 0;
        }

        var counties = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, ct);
        // Every story on the county's own site is its own; a news outlet's story counts for the counties it names.
        var isOwnSite = channel.Kind == ChannelKinds.OwnSite;
        var candidates = articles
            .SelectMany(a => (isOwnSite ? [channel.CountyId] : a.CountyCodes.Where(counties.ContainsKey).Select(code => counties[code]))
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
        var now = time.GetUtcNow().UtcDateTime;
        var added = candidates.Where(x => !known.Contains((x.CountyId, x.Article.CanonicalUrl))).ToList();
        db.Articles.AddRange(added.Select(x => new Article
        {
            ChannelId = channel.Id,
            CountyId = x.CountyId,
            Url = x.Article.Url,
            CanonicalUrl = x.Article.CanonicalUrl,
            Title = x.Article.Title,
            PublishedAtUtc = x.Article.PublishedAtUtc,
            CollectedAtUtc = now,
        }));
        await db.SaveChangesAsync(ct);

        // Placements are counted from the stored stories, so the count can only follow what is stored.
        var metric = Metric(metrics, isOwnSite ? MetricKeys.SiteArticles : MetricKeys.ArticlePlacements);
        var writes = new List<ObservationWrite>();
        foreach (var group in added.GroupBy(x => (x.CountyId, Month: Period.MonthOf(clock.DateOf(x.Article.PublishedAtUtc)))))
        {
            var from = clock.StartOfDayUtc(group.Key.Month.Start);
            var to = clock.StartOfDayUtc(group.Key.Month.End.AddDays(1));
            var count = await db.Articles.CountAsync(a => a.ChannelId == channel.Id && a.CountyId == group.Key.CountyId && a.PublishedAtUtc >= from && a.PublishedAtUtc < to, ct);
            writes.Add(new ObservationWrite(metric.Id, group.Key.CountyId, channel.Id, group.Key.Month, count));
        }

        return added.Count + await WriteAsync(db, writes, provenance, changed, metrics, ct);
    }

    private async Task<int> StoreCommentatorsAsync(DashboardDbContext db, Channel channel, IReadOnlyList<CommentatorTaskReading> tasks,
        Dictionary<string, MetricDefinition> metrics, WriteProvenance provenance, Changes changed, CancellationToken ct)
    {
        if (tasks.Count == 0)
        {
            return 0;
        }

        var written = 0;
        var commentators = await db.Commentators.Where(c => c.CountyId == channel.CountyId).ToListAsync(ct);
        Commentator? Find(CommentatorTaskReading t) =>
            commentators.FirstOrDefault(c => t.ExternalId is not null && c.ExternalId == t.ExternalId)
            ?? commentators.FirstOrDefault(c => c.Name == t.Name && (t.ExternalId is null || c.ExternalId is null));

        // A commentator the team did not know yet is added, not dropped.
        foreach (var task in tasks.DistinctBy(t => (t.ExternalId, t.Name)))
        {
            if (Find(task) is null)
            {
                var added = new Commentator { CountyId = channel.CountyId, Name = task.Name, ExternalId = task.ExternalId, Unit = task.Unit, JoinedOn = task.Date };
                commentators.Add(added);
                db.Commentators.Add(added);
                written++;
            }
        }

        await db.SaveChangesAsync(ct);

        // The export's totals replace each commentator's months it covers: a re-run writes the same numbers.
        var months = tasks.GroupBy(t => (Find(t)!.Id, Month: Period.MonthOf(t.Date).Start))
            .ToDictionary(g => g.Key, g => (Reposts: g.Sum(t => t.Reposts), Replies: g.Sum(t => t.Replies)));
        var ids = months.Keys.Select(k => k.Id).Distinct().ToList();
        var monthStarts = months.Keys.Select(k => k.Month).Distinct().ToList();
        var existing = await db.CommentatorActivity.Where(a => ids.Contains(a.CommentatorId) && monthStarts.Contains(a.Month)).ToListAsync(ct);
        foreach (var ((id, month), totals) in months)
        {
            var row = existing.FirstOrDefault(a => a.CommentatorId == id && a.Month == month);
            if (row is null)
            {
                db.CommentatorActivity.Add(new CommentatorActivity { CommentatorId = id, Month = month, Reposts = totals.Reposts, Replies = totals.Replies });
                written++;
            }
            else if (row.Reposts != totals.Reposts || row.Replies != totals.Replies)
            {
                (row.Reposts, row.Replies) = totals;
                row.IsDemo = false;
                written++;
            }
        }

        await db.SaveChangesAsync(ct);

        // The county's figures are the sums over all its commentators, whatever platform they came from.
        var writes = new List<ObservationWrite>();
        foreach (var month in monthStarts)
        {
            var activity = await db.CommentatorActivity.Where(a => a.Month == month && a.Commentator!.CountyId == channel.CountyId)
                .Select(a => new { a.Reposts, a.Replies }).ToListAsync(ct);
            var period = Period.MonthOf(month);
            writes.Add(new ObservationWrite(Metric(metrics, MetricKeys.CommentatorReposts).Id, channel.CountyId, null, period, activity.Sum(a => a.Reposts)));
            writes.Add(new ObservationWrite(Metric(metrics, MetricKeys.CommentatorReplies).Id, channel.CountyId, null, period, activity.Sum(a => a.Replies)));
            writes.Add(new ObservationWrite(Metric(metrics, MetricKeys.CommentatorCount).Id, channel.CountyId, null, period, activity.Count));
        }

        return written + await WriteAsync(db, writes, provenance, changed, metrics, ct);
    }

    private static async Task<int> StoreRankingsAsync(DashboardDbContext db, IReadOnlyList<RankingReading> rankings, Changes changed, CancellationToken ct)
    {
        var written = 0;
        var counties = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, ct);
        foreach (var ranking in rankings)
        {
            var entries = ranking.Entries
                .Select(e => (e.AccountName, CountyId: e.CountyCode is { } code && counties.TryGetValue(code, out var id) ? id : (int?)null, e.Rank, e.Score, e.Influence, e.Activity, e.Coverage, e.Spread))
                .OrderBy(e => e.Rank).ThenBy(e => e.AccountName, StringComparer.Ordinal)
                .ToList();
            var row = await db.ExternalRankings.Include(r => r.Entries).SingleOrDefaultAsync(r => r.ListName == ranking.ListName && r.PeriodStart == ranking.PeriodStart, ct);
            var stored = row?.Entries
                .Select(e => (e.AccountName, e.CountyId, e.Rank, e.Score, e.Influence, e.Activity, e.Coverage, e.Spread))
                .OrderBy(e => e.Rank).ThenBy(e => e.AccountName, StringComparer.Ordinal)
                .ToList();
            if (row is not null && stored!.SequenceEqual(entries) && row.PeriodEnd == ranking.PeriodEnd && row.PeriodLabel == ranking.PeriodLabel)
            {
                continue;
            }

            if (row is null)
            {
                row = new ExternalRanking { ListName = ranking.ListName, PeriodLabel = ranking.PeriodLabel, PeriodStart = ranking.PeriodStart };
                db.ExternalRankings.Add(row);
            }

            row.Publisher = ranking.Publisher;
            row.PeriodLabel = ranking.PeriodLabel;
            row.PeriodEnd = ranking.PeriodEnd;
            row.PublishedOn = ranking.PublishedOn;
            row.IsDemo = false;
            row.Entries.Clear();
            row.Entries.AddRange(entries.Select(e => new ExternalRankingEntry
            {
                AccountName = e.AccountName, CountyId = e.CountyId, Rank = e.Rank, Score = e.Score,
                Influence = e.Influence, Activity = e.Activity, Coverage = e.Coverage, Spread = e.Spread,
            }));
            written += entries.Count;
            foreach (var countyId in entries.Where(e => e.CountyId is not null).Select(e => e.CountyId!.Value))
            {
                changed.Add(ChangeNotice.ExternalRankings, countyId);
            }
        }

        await db.SaveChangesAsync(ct);
        return written;
    }

    private static MetricDefinition Metric(Dictionary<string, MetricDefinition> metrics, string key) =>
        metrics.TryGetValue(key, out var metric) ? metric : throw new SourceConfigurationException($"未知的指标代码 {key}。");

    private sealed class Changes
    {
        public HashSet<string> Metrics { get; } = new(StringComparer.Ordinal);

        public HashSet<int> Counties { get; } = [];

        public bool Any => Metrics.Count > 0;

        public void Add(string metric, int countyId)
        {
            Metrics.Add(metric);
            Counties.Add(countyId);
        }
    }
}
