using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Articles;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// What one seeding run added (or changed, for observations and commentator months): <see cref="Channels"/>
/// are the peers' demo Weibo accounts, <see cref="Removed"/> the demo figures the generator no longer
/// makes (a database seeded when the peers' Weibo figures were still at county level).
/// </summary>
public sealed record DemoSeedResult(
    Period Through, int Observations, int Commentators, int CommentatorMonths, int Articles, int Rankings, int Channels = 0, int Removed = 0, int CommentatorTasks = 0)
{
    public int Total => Observations + Commentators + CommentatorMonths + Articles + Rankings + Channels + Removed + CommentatorTasks;
}

/// <summary>
/// Writes <see cref="DemoHistory"/> into the database on start when <c>Demo:Enabled</c> is on, the
/// current month ending at the moment of the start. It only adds what is missing and brings the demo's
/// own rows up to date: a start on a day already seeded returns after two queries, a start on a later
/// day adds the days since (the current month's figures, stories and commentator tasks by now, the
/// rest of a month seeded part-way), and a figure somebody entered, imported or collected is never
/// replaced — nor are the stories and tasks of a month a collector has counted. Each peer county gets a
/// demo Weibo account (<see cref="Channel.IsDemo"/>) that carries its Weibo figures. Everything is
/// written in one transaction, so a run is all or nothing.
/// </summary>
public sealed class DemoHistorySeeder(
    IDbContextFactory<DashboardDbContext> factory,
    ObservationWriter writer,
    CountyClock clock,
    ILogger<DemoHistorySeeder> logger) : IStartupSeeder
{
    public const string RecordedBy = "demo";

    /// <summary>After the reference data (0) and the roles (10).</summary>
    public int Order => 100;

    public Task SeedAsync(CancellationToken ct) => SeedHistoryAsync(ct);

    public async Task<DemoSeedResult> SeedHistoryAsync(CancellationToken ct)
    {
        var now = clock.Now;
        var today = DateOnly.FromDateTime(now.DateTime);
        var through = Period.MonthOf(today);
        await using var db = await factory.CreateDbContextAsync(ct);
        var homeId = await db.Counties.Where(c => c.Code == ReferenceCatalog.HomeCountyCode).Select(c => c.Id).SingleAsync(ct);

        // The cheap check: the whole history is written in one transaction, and a seed moves some of
        // the current month's figures every day, so a demo figure of this month written today means
        // everything up to today is there — in the current layout when a demo channel has figures
        // (before, the peers' Weibo was at county level).
        var startOfToday = clock.StartOfDayUtc(today);
        if (await db.Observations.AnyAsync(
                o => o.Granularity == PeriodGranularity.Month && o.PeriodStart == through.Start && o.IsDemo && o.RecordedAtUtc >= startOfToday, ct)
            && await db.Observations.AnyAsync(o => o.Channel!.IsDemo && o.IsDemo, ct))
        {
            logger.DemoHistoryCurrent(through);
            return new DemoSeedResult(through, 0, 0, 0, 0, 0);
        }

        var started = Stopwatch.GetTimestamp();
        var data = DemoHistory.Generate(now.DateTime);
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(
            async token =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var channels = await AddPeerWeiboChannelsAsync(db, token);
                var ids = await DemoIds.LoadAsync(db, homeId, token);
                var (observations, removed) = await WriteObservationsAsync(db, ids, data, token);
                var (commentators, months, tasks) = await WriteCommentatorsAsync(db, ids, data, token);
                var articles = await WriteArticlesAsync(db, ids, data, token);
                var rankings = await WriteRankingsAsync(db, ids, data, token);
                await transaction.CommitAsync(token);
                return new DemoSeedResult(through, observations, commentators, months, articles, rankings, channels, removed, tasks);
            },
            ct);

        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        logger.DemoHistorySeeded(through, result.Observations, result.Commentators, result.CommentatorMonths, result.Articles, result.Rankings, elapsedMs);
        if (result.Channels > 0 || result.Removed > 0)
        {
            logger.DemoChannelsSeeded(result.Channels, result.Removed);
        }

        return result;
    }

    /// <summary>Adds the peers' demo Weibo accounts that are missing; returns how many it added.</summary>
    private static async Task<int> AddPeerWeiboChannelsAsync(DashboardDbContext db, CancellationToken ct)
    {
        var peers = await db.Counties.AsNoTracking().Where(c => !c.IsHome).ToListAsync(ct);
        var known = ReferenceCatalog.Counties().Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var county in peers.Where(c => known.Contains(c.Code) && c.Code != ReferenceCatalog.HomeCountyCode))
        {
            var account = DemoHistory.PeerWeiboChannel(county.Code);
            if (await db.Channels.AnyAsync(c => c.CountyId == county.Id && c.Kind == account.Kind && c.Name == account.Name, ct))
            {
                continue;
            }

            db.Channels.Add(new Channel
            {
                CountyId = county.Id,
                Kind = account.Kind,
                Name = account.Name,
                Platform = "sina",
                ExternalId = DemoSourceLinks.WeiboUid(county.Code),
                IsDemo = true,
            });
            added++;
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }

    private async Task<(int Written, int Removed)> WriteObservationsAsync(DashboardDbContext db, DemoIds ids, DemoDataSet data, CancellationToken ct)
    {
        // Months, and the days of the metrics the demo has days of (the home channels' gauges and Weibo posts, one a day,
        // see DemoHistory): the demo's and the collectors', never replaced.
        var daily = data.Figures.Where(f => f.Period.Granularity == PeriodGranularity.Day).Select(f => ids.Metrics.GetValueOrDefault(f.MetricKey)).ToHashSet();
        var existing = (await db.Observations.AsNoTracking()
                .Where(o => (o.Granularity == PeriodGranularity.Month || daily.Contains(o.MetricId))
                    && o.PeriodStart >= DemoHistory.FirstMonth.Start && o.PeriodStart <= data.Through.End)
                .Select(o => new { o.Id, o.MetricId, o.CountyId, o.ChannelId, o.Granularity, o.PeriodStart, o.IsDemo, o.Value })
                .ToListAsync(ct))
            .ToDictionary(o => (o.MetricId, o.CountyId, o.ChannelId, o.Granularity, o.PeriodStart), o => (o.Id, o.IsDemo, o.Value));

        var writes = new List<ObservationWrite>();
        var generated = new HashSet<(int, int, int?, PeriodGranularity, DateOnly)>();
        foreach (var figure in data.Figures)
        {
            if (!ids.TryResolve(figure, out var metricId, out var countyId, out var channelId))
            {
                continue;
            }

            var key = (metricId, countyId, channelId, figure.Period.Granularity, figure.Period.Start);
            generated.Add(key);

            // Only missing figures and demo figures whose value changed: a figure somebody entered,
            // imported or collected is never replaced by an invented one.
            if (existing.TryGetValue(key, out var row) && (!row.IsDemo || row.Value.Equals(figure.Value)))
            {
                continue;
            }

            writes.Add(new ObservationWrite(metricId, countyId, channelId, figure.Period, figure.Value));
        }

        // Demo figures the generator no longer makes at their place: left there, they would be counted
        // beside the ones that moved onto a channel.
        var stale = existing.Where(e => e.Value.IsDemo && !generated.Contains(e.Key)).Select(e => e.Value.Id).ToList();
        var removed = stale.Count == 0 ? 0 : await db.Observations.Where(o => stale.Contains(o.Id)).ExecuteDeleteAsync(ct);

        var result = await writer.UpsertAsync(db, writes, new WriteProvenance(ObservationSource.Demo, RecordedBy, IsDemo: true), ct);
        db.ChangeTracker.Clear();
        return (result.Written, removed);
    }

    /// <summary>
    /// The demo commentators, their months (missing ones added, demo ones whose figures moved
    /// updated) and their tasks (the compared months' and the current month's) on the home county's commentator
    /// platform, those of a month the demo still holds: a month a collector has counted from the platform's tasks is its.
    /// </summary>
    private static async Task<(int Commentators, int Months, int Tasks)> WriteCommentatorsAsync(DashboardDbContext db, DemoIds ids, DemoDataSet data, CancellationToken ct)
    {
        var homeId = ids.HomeId;
        var existing = (await db.Commentators.AsNoTracking()
                .Where(c => c.CountyId == homeId && c.IsDemo)
                .Select(c => new { c.Id, c.Name })
                .ToListAsync(ct))
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(c => c.Id), StringComparer.Ordinal);
        var seen = (await db.CommentatorActivity.AsNoTracking()
                .Where(a => a.Commentator!.CountyId == homeId && a.Commentator.IsDemo)
                .Select(a => new { a.Id, a.CommentatorId, a.Month, a.Reposts, a.Replies, a.IsDemo })
                .ToListAsync(ct))
            .ToDictionary(a => (a.CommentatorId, a.Month), a => (a.Id, a.Reposts, a.Replies, a.IsDemo));

        // Plain inserts of new rows: nothing to detect, and detecting over thousands of entries costs.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        int commentators = 0, months = 0;
        var moved = new Dictionary<long, DemoCommentatorMonth>();
        foreach (var c in data.Commentators)
        {
            if (existing.TryGetValue(c.Name, out var id))
            {
                foreach (var a in c.Activity)
                {
                    if (!seen.TryGetValue((id, a.Month), out var row))
                    {
                        db.CommentatorActivity.Add(new CommentatorActivity { CommentatorId = id, Month = a.Month, Reposts = a.Reposts, Replies = a.Replies, IsDemo = true });
                        months++;
                    }
                    else if (row.IsDemo && (row.Reposts != a.Reposts || row.Replies != a.Replies))
                    {
                        moved[row.Id] = a;
                    }
                }

                continue;
            }

            db.Commentators.Add(new Commentator
            {
                CountyId = homeId,
                Name = c.Name,
                Unit = c.Unit,
                ExternalId = c.ExternalId,
                JoinedOn = c.JoinedOn,
                IsRecommended = c.IsRecommended,
                IsDemo = true,
                Activity = [.. c.Activity.Select(a => new CommentatorActivity { Month = a.Month, Reposts = a.Reposts, Replies = a.Replies, IsDemo = true })],
            });
            commentators++;
            months += c.Activity.Count;
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = true;

        foreach (var row in await db.CommentatorActivity.Where(a => moved.Keys.Contains(a.Id)).ToListAsync(ct))
        {
            (row.Reposts, row.Replies) = (moved[row.Id].Reposts, moved[row.Id].Replies);
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return (commentators, months + moved.Count, await WriteCommentatorTasksAsync(db, ids, data, ct));
    }

    /// <summary>
    /// The tasks of the demo commentators (the compared months' and the current month's), on the home county's
    /// commentator platform, in the months whose activity the demo holds: a month a collector has counted is its.
    /// </summary>
    private static async Task<int> WriteCommentatorTasksAsync(DashboardDbContext db, DemoIds ids, DemoDataSet data, CancellationToken ct)
    {
        var platform = ReferenceCatalog.HomeChannels(ids.HomeId).First(c => c.Kind == ChannelKinds.CommentatorPlatform);
        if (data.CommentatorTasks.Count == 0 || !ids.Channels.TryGetValue((ids.HomeId, platform.Kind, platform.Name), out var channelId))
        {
            return 0;
        }

        var first = Period.MonthOf(data.CommentatorTasks.Min(t => t.Date)).Start;
        var next = data.Through.End.AddDays(1);
        var members = (await db.Commentators.AsNoTracking()
                .Where(c => c.CountyId == ids.HomeId && c.IsDemo)
                .Select(c => new { c.Id, c.Name })
                .ToListAsync(ct))
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(c => c.Id), StringComparer.Ordinal);
        var counted = (await db.CommentatorActivity.AsNoTracking()
                .Where(a => a.Commentator!.CountyId == ids.HomeId && a.Commentator.IsDemo && !a.IsDemo && a.Month >= first && a.Month < next)
                .Select(a => new { a.CommentatorId, a.Month })
                .ToListAsync(ct))
            .Select(a => (a.CommentatorId, a.Month))
            .ToHashSet();
        var stored = (await db.CommentatorTasks.AsNoTracking()
                .Where(t => t.ChannelId == channelId && t.Date >= first && t.Date < next)
                .Select(t => new { t.CommentatorId, t.Date, t.Task })
                .ToListAsync(ct))
            .Select(t => (t.CommentatorId, t.Date, t.Task))
            .ToHashSet();

        var added = 0;
        foreach (var t in data.CommentatorTasks)
        {
            if (members.TryGetValue(t.Name, out var id) && !counted.Contains((id, Period.MonthOf(t.Date).Start)) && stored.Add((id, t.Date, t.Task)))
            {
                db.CommentatorTasks.Add(new CommentatorTask
                {
                    CommentatorId = id, ChannelId = channelId, Date = t.Date, Task = t.Task, Reposts = t.Reposts, Replies = t.Replies, IsDemo = true,
                });
                added++;
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }

    /// <summary>
    /// The stories the history places that are not stored yet, for every county a story names as the
    /// articles collector stores them (a story on the own site is the home county's only); only in the
    /// months whose figure the demo still holds on the story's channel (a collector counts a channel's
    /// month from its stored stories: one it has counted is its).
    /// </summary>
    private async Task<int> WriteArticlesAsync(DashboardDbContext db, DemoIds ids, DemoDataSet data, CancellationToken ct)
    {
        var counties = await db.Counties.AsNoTracking().ToListAsync(ct);
        var urls = data.Articles.Select(a => UrlCanonicalizer.Canonicalize(new Uri(a.Url))).ToList();
        var known = (await db.Articles.AsNoTracking().Where(a => urls.Contains(a.CanonicalUrl)).Select(a => new { a.CountyId, a.CanonicalUrl }).ToListAsync(ct))
            .Select(a => (a.CountyId, a.CanonicalUrl))
            .ToHashSet();
        string[] counted = [MetricKeys.ArticlePlacements, MetricKeys.SiteArticles];
        var first = data.Articles.Count == 0 ? data.Through.Start : Period.MonthOf(DateOnly.FromDateTime(data.Articles.Min(a => a.PublishedAtLocal))).Start;
        var collected = (await db.Observations.AsNoTracking()
                .Where(o => o.CountyId == ids.HomeId && o.ChannelId != null && o.Granularity == PeriodGranularity.Month && o.PeriodStart >= first
                    && !o.IsDemo && counted.Contains(o.Metric!.Key))
                .Select(o => new { ChannelId = o.ChannelId!.Value, o.PeriodStart })
                .ToListAsync(ct))
            .Select(o => (o.ChannelId, o.PeriodStart))
            .ToHashSet();
        var now = clock.Now.UtcDateTime;
        var added = 0;
        var matcher = new CountyMatcher(counties);
        for (var i = 0; i < data.Articles.Count; i++)
        {
            var a = data.Articles[i];
            if (!ids.Channels.TryGetValue((ids.HomeId, a.Kind, a.Outlet), out var channelId)
                || collected.Contains((channelId, Period.MonthOf(DateOnly.FromDateTime(a.PublishedAtLocal)).Start)))
            {
                continue;
            }

            var published = TimeZoneInfo.ConvertTimeToUtc(a.PublishedAtLocal, clock.Zone);
            var countyIds = a.Kind == ChannelKinds.OwnSite
                ? [ids.HomeId]
                : matcher.Match(a.Title).Select(code => ids.Counties.GetValueOrDefault(code)).Where(id => id != 0).Append(ids.HomeId).Distinct();
            foreach (var countyId in countyIds.Where(c => known.Add((c, urls[i]))))
            {
                db.Articles.Add(new Article
                {
                    ChannelId = channelId,
                    CountyId = countyId,
                    Url = a.Url,
                    CanonicalUrl = urls[i],
                    Title = a.Title,
                    PublishedAtUtc = published,
                    CollectedAtUtc = published.AddMinutes(30) < now ? published.AddMinutes(30) : now,
                    IsDemo = true,
                });
                added++;
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }

    private static async Task<int> WriteRankingsAsync(DashboardDbContext db, DemoIds ids, DemoDataSet data, CancellationToken ct)
    {
        var added = 0;
        foreach (var r in data.Rankings)
        {
            if (await db.ExternalRankings.AnyAsync(x => x.ListName == r.ListName && x.PeriodStart == r.PeriodStart, ct))
            {
                continue;
            }

            db.ExternalRankings.Add(new ExternalRanking
            {
                ListName = r.ListName,
                Publisher = r.Publisher,
                PeriodLabel = r.PeriodLabel,
                PeriodStart = r.PeriodStart,
                PeriodEnd = r.PeriodEnd,
                PublishedOn = r.PublishedOn,
                IsDemo = true,
                Entries =
                [
                    .. r.Entries.Select(e => new ExternalRankingEntry
                    {
                        AccountName = e.AccountName,
                        CountyId = e.CountyCode is { } code && ids.Counties.TryGetValue(code, out var countyId) ? countyId : null,
                        Rank = e.Rank,
                        Score = e.Score,
                        Influence = e.Influence,
                        Activity = e.Activity,
                        Coverage = e.Coverage,
                        Spread = e.Spread,
                    }),
                ],
            });
            added++;
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }

    /// <summary>The database ids of the codes, keys and channel names the generator speaks in.</summary>
    private sealed record DemoIds(
        int HomeId,
        IReadOnlyDictionary<string, int> Counties,
        IReadOnlyDictionary<string, int> Metrics,
        IReadOnlyDictionary<(int CountyId, string Kind, string Name), int> Channels)
    {
        public static async Task<DemoIds> LoadAsync(DashboardDbContext db, int homeId, CancellationToken ct)
        {
            var counties = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
            var metrics = await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Key, m => m.Id, StringComparer.Ordinal, ct);
            var channels = (await db.Channels.AsNoTracking().Select(c => new { c.CountyId, c.Kind, c.Name, c.Id }).ToListAsync(ct))
                .GroupBy(c => (c.CountyId, c.Kind, c.Name))
                .ToDictionary(g => g.Key, g => g.Min(c => c.Id));
            return new DemoIds(homeId, counties, metrics, channels);
        }

        /// <summary>False when an administrator has removed the county, metric or channel: that figure is left out.</summary>
        public bool TryResolve(DemoFigure figure, out int metricId, out int countyId, out int? channelId)
        {
            channelId = null;
            var known = Metrics.TryGetValue(figure.MetricKey, out metricId);
            known &= Counties.TryGetValue(figure.CountyCode, out countyId);
            if (!known)
            {
                return false;
            }

            if (figure.Channel is { } channel)
            {
                if (!Channels.TryGetValue((countyId, channel.Kind, channel.Name), out var id))
                {
                    return false;
                }

                channelId = id;
            }

            return true;
        }
    }
}

internal static partial class DemoHistorySeederLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Demo history is current through {Through}")]
    public static partial void DemoHistoryCurrent(this ILogger logger, Period through);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo history seeded through {Through}: {Observations} observations, {Commentators} commentators with {CommentatorMonths} activity months, {Articles} articles, {Rankings} rankings in {ElapsedMs} ms")]
    public static partial void DemoHistorySeeded(this ILogger logger, Period through, int observations, int commentators, int commentatorMonths, int articles, int rankings, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo peer Weibo accounts added: {Channels}; demo figures no longer generated, removed: {Removed}")]
    public static partial void DemoChannelsSeeded(this ILogger logger, int channels, int removed);
}
