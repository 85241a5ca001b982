using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Commentators;

/// <summary>
/// One commentator's month: reposts and replies as collected (the sum of their stored tasks over every platform), and
/// the tasks and platforms they came from; null when nothing of theirs is stored for the month, never a false zero
/// (months entered as totals before the tasks were kept have figures but no tasks).
/// </summary>
public sealed record CommentatorMonthRow(
    string Name, string? Number, string? Unit, bool IsRecommended, int? Tasks, int? Platforms, int? Reposts, int? Replies);

/// <summary>The home county's commentators in <see cref="Month"/>, most active first.</summary>
public sealed record CommentatorMonthTable(County Home, Period Month, IReadOnlyList<CommentatorMonthRow> Rows)
{
    public int Reposts => Rows.Sum(r => r.Reposts ?? 0);

    public int Replies => Rows.Sum(r => r.Replies ?? 0);
}

/// <summary>
/// The commentators' monthly table of <c>/commentators</c> and its exports: every commentator of the home county who
/// is active or has activity stored for the month, from <see cref="CommentatorActivity"/> (a month is the sum of the
/// stored tasks, kept by the collector) and the month's stored tasks for how many tasks and platforms.
/// </summary>
public sealed class CommentatorMonths(IDbContextFactory<DashboardDbContext> factory)
{
    public async Task<CommentatorMonthTable> GetAsync(Period month, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var home = await db.Counties.AsNoTracking().SingleAsync(c => c.IsHome, ct);
        var activity = await db.CommentatorActivity.AsNoTracking()
            .Where(a => a.Month == month.Start && a.Commentator!.CountyId == home.Id)
            .ToDictionaryAsync(a => a.CommentatorId, ct);
        var tasks = (await db.CommentatorTasks.AsNoTracking()
                .Where(t => t.Date >= month.Start && t.Date <= month.End && t.Commentator!.CountyId == home.Id)
                .GroupBy(t => t.CommentatorId)
                .Select(g => new { g.Key, Tasks = g.Count(), Platforms = g.Select(t => t.ChannelId).Distinct().Count() })
                .ToListAsync(ct))
            .ToDictionary(t => t.Key);
        var commentators = await db.Commentators.AsNoTracking()
            .Where(c => c.CountyId == home.Id && (c.IsActive || activity.Keys.Contains(c.Id)))
            .ToListAsync(ct);
        var rows = commentators
            .Select(c => (Commentator: c, Activity: activity.GetValueOrDefault(c.Id), Tasks: tasks.GetValueOrDefault(c.Id)))
            .OrderByDescending(r => (r.Activity?.Reposts ?? -1) + (r.Activity?.Replies ?? 0))
            .ThenBy(r => r.Commentator.ExternalId ?? r.Commentator.Name, StringComparer.Ordinal)
            .Select(r => new CommentatorMonthRow(
                r.Commentator.Name, r.Commentator.ExternalId, r.Commentator.Unit, r.Commentator.IsRecommended,
                r.Tasks?.Tasks, r.Tasks?.Platforms, r.Activity?.Reposts, r.Activity?.Replies))
            .ToList();
        return new CommentatorMonthTable(home, month, rows);
    }
}
