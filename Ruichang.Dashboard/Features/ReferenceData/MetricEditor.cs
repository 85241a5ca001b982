using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Admin;

namespace Ruichang.Dashboard.Features.ReferenceData;

/// <summary>
/// A metric as the admin page shows and edits it. The key (fixed by the design), the kind (a counter adds up
/// over a period, a gauge is read at its end) and the ranking direction decide how figures are built and
/// ranked, so they are shown, not edited.
/// </summary>
public sealed record MetricEdit(string Key, string Name, string NameEn, string Unit, int DisplayOrder, MetricKind Kind, bool HigherIsBetter)
{
    public static MetricEdit Of(MetricDefinition metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return new(metric.Key, metric.Name, metric.NameEn, metric.Unit, metric.DisplayOrder, metric.Kind, metric.HigherIsBetter);
    }
}

/// <summary>
/// Lists the metrics and edits their names, unit and order (<c>/admin/metrics</c>), as <see cref="CountyEditor"/>
/// edits counties: nothing saved when a field is wrong or the metric changed since it was opened, every changed field
/// kept in the audit trail, open dashboards told to read the metric again. The Chinese name heads a column of the import's wide sheet and of every export, so no two
/// metrics may share one. Errors are keyed <c>name</c>, <c>nameEn</c>, <c>unit</c>, <c>displayOrder</c>, and
/// <c>metric</c> for the metric as a whole.
/// </summary>
public sealed class MetricEditor(IDbContextFactory<DashboardDbContext> factory, ChangeNotifier notifier, TimeProvider time)
{
    public const int MaxNameLength = 50, MaxNameEnLength = 100, MaxUnitLength = 20;

    /// <summary>The metrics in display order.</summary>
    public async Task<IReadOnlyList<MetricEdit>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.DisplayOrder).ThenBy(m => m.Key).ToListAsync(ct);
        return [.. metrics.Select(MetricEdit.Of)];
    }

    /// <summary>The latest changes of metrics, newest first.</summary>
    public async Task<IReadOnlyList<ReferenceChange>> RecentChangesAsync(int count, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var names = await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Key, m => m.Name, ct);
        return await AuditedFields.RecentAsync(db, AuditEntities.Metric, count, key => names.GetValueOrDefault(key, key), ct);
    }

    /// <summary>Saves <paramref name="edited"/> as <paramref name="actor"/> if the metric is still as <paramref name="seen"/> shows it.</summary>
    public async Task<ReferenceWriteResult<MetricEdit>> UpdateAsync(MetricEdit seen, MetricEdit edited, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(edited);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var metrics = await db.Metrics.ToListAsync(ct);
        var metric = metrics.SingleOrDefault(m => m.Key == edited.Key);
        if (metric is null)
        {
            return new(FieldErrors.One("metric", $"没有指标代码为 {edited.Key} 的指标。"), null);
        }

        if (MetricEdit.Of(metric) != seen)
        {
            return new(FieldErrors.One("metric", $"指标「{metric.Name}」在你打开本页后已被他人修改，本次未保存。请刷新页面，看过最新的设置后再改。"), null);
        }

        var errors = new FieldErrors();
        var others = metrics.Where(m => m.Id != metric.Id).ToList();
        var name = (edited.Name ?? "").Trim();
        var nameEn = (edited.NameEn ?? "").Trim();
        var unit = (edited.Unit ?? "").Trim();
        errors.Text(Fields.Name, "指标名称", name, MaxNameLength, others.FirstOrDefault(m => m.Name == name)?.Name);
        errors.Text(Fields.NameEn, "英文名称", nameEn, MaxNameEnLength, others.FirstOrDefault(m => string.Equals(m.NameEn, nameEn, StringComparison.OrdinalIgnoreCase))?.Name);
        errors.Text(Fields.Unit, "单位", unit, MaxUnitLength);
        errors.DisplayOrder(Fields.DisplayOrder, edited.DisplayOrder);
        if (errors.Any)
        {
            return new(errors.ToDictionary(), null);
        }

        var fields = new AuditedFields(db, time.GetUtcNow().UtcDateTime, actor, AuditEntities.Metric, metric.Key) { MetricId = metric.Id };
        fields.Set(Fields.Name, metric.Name, name, () => metric.Name = name);
        fields.Set(Fields.NameEn, metric.NameEn, nameEn, () => metric.NameEn = nameEn);
        fields.Set(Fields.Unit, metric.Unit, unit, () => metric.Unit = unit);
        fields.Set(Fields.DisplayOrder, metric.DisplayOrder, edited.DisplayOrder, () => metric.DisplayOrder = edited.DisplayOrder);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (fields.Changed)
        {
            // The metric's figures of every county are shown under its name and unit: open dashboards read them again.
            var counties = await db.Counties.AsNoTracking().Select(c => c.Id).ToListAsync(ct);
            notifier.Publish(new ChangeNotice($"metric:{actor}", new HashSet<string>(StringComparer.Ordinal) { metric.Key }, counties.ToHashSet(), time.GetUtcNow().UtcDateTime));
        }

        return new(new Dictionary<string, string[]>(), MetricEdit.Of(metric));
    }

    /// <summary>The fields an audit row of a metric names (after the metric's key: <c>weibo_posts:name</c>).</summary>
    public static class Fields
    {
        public const string Name = "name";
        public const string NameEn = "nameEn";
        public const string Unit = "unit";
        public const string DisplayOrder = "displayOrder";
    }
}
