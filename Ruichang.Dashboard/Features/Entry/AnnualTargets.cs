using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>A county's target for a metric in the year (with its version), and the county's figure of the year before.</summary>
public sealed record TargetCell(double? Target, long? Version, double? LastYear)
{
    public static readonly TargetCell Empty = new(null, null, null);
}

/// <summary>The year's targets: counties × metrics.</summary>
public sealed record TargetSheet(int Year, IReadOnlyList<County> Counties, IReadOnlyList<MetricDefinition> Metrics, IReadOnlyDictionary<(int CountyId, int MetricId), TargetCell> Cells)
{
    public TargetCell Cell(int countyId, int metricId) => Cells.GetValueOrDefault((countyId, metricId), TargetCell.Empty);
}

/// <summary>
/// The annual targets per metric and county (<c>/entry/targets</c>) that the dashboards pace against: read with the
/// county's figure of the year before beside each, and saved as the monthly figures are (Staff, Admin; every value
/// by <see cref="EntryRules"/> over twelve months; all or nothing; a target someone else changed since it was read
/// is not overwritten; each change with its audit entry; a change notice after the commit).
/// </summary>
public sealed class AnnualTargets(
    IDbContextFactory<DashboardDbContext> factory, ObservationQueries observations, ChangeNotifier notifier, AccountAccess access, TimeProvider time, CountyClock clock)
{
    /// <summary>The years targets may be set for: from 2000 to next year.</summary>
    public bool IsYearAllowed(int year) => year >= 2000 && year <= clock.Today.Year + 1;

    public async Task<TargetSheet> LoadAsync(int year, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counties = await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct);
        var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.DisplayOrder).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().Where(t => t.Year == year).ToDictionaryAsync(t => (t.CountyId, t.MetricId), ct);
        var january = Period.Month(year - 1, 1);
        var december = Period.Month(year - 1, 12);
        var readings = await observations.LoadMonthlyReadingsAsync(metrics, january.Start, december.End, FigureView.All, ct);
        var cells = new Dictionary<(int, int), TargetCell>();
        foreach (var county in counties)
        {
            foreach (var metric in metrics)
            {
                var target = targets.GetValueOrDefault((county.Id, metric.Id));
                cells[(county.Id, metric.Id)] = new TargetCell(
                    target?.Value, target?.Version, FigureRules.CountyFigure(metric.Kind, readings[(county.Id, metric.Id)], january, december));
            }
        }

        return new TargetSheet(year, counties, metrics, cells);
    }

    /// <summary>Saves the changed targets of <paramref name="year"/>; returns the problems, none when saved.</summary>
    public async Task<EntrySaveResult> SaveAsync(ClaimsPrincipal user, int year, IReadOnlyList<CellEdit> edits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(edits);
        if (!await access.AuthorizeAsync(user, AccountFeature.WritersPolicy, ct) || user.Identity?.Name is not { Length: > 0 } name)
        {
            return EntrySaveResult.Refused("没有权限：只有填报人员和管理员可以设定目标。");
        }

        if (!IsYearAllowed(year))
        {
            return EntrySaveResult.Refused($"只能设定 2000 年到 {clock.Today.Year + 1} 年的目标。");
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var metrics = await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Id, ct);
        var countyIds = await db.Counties.Select(c => c.Id).ToListAsync(ct);
        var errors = new List<CellProblem>();
        var values = new List<(CellEdit Edit, double? Value)>();
        foreach (var edit in edits)
        {
            if (!countyIds.Contains(edit.CountyId) || !metrics.TryGetValue(edit.MetricId, out var metric))
            {
                return EntrySaveResult.Refused("表格已过期（区县或指标已变更），请刷新页面后重新填写。");
            }

            var parsed = EntryRules.Parse(metric, edit.Text, months: 12);
            if (parsed.IsValid)
            {
                values.Add((edit, parsed.Value));
            }
            else
            {
                errors.Add(new CellProblem(edit.CountyId, edit.MetricId, parsed.Error!));
            }
        }

        if (errors.Count > 0)
        {
            return new EntrySaveResult(false, null, errors, [], [], $"有 {errors.Count} 个单元格填写有误，未保存任何数据。");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var keys = values.Select(v => v.Edit.MetricId).Distinct().ToList();
        var stored = await db.Targets.Where(t => t.Year == year && keys.Contains(t.MetricId)).ToDictionaryAsync(t => (t.CountyId, t.MetricId), ct);
        var conflicts = values
            .Where(v => stored.GetValueOrDefault((v.Edit.CountyId, v.Edit.MetricId))?.Version != v.Edit.SeenVersion)
            .Select(v => stored.GetValueOrDefault((v.Edit.CountyId, v.Edit.MetricId)) is { } t
                ? new ObservationConflict(t.MetricId, t.CountyId, null, Period.Month(year, 1), t.Value, null, null)
                : new ObservationConflict(v.Edit.MetricId, v.Edit.CountyId, null, Period.Month(year, 1), null, null, null))
            .ToList();
        if (conflicts.Count > 0)
        {
            return new EntrySaveResult(false, null, [], [], conflicts, $"{conflicts.Count} 个目标在您打开表格后已被他人修改，未保存任何数据。");
        }

        var now = time.GetUtcNow().UtcDateTime;
        int inserted = 0, updated = 0, deleted = 0;
        foreach (var (edit, value) in values)
        {
            var target = stored.GetValueOrDefault((edit.CountyId, edit.MetricId));
            var old = target?.Value;
            string action;
            if (value is null)
            {
                if (target is null)
                {
                    continue;
                }

                db.Targets.Remove(target);
                (action, deleted) = (AuditActions.Delete, deleted + 1);
            }
            else if (target is null)
            {
                db.Targets.Add(new Target { MetricId = edit.MetricId, CountyId = edit.CountyId, Year = year, Value = value.Value });
                (action, inserted) = (AuditActions.Insert, inserted + 1);
            }
            else if (!target.Value.Equals(value.Value))
            {
                target.Value = value.Value;
                (action, updated) = (AuditActions.Update, updated + 1);
            }
            else
            {
                continue;
            }

            db.AuditEntries.Add(new AuditEntry
            {
                AtUtc = now,
                UserName = name,
                Action = action,
                EntityType = AuditEntities.Target,
                EntityKey = FormattableString.Invariant($"{edit.MetricId}:{edit.CountyId}:{year}"),
                OldValue = old is { } before ? Format(before) : null,
                NewValue = value is { } v ? Format(v) : null,
                MetricId = edit.MetricId,
                CountyId = edit.CountyId,
                PeriodStart = new DateOnly(year, 1, 1),
                Source = ObservationSource.Manual,
            });
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return EntrySaveResult.Refused("有目标刚被他人修改，本次未保存任何数据，请刷新后重试。");
        }

        if (inserted + updated + deleted > 0)
        {
            notifier.Publish(new ChangeNotice(
                $"targets:{name}", values.Select(v => metrics[v.Edit.MetricId].Key).ToHashSet(StringComparer.Ordinal), values.Select(v => v.Edit.CountyId).ToHashSet(), now));
        }

        return new EntrySaveResult(true, new UpsertResult(inserted, updated, 0, deleted), [], [], [], null);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
