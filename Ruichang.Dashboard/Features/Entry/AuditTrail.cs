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

/// <summary>Reads the audit trail, newest first, a page at a time (it grows with every collection run).</summary>
public sealed class AuditTrail(IDbContextFactory<DashboardDbContext> factory)
{
    public const int PageSize = 100;

    /// <summary>Up to <see cref="PageSize"/> changes older than <paramref name="before"/> (an entry id; null: the newest).</summary>
    public async Task<IReadOnlyList<AuditRow>> ReadAsync(AuditFilter filter, long? before, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking();
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

        return await query
            .OrderByDescending(a => a.Id)
            .Take(PageSize)
            .Select(a => new AuditRow(
                a.Id, a.AtUtc, a.UserName, a.Action, a.EntityType,
                db.Counties.Where(c => c.Id == a.CountyId).Select(c => c.Name).FirstOrDefault(),
                db.Metrics.Where(m => m.Id == a.MetricId).Select(m => m.Name).FirstOrDefault(),
                db.Channels.Where(c => c.Id == a.ChannelId).Select(c => c.Name).FirstOrDefault(),
                a.Granularity, a.PeriodStart, a.OldValue, a.NewValue, a.Source, a.Reason))
            .ToListAsync(ct);
    }
}
