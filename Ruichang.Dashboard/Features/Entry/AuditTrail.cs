using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>Which changes to list: each filter is optional; <see cref="Month"/> matches the changed period's month.</summary>
public sealed record AuditFilter(Period? Month = null, int? CountyId = null, int? MetricId = null, string? UserName = null);

/// <summary>One change as <c>/entry/history</c> lists it, with the names of its county, metric and channel.</summary>
public sealed record AuditRow(
    long Id, DateTime AtUtc, string UserName, string Action, string EntityType, string? County, string? Metric, string? Channel,
    PeriodGranularity? Granularity, DateOnly? PeriodStart, string? OldValue, string? NewValue, ObservationSource? Source, string? Reason);

/// <summary>Reads the figures' audit trail, newest first, a page at a time (it grows with every collection run).</summary>
public sealed class AuditTrail(IDbContextFactory<DashboardDbContext> factory)
{
    public const int PageSize = 100;

    /// <summary>How many changes <see cref="ReadAll"/> reads with one context.</summary>
    public const int ExportPageSize = 1000;

    /// <summary>Up to <see cref="PageSize"/> changes older than <paramref name="before"/> (an entry id; null: the newest).</summary>
    public async Task<IReadOnlyList<AuditRow>> ReadAsync(AuditFilter filter, long? before, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Page(db, filter, before, PageSize).ToListAsync(ct);
    }

    /// <summary>
    /// Every change that matches, newest first, read a page at a time as the caller goes on (the export of
    /// <c>/entry/history</c>): one short-lived context per page, so a slow download holds no connection, and
    /// never the whole trail in memory. Synchronous because the spreadsheet writer pulls its rows synchronously.
    /// </summary>
    public IEnumerable<AuditRow> ReadAll(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        long? before = null;
        while (true)
        {
            List<AuditRow> page;
            using (var db = factory.CreateDbContext())
            {
                page = [.. Page(db, filter, before, ExportPageSize)];
            }

            foreach (var row in page)
            {
                yield return row;
            }

            if (page.Count < ExportPageSize)
            {
                yield break;
            }

            before = page[^1].Id;
        }
    }

    // The figures' changes: their values, targets and months' approval. The trail also keeps what happens to
    // accounts and tokens (sign-ins, lockouts: /admin/users) and to counties and metrics (their admin pages), which
    // are an administrator's to read, not everyone's who enters figures.
    private static readonly string[] FigureEntities = [AuditEntities.Observation, AuditEntities.Target, AuditEntities.Submission];

    private static IQueryable<AuditRow> Page(DashboardDbContext db, AuditFilter filter, long? before, int take)
    {
        var query = db.AuditEntries.AsNoTracking().Where(a => FigureEntities.Contains(a.EntityType));
        if (before is { } id)
        {
            query = query.Where(a => a.Id < id);
        }

        if (filter.Month is { } month)
        {
            // A day's change falls in its month; a target's year starts on 1 January and matches January.
            query = query.Where(a => a.PeriodStart >= month.Start && a.PeriodStart <= month.End);
        }

        if (filter.CountyId is { } county)
        {
            query = query.Where(a => a.CountyId == county);
        }

        if (filter.MetricId is { } metric)
        {
            query = query.Where(a => a.MetricId == metric);
        }

        if (!string.IsNullOrWhiteSpace(filter.UserName))
        {
            var name = filter.UserName.Trim();
            query = query.Where(a => a.UserName == name);
        }

        return query
            .OrderByDescending(a => a.Id)
            .Take(take)
            .Select(a => new AuditRow(
                a.Id, a.AtUtc, a.UserName, a.Action, a.EntityType,
                db.Counties.Where(c => c.Id == a.CountyId).Select(c => c.Name).FirstOrDefault(),
                db.Metrics.Where(m => m.Id == a.MetricId).Select(m => m.Name).FirstOrDefault(),
                db.Channels.Where(c => c.Id == a.ChannelId).Select(c => c.Name).FirstOrDefault(),
                a.Granularity, a.PeriodStart, a.OldValue, a.NewValue, a.Source, a.Reason));
    }
}
