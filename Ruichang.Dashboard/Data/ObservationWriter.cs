using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Data;

/// <summary>One figure to store: metric, county, optional channel, period and value.</summary>
public sealed record ObservationWrite(int MetricId, int CountyId, int? ChannelId, Period Period, double Value)
{
    /// <summary>
    /// For a write from someone who saw the figure first (a form, a grid): the version they saw, or
    /// <see cref="ExpectedVersion.None"/> when they saw no figure. Null: write whatever is stored (collectors).
    /// </summary>
    public ExpectedVersion? Expected { get; init; }

    /// <summary>Why this figure, for the audit trail, when it has a reason of its own (a confirmed jump); else the batch's.</summary>
    public string? Reason { get; init; }
}

/// <summary>A figure to remove (a cleared cell: the county's figure falls back to its channels').</summary>
public sealed record ObservationRemoval(int MetricId, int CountyId, int? ChannelId, Period Period)
{
    /// <inheritdoc cref="ObservationWrite.Expected"/>
    public ExpectedVersion? Expected { get; init; }
}

/// <summary>The version of a figure someone saw; <see cref="Version"/> null when there was none.</summary>
public readonly record struct ExpectedVersion(long? Version)
{
    public static ExpectedVersion None => new(null);
}

/// <summary>
/// Who or what wrote a batch of figures, and why (<paramref name="Reason"/>, kept in the audit trail).
/// <paramref name="MayEditApproved"/>: an admin may change a county's month that was approved; nobody else may.
/// </summary>
public sealed record WriteProvenance(ObservationSource Source, string RecordedBy, bool IsDemo = false, string? Reason = null, bool MayEditApproved = false);

public sealed record UpsertResult(int Inserted, int Updated, int Unchanged, int Deleted = 0)
{
    public int Written => Inserted + Updated + Deleted;
}

/// <summary>A figure that changed after it was seen: what is stored now (null when it is gone), by whom, when.</summary>
public sealed record ObservationConflict(int MetricId, int CountyId, int? ChannelId, Period Period, double? Value, string? RecordedBy, DateTime? RecordedAtUtc);

/// <summary>Figures changed by someone else since they were seen: nothing of the batch was written.</summary>
public sealed class ObservationConflictException(IReadOnlyList<ObservationConflict> conflicts)
    : Exception($"{conflicts.Count} 个数值在读取后已被他人修改，本次保存未写入任何数据。")
{
    public IReadOnlyList<ObservationConflict> Conflicts { get; } = conflicts;
}

/// <summary>Entered or imported figures for a county's month that was approved: nothing of the batch was written.</summary>
public sealed class MonthLockedException(IReadOnlyList<(string County, DateOnly Month)> locked)
    : Exception($"以下月份已审核通过并锁定，未写入任何数据：{string.Join("、", locked.Select(l => $"{l.County} {l.Month.Year}年{l.Month.Month}月"))}。如需修改，请管理员先退回。")
{
    public IReadOnlyList<(string County, DateOnly Month)> Locked { get; } = locked;
}

/// <summary>
/// The one way observations are written: an upsert on the natural key (metric, county, channel,
/// period). Writing the same figures twice changes nothing — not even the version or provenance —
/// so a collector or an import run twice never double-counts. A changed value bumps the row's
/// <see cref="Observation.Version"/>, checked as EF would check it. Here, so that no caller can forget
/// them, are also
/// <list type="bullet">
/// <item>the audit trail: every insert, change and removal writes an <see cref="AuditEntry"/> (old → new,
///   who, source, reason) in the same transaction; demo data is not audited (purge-demo removes it);</item>
/// <item>the approval lock: entered and imported figures (<see cref="ObservationSource.Manual"/>,
///   <see cref="ObservationSource.Import"/>) for a county's month that is <see cref="SubmissionStatus.Approved"/>
///   are refused unless <see cref="WriteProvenance.MayEditApproved"/>; collectors keep writing their channels;</item>
/// <item>a figure entered or imported by a person is never overwritten by a collector (it counts as unchanged);</item>
/// <item>the check of what the writer saw (<see cref="ObservationWrite.Expected"/>): a figure changed by someone
///   else since is a conflict, and nothing is written.</item>
/// </list>
/// </summary>
/// <remarks>
/// The rows are read and written with prepared commands on the context's connection, not through the
/// change tracker: a collection run upserts figures for every channel it reads, and EF's tracking and
/// one SaveChanges command per entity cost several times what the database needs for the rows.
/// </remarks>
public sealed class ObservationWriter(TimeProvider time)
{
    private static readonly string[] Columns =
    [
        nameof(Observation.MetricId), nameof(Observation.CountyId), nameof(Observation.ChannelId), nameof(Observation.Granularity),
        nameof(Observation.PeriodStart), nameof(Observation.Value), nameof(Observation.Source), nameof(Observation.RecordedBy),
        nameof(Observation.RecordedAtUtc), nameof(Observation.IsDemo), nameof(Observation.Version),
    ];

    private static readonly string[] AuditColumns =
    [
        nameof(AuditEntry.AtUtc), nameof(AuditEntry.UserName), nameof(AuditEntry.Action), nameof(AuditEntry.EntityType), nameof(AuditEntry.EntityKey),
        nameof(AuditEntry.OldValue), nameof(AuditEntry.NewValue), nameof(AuditEntry.MetricId), nameof(AuditEntry.CountyId), nameof(AuditEntry.ChannelId),
        nameof(AuditEntry.Granularity), nameof(AuditEntry.PeriodStart), nameof(AuditEntry.Source), nameof(AuditEntry.Reason),
    ];

    /// <summary>
    /// Upserts <paramref name="writes"/> and removes <paramref name="removals"/> in <paramref name="db"/>'s current
    /// transaction, or in one of its own when there is none, so that a batch is written whole or not at all. The
    /// caller owns any surrounding transaction, so a source's writes can commit together.
    /// </summary>
    public async Task<UpsertResult> UpsertAsync(
        DashboardDbContext db, IEnumerable<ObservationWrite> writes, WriteProvenance provenance, CancellationToken ct, IEnumerable<ObservationRemoval>? removals = null)
    {
        await using var commands = new RowCommands(db);
        return await UpsertAsync(db, commands, writes, provenance, ct, removals);
    }

    /// <summary>As above, with the statements of <paramref name="commands"/> (kept open for a whole run).</summary>
    internal async Task<UpsertResult> UpsertAsync(
        DashboardDbContext db, RowCommands commands, IEnumerable<ObservationWrite> writes, WriteProvenance provenance, CancellationToken ct,
        IEnumerable<ObservationRemoval>? removals = null)
    {
        // Within one batch the last figure for a key wins; a key both written and removed is removed if removed last.
        var byKey = new Dictionary<Key, Change>();
        foreach (var w in writes)
        {
            if (!double.IsFinite(w.Value))
            {
                throw new ArgumentException($"数值无效：{w.Value}（指标 {w.MetricId}，区县 {w.CountyId}，期间 {w.Period}）", nameof(writes));
            }

            byKey[Key.Of(w.MetricId, w.CountyId, w.ChannelId, w.Period)] = new Change(w.Value, w.Expected, w.Reason);
        }

        foreach (var r in removals ?? [])
        {
            byKey[Key.Of(r.MetricId, r.CountyId, r.ChannelId, r.Period)] = new Change(null, r.Expected, null);
        }

        if (byKey.Count == 0)
        {
            return new UpsertResult(0, 0, 0);
        }

        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (provenance.Source is ObservationSource.Manual or ObservationSource.Import && !provenance.MayEditApproved)
        {
            await RefuseLockedMonthsAsync(db, byKey.Keys, ct);
        }

        var existing = await ReadExistingAsync(commands, byKey.Keys, ct);
        var conflicts = byKey
            .Where(c => c.Value.Expected is { } expected && expected.Version != (existing.TryGetValue(c.Key, out var row) ? row.Version : null))
            .Select(c => existing.TryGetValue(c.Key, out var row)
                ? new ObservationConflict(c.Key.MetricId, c.Key.CountyId, c.Key.ChannelId, c.Key.Period, row.Value, row.RecordedBy, row.RecordedAtUtc)
                : new ObservationConflict(c.Key.MetricId, c.Key.CountyId, c.Key.ChannelId, c.Key.Period, null, null, null))
            .ToList();
        if (conflicts.Count > 0)
        {
            throw new ObservationConflictException(conflicts);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var audit = new Audit(commands, provenance, now);
        int inserted = 0, updated = 0, unchanged = 0, deleted = 0;
        foreach (var (key, change) in byKey)
        {
            var found = existing.TryGetValue(key, out var row);
            if (change.Value is not { } value)
            {
                if (found)
                {
                    await commands.Get("observations.delete", Delete).Set(0, row.Id).Set(1, row.Version).ExecuteAsync(ct);
                    await audit.WriteAsync(AuditActions.Delete, key, row.Value, null, change.Reason, ct);
                    deleted++;
                }
            }
            else if (!found)
            {
                await commands.Get("observations.insert", Insert).Set(0, key.MetricId).Set(1, key.CountyId).Set(2, key.ChannelId)
                    .Set(3, key.Granularity).Set(4, key.PeriodStart).Set(5, value).Set(6, provenance.Source)
                    .Set(7, provenance.RecordedBy).Set(8, now).Set(9, provenance.IsDemo).Set(10, 0L).ExecuteAsync(ct);
                await audit.WriteAsync(AuditActions.Insert, key, null, value, change.Reason, ct);
                inserted++;
            }
            else if (row.Value.Equals(value) || row.IsEnteredBy(provenance))
            {
                unchanged++;
            }
            else
            {
                var rows = await commands.Get("observations.update", Update).Set(0, value).Set(1, provenance.Source).Set(2, provenance.RecordedBy)
                    .Set(3, now).Set(4, provenance.IsDemo).Set(5, row.Version + 1).Set(6, row.Id).Set(7, row.Version).ExecuteAsync(ct);
                if (rows != 1)
                {
                    throw new DbUpdateConcurrencyException($"观测值 {row.Id} 在读取后被修改（版本 {row.Version}），本次写入未保存。");
                }

                await audit.WriteAsync(AuditActions.Update, key, row.Value, value, change.Reason, ct);
                updated++;
            }
        }

        if (own is not null)
        {
            await own.CommitAsync(ct);
        }

        return new UpsertResult(inserted, updated, unchanged, deleted);
    }

    // The months of the batch's counties that were approved, in one query; their names for the message.
    private static async Task RefuseLockedMonthsAsync(DashboardDbContext db, IReadOnlyCollection<Key> keys, CancellationToken ct)
    {
        var months = keys.Select(k => (k.CountyId, Month: new DateOnly(k.PeriodStart.Year, k.PeriodStart.Month, 1))).ToHashSet();
        var countyIds = months.Select(m => m.CountyId).Distinct().ToList();
        var first = months.Min(m => m.Month);
        var last = months.Max(m => m.Month);
        var approved = await db.Submissions.AsNoTracking()
            .Where(s => s.Status == SubmissionStatus.Approved && countyIds.Contains(s.CountyId) && s.Month >= first && s.Month <= last)
            .Select(s => new { s.CountyId, s.Month, s.County!.Name })
            .ToListAsync(ct);
        var locked = approved.Where(a => months.Contains((a.CountyId, a.Month))).OrderBy(a => a.Month).ThenBy(a => a.CountyId).Select(a => (a.Name, a.Month)).ToList();
        if (locked.Count > 0)
        {
            throw new MonthLockedException(locked);
        }
    }

    private static RowCommand Delete(DbContext db)
    {
        var t = MappedTable.Of<Observation>(db);
        return RowCommand.Create(
            db,
            $"DELETE FROM {t.Name} WHERE {t[nameof(Observation.Id)]} = @p0 AND {t[nameof(Observation.Version)]} = @p1",
            t.Property(nameof(Observation.Id)), t.Property(nameof(Observation.Version)));
    }

    // One batch's audit rows: the same time, writer, source and reason for each.
    private sealed class Audit(RowCommands commands, WriteProvenance provenance, DateTime now)
    {
        public async Task WriteAsync(string action, Key key, double? oldValue, double? newValue, string? reason, CancellationToken ct)
        {
            if (provenance.IsDemo)
            {
                return;
            }

            await commands.Get("audit.insert", InsertAudit).Set(0, now).Set(1, provenance.RecordedBy).Set(2, action).Set(3, AuditEntities.Observation)
                .Set(4, key.Describe()).Set(5, Format(oldValue)).Set(6, Format(newValue)).Set(7, key.MetricId).Set(8, key.CountyId).Set(9, key.ChannelId)
                .Set(10, key.Granularity).Set(11, key.PeriodStart).Set(12, provenance.Source).Set(13, reason ?? provenance.Reason).ExecuteAsync(ct);
        }

        private static string? Format(double? value) => value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        private static RowCommand InsertAudit(DbContext db)
        {
            var t = MappedTable.Of<AuditEntry>(db);
            return RowCommand.Create(
                db,
                $"INSERT INTO {t.Name} ({t.Columns(AuditColumns)}) VALUES ({string.Join(", ", AuditColumns.Select((_, i) => RowCommand.Parameter(i)))})",
                [.. AuditColumns.Select(t.Property)]);
        }
    }

    private static RowCommand Insert(DbContext db)
    {
        var t = MappedTable.Of<Observation>(db);
        return RowCommand.Create(
            db,
            $"INSERT INTO {t.Name} ({t.Columns(Columns)}) VALUES ({string.Join(", ", Columns.Select((_, i) => RowCommand.Parameter(i)))})",
            [.. Columns.Select(t.Property)]);
    }

    // The version is checked as EF checks a concurrency token: a row changed since it was read is not overwritten.
    private static RowCommand Update(DbContext db)
    {
        var t = MappedTable.Of<Observation>(db);
        string[] set = [nameof(Observation.Value), nameof(Observation.Source), nameof(Observation.RecordedBy), nameof(Observation.RecordedAtUtc), nameof(Observation.IsDemo), nameof(Observation.Version)];
        return RowCommand.Create(
            db,
            $"UPDATE {t.Name} SET {string.Join(", ", set.Select((c, i) => $"{t[c]} = {RowCommand.Parameter(i)}"))} " +
            $"WHERE {t[nameof(Observation.Id)]} = @p6 AND {t[nameof(Observation.Version)]} = @p7",
            [.. set.Append(nameof(Observation.Id)).Append(nameof(Observation.Version)).Select(t.Property)]);
    }

    // Past this many channels a batch's query reads its metrics' rows of every channel: a parameter per
    // channel would run into SQL Server's limit of 2,100 parameters.
    private const int MaxChannelsQueried = 500;

    // The rows the batch may touch, in one query over the batch's metrics, counties, channels,
    // granularities and periods (a superset: the keys are matched here). Without the channels, each
    // channel's upsert in a run would read the rows of every channel stored before it.
    private static async Task<Dictionary<Key, Existing>> ReadExistingAsync(RowCommands commands, IReadOnlyCollection<Key> keys, CancellationToken ct)
    {
        var metricIds = keys.Select(k => k.MetricId).Distinct().ToList();
        var countyIds = keys.Select(k => k.CountyId).Distinct().ToList();
        var channelIds = keys.Where(k => k.ChannelId is not null).Select(k => k.ChannelId!.Value).Distinct().ToList();
        var countyLevel = keys.Any(k => k.ChannelId is null);
        var granularities = keys.Select(k => k.Granularity).Distinct().ToList();
        if (channelIds.Count > MaxChannelsQueried)
        {
            channelIds.Clear();
            countyLevel = true;
        }

        var shape = new Shape(metricIds.Count, countyIds.Count, channelIds.Count, countyLevel, granularities.Count);
        var command = commands.Get(
            FormattableString.Invariant($"observations.existing:{shape.Metrics}:{shape.Counties}:{shape.Channels}:{shape.CountyLevel}:{shape.Granularities}"),
            db => SelectExisting(db, shape));
        var i = 0;
        foreach (var value in metricIds.Cast<object>().Concat(countyIds.Cast<object>()).Concat(channelIds.Cast<object>()).Concat(granularities.Cast<object>()))
        {
            command.Set(i++, value);
        }

        command.Set(i++, keys.Min(k => k.PeriodStart)).Set(i, keys.Max(k => k.PeriodStart));
        var wanted = keys.ToHashSet();
        var existing = new Dictionary<Key, Existing>();
        await using var reader = await command.ReadAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = new Key(
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                (PeriodGranularity)reader.GetInt32(4),
                reader.GetFieldValue<DateOnly>(5));
            if (wanted.Contains(key))
            {
                existing[key] = new Existing(reader.GetInt64(0), reader.GetDouble(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetDateTime(9), (ObservationSource)reader.GetInt32(10));
            }
        }

        return existing;
    }

    // With no channels listed (all keys county-level, or too many channels to list) the channel is not filtered at all.
    private static RowCommand SelectExisting(DbContext db, Shape shape)
    {
        var t = MappedTable.Of<Observation>(db);
        var parameters = new List<IProperty>();
        string In(string property, int count)
        {
            var names = Enumerable.Range(parameters.Count, count).Select(RowCommand.Parameter).ToList();
            parameters.AddRange(Enumerable.Repeat(t.Property(property), count));
            return $"{t[property]} IN ({string.Join(", ", names)})";
        }

        var channel = t[nameof(Observation.ChannelId)];
        var sql = $"SELECT {t.Columns([nameof(Observation.Id), nameof(Observation.MetricId), nameof(Observation.CountyId), nameof(Observation.ChannelId), nameof(Observation.Granularity), nameof(Observation.PeriodStart), nameof(Observation.Value), nameof(Observation.Version), nameof(Observation.RecordedBy), nameof(Observation.RecordedAtUtc), nameof(Observation.Source)])} " +
            $"FROM {t.Name} WHERE {In(nameof(Observation.MetricId), shape.Metrics)} AND {In(nameof(Observation.CountyId), shape.Counties)} ";
        sql += (shape.Channels, shape.CountyLevel) switch
        {
            (0, _) => "",
            (_, false) => $"AND {In(nameof(Observation.ChannelId), shape.Channels)} ",
            _ => $"AND ({In(nameof(Observation.ChannelId), shape.Channels)} OR {channel} IS NULL) ",
        };
        sql += $"AND {In(nameof(Observation.Granularity), shape.Granularities)} " +
            $"AND {t[nameof(Observation.PeriodStart)]} >= {RowCommand.Parameter(parameters.Count)} AND {t[nameof(Observation.PeriodStart)]} <= {RowCommand.Parameter(parameters.Count + 1)}";
        parameters.Add(t.Property(nameof(Observation.PeriodStart)));
        parameters.Add(t.Property(nameof(Observation.PeriodStart)));
        return RowCommand.Create(db, sql, parameters);
    }

    private readonly record struct Shape(int Metrics, int Counties, int Channels, bool CountyLevel, int Granularities);

    private readonly record struct Existing(long Id, double Value, long Version, string? RecordedBy, DateTime RecordedAtUtc, ObservationSource Source)
    {
        // A figure someone entered or imported is never overwritten by a collector.
        public bool IsEnteredBy(WriteProvenance provenance) =>
            provenance.Source == ObservationSource.Collector && Source is ObservationSource.Manual or ObservationSource.Import;
    }

    // A value to write, or null to remove the figure; and what the writer saw, when it says.
    private readonly record struct Change(double? Value, ExpectedVersion? Expected, string? Reason);

    private readonly record struct Key(int MetricId, int CountyId, int? ChannelId, PeriodGranularity Granularity, DateOnly PeriodStart)
    {
        public Period Period => Period.Of(Granularity, PeriodStart);

        public static Key Of(int metricId, int countyId, int? channelId, Period period) => new(metricId, countyId, channelId, period.Granularity, period.Start);

        public string Describe() => FormattableString.Invariant($"{MetricId}:{CountyId}:{ChannelId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}:{PeriodStart:yyyy-MM-dd}:{Granularity}");
    }
}
