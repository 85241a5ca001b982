using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Data;

/// <summary>One figure to store: metric, county, optional channel, period and value.</summary>
public sealed record ObservationWrite(int MetricId, int CountyId, int? ChannelId, Period Period, double Value);

/// <summary>Who or what wrote a batch of figures.</summary>
public sealed record WriteProvenance(ObservationSource Source, string RecordedBy, bool IsDemo = false);

public sealed record UpsertResult(int Inserted, int Updated, int Unchanged)
{
    public int Written => Inserted + Updated;
}

/// <summary>
/// The one way observations are written: an upsert on the natural key (metric, county, channel,
/// period). Writing the same figures twice changes nothing — not even the version or provenance —
/// so a collector or an import run twice never double-counts.
/// </summary>
public sealed class ObservationWriter(TimeProvider time)
{
    /// <summary>
    /// Stages the upsert in <paramref name="db"/> and saves it. The caller owns any surrounding
    /// transaction, so a source's writes can commit together.
    /// </summary>
    public async Task<UpsertResult> UpsertAsync(DashboardDbContext db, IEnumerable<ObservationWrite> writes, WriteProvenance provenance, CancellationToken ct)
    {
        // Within one batch the last figure for a key wins.
        var byKey = new Dictionary<Key, ObservationWrite>();
        foreach (var w in writes)
        {
            if (!double.IsFinite(w.Value))
            {
                throw new ArgumentException($"数值无效：{w.Value}（指标 {w.MetricId}，区县 {w.CountyId}，期间 {w.Period}）", nameof(writes));
            }

            byKey[Key.Of(w)] = w;
        }

        if (byKey.Count == 0)
        {
            return new UpsertResult(0, 0, 0);
        }

        var metricIds = byKey.Keys.Select(k => k.MetricId).Distinct().ToList();
        var countyIds = byKey.Keys.Select(k => k.CountyId).Distinct().ToList();
        var granularities = byKey.Keys.Select(k => k.Granularity).Distinct().ToList();
        var from = byKey.Keys.Min(k => k.PeriodStart);
        var to = byKey.Keys.Max(k => k.PeriodStart);

        var existing = await db.Observations
            .Where(o => metricIds.Contains(o.MetricId) && countyIds.Contains(o.CountyId)
                && granularities.Contains(o.Granularity) && o.PeriodStart >= from && o.PeriodStart <= to)
            .ToListAsync(ct);
        var existingByKey = existing.ToDictionary(o => new Key(o.MetricId, o.CountyId, o.ChannelId, o.Granularity, o.PeriodStart));

        var now = time.GetUtcNow().UtcDateTime;
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var (key, write) in byKey)
        {
            if (existingByKey.TryGetValue(key, out var row))
            {
                if (row.Value.Equals(write.Value))
                {
                    unchanged++;
                    continue;
                }

                row.Value = write.Value;
                row.Source = provenance.Source;
                row.RecordedBy = provenance.RecordedBy;
                row.RecordedAtUtc = now;
                row.IsDemo = provenance.IsDemo;
                updated++;
            }
            else
            {
                db.Observations.Add(new Observation
                {
                    MetricId = write.MetricId,
                    CountyId = write.CountyId,
                    ChannelId = write.ChannelId,
                    Granularity = write.Period.Granularity,
                    PeriodStart = write.Period.Start,
                    Value = write.Value,
                    Source = provenance.Source,
                    RecordedBy = provenance.RecordedBy,
                    RecordedAtUtc = now,
                    IsDemo = provenance.IsDemo,
                });
                inserted++;
            }
        }

        await db.SaveChangesAsync(ct);
        return new UpsertResult(inserted, updated, unchanged);
    }

    private readonly record struct Key(int MetricId, int CountyId, int? ChannelId, PeriodGranularity Granularity, DateOnly PeriodStart)
    {
        public static Key Of(ObservationWrite w) => new(w.MetricId, w.CountyId, w.ChannelId, w.Period.Granularity, w.Period.Start);
    }
}
