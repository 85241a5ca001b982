using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>What one seeding run added (or changed, for observations).</summary>
public sealed record DemoSeedResult(Period Through, int Observations, int Commentators, int CommentatorMonths, int Articles, int Rankings)
{
    public int Total => Observations + Commentators + CommentatorMonths + Articles + Rankings;
}

/// <summary>
/// Writes <see cref="DemoHistory"/> into the database on start when <c>Demo:Enabled</c> is on. It only
/// adds what is missing: a start in a month already seeded returns after one indexed query, a start in
/// a new month adds that month, and a figure somebody entered, imported or collected is never replaced.
/// Everything is written in one transaction, so a run is all or nothing.
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
        var today = clock.Today;
        var through = Period.MonthOf(today);
        await using var db = await factory.CreateDbContextAsync(ct);
        var homeId = await db.Counties.Where(c => c.Code == ReferenceCatalog.HomeCountyCode).Select(c => c.Id).SingleAsync(ct);

        // The cheap check: the whole history is written in one transaction, so a demo figure of the
        // home county for this month means everything up to this month is there.
        if (await db.Observations.AnyAsync(
            o => o.CountyId == homeId && o.Granularity == PeriodGranularity.Month && o.PeriodStart == through.Start && o.IsDemo, ct))
        {
            logger.DemoHistoryCurrent(through);
            return new DemoSeedResult(through, 0, 0, 0, 0, 0);
        }

        var started = Stopwatch.GetTimestamp();
        var data = DemoHistory.Generate(today);
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(
            async token =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var ids = await DemoIds.LoadAsync(db, homeId, token);
                var observations = await WriteObservationsAsync(db, ids, data, token);
                var (commentators, months) = await WriteCommentatorsAsync(db, homeId, data, token);
                var articles = await WriteArticlesAsync(db, ids, data, token);
                var rankings = await WriteRankingsAsync(db, ids, data, token);
                await transaction.CommitAsync(token);
                return new DemoSeedResult(through, observations, commentators, months, articles, rankings);
            },
            ct);

        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        logger.DemoHistorySeeded(through, result.Observations, result.Commentators, result.CommentatorMonths, result.Articles, result.Rankings, elapsedMs);
        return result;
    }

    private async Task<int> WriteObservationsAsync(DashboardDbContext db, DemoIds ids, DemoDataSet data, CancellationToken ct)
    {
        var existing = (await db.Observations.AsNoTracking()
                .Where(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart >= DemoHistory.FirstMonth.Start && o.PeriodStart <= data.Through.Start)
                .Select(o => new { o.MetricId, o.CountyId, o.ChannelId, o.PeriodStart, o.IsDemo, o.Value })
                .ToListAsync(ct))
            .ToDictionary(o => (o.MetricId, o.CountyId, o.ChannelId, o.PeriodStart), o => (o.IsDemo, o.Value));

        var writes = new List<ObservationWrite>();
        foreach (var figure in data.Figures)
        {
            if (!ids.TryResolve(figure, out var metricId, out var countyId, out var channelId))
            {
                continue;
            }

            // Only missing figures and demo figures whose value changed: a figure somebody entered,
            // imported or collected is never replaced by an invented one.
            if (existing.TryGetValue((metricId, countyId, channelId, figure.Period.Start), out var row) && (!row.IsDemo || row.Value.Equals(figure.Value)))
            {
                continue;
            }

            writes.Add(new ObservationWrite(metricId, countyId, channelId, figure.Period, figure.Value));
        }

        var result = await writer.UpsertAsync(db, writes, new WriteProvenance(ObservationSource.Demo, RecordedBy, IsDemo: true), ct);
        db.ChangeTracker.Clear();
        return result.Written;
    }

    private static async Task<(int Commentators, int Months)> WriteCommentatorsAsync(DashboardDbContext db, int homeId, DemoDataSet data, CancellationToken ct)
    {
        var existing = (await db.Commentators.AsNoTracking()
                .Where(c => c.CountyId == homeId && c.IsDemo)
                .Select(c => new { c.Id, c.Name })
                .ToListAsync(ct))
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(c => c.Id), StringComparer.Ordinal);
        var seen = (await db.CommentatorActivity.AsNoTracking()
                .Where(a => a.Commentator!.CountyId == homeId && a.Commentator.IsDemo)
                .Select(a => new { a.CommentatorId, a.Month })
                .ToListAsync(ct))
            .Select(a => (a.CommentatorId, a.Month))
            .ToHashSet();

        // Plain inserts of new rows: nothing to detect, and detecting over thousands of entries costs.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        int commentators = 0, months = 0;
        foreach (var c in data.Commentators)
        {
            if (existing.TryGetValue(c.Name, out var id))
            {
                foreach (var a in c.Activity.Where(a => !seen.Contains((id, a.Month))))
                {
                    db.CommentatorActivity.Add(new CommentatorActivity { CommentatorId = id, Month = a.Month, Reposts = a.Reposts, Replies = a.Replies, IsDemo = true });
                    months++;
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
        return (commentators, months);
    }

    private async Task<int> WriteArticlesAsync(DashboardDbContext db, DemoIds ids, DemoDataSet data, CancellationToken ct)
    {
        var known = (await db.Articles.AsNoTracking().Where(a => a.CountyId == ids.HomeId).Select(a => a.CanonicalUrl).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var a in data.Articles)
        {
            if (known.Contains(a.Url) || !ids.Channels.TryGetValue((ids.HomeId, ChannelKinds.NewsFeed, a.Outlet), out var channelId))
            {
                continue;
            }

            var published = TimeZoneInfo.ConvertTimeToUtc(a.PublishedAtLocal, clock.Zone);
            db.Articles.Add(new Article
            {
                ChannelId = channelId,
                CountyId = ids.HomeId,
                Url = a.Url,
                CanonicalUrl = a.Url,
                Title = a.Title,
                PublishedAtUtc = published,
                CollectedAtUtc = published.AddMinutes(30),
                IsDemo = true,
            });
            added++;
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
}
