using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
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
/// so a collector or an import run twice never double-counts. A changed value bumps the row's
/// <see cref="Observation.Version"/>, checked as EF would check it.
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

    /// <summary>
    /// Upserts <paramref name="writes"/> in <paramref name="db"/>'s current transaction, or in one of its own
    /// when there is none, so that a batch is written whole or not at all. The caller owns any surrounding
    /// transaction, so a source's writes can commit together.
    /// </summary>
    public async Task<UpsertResult> UpsertAsync(DashboardDbContext db, IEnumerable<ObservationWrite> writes, WriteProvenance provenance, CancellationToken ct)
    {
        await using var commands = new RowCommands(db);
        return await UpsertAsync(db, commands, writes, provenance, ct);
    }

    /// <summary>As above, with the statements of <paramref name="commands"/> (kept open for a whole run).</summary>
    internal async Task<UpsertResult> UpsertAsync(DashboardDbContext db, RowCommands commands, IEnumerable<ObservationWrite> writes, WriteProvenance provenance, CancellationToken ct)
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

        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var existing = await ReadExistingAsync(commands, byKey.Keys, ct);
        var now = time.GetUtcNow().UtcDateTime;
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var (key, write) in byKey)
        {
            if (existing.TryGetValue(key, out var row))
            {
                if (row.Value.Equals(write.Value))
                {
                    unchanged++;
                    continue;
                }

                var rows = await commands.Get("observations.update", Update).Set(0, write.Value).Set(1, provenance.Source).Set(2, provenance.RecordedBy)
                    .Set(3, now).Set(4, provenance.IsDemo).Set(5, row.Version + 1).Set(6, row.Id).Set(7, row.Version).ExecuteAsync(ct);
                if (rows != 1)
                {
                    throw new DbUpdateConcurrencyException($"观测值 {row.Id} 在读取后被修改（版本 {row.Version}），本次写入未保存。");
                }

                updated++;
            }
            else
            {
                await commands.Get("observations.insert", Insert).Set(0, write.MetricId).Set(1, write.CountyId).Set(2, write.ChannelId)
                    .Set(3, write.Period.Granularity).Set(4, write.Period.Start).Set(5, write.Value).Set(6, provenance.Source)
                    .Set(7, provenance.RecordedBy).Set(8, now).Set(9, provenance.IsDemo).Set(10, 0L).ExecuteAsync(ct);
                inserted++;
            }
        }

        if (own is not null)
        {
            await own.CommitAsync(ct);
        }

        return new UpsertResult(inserted, updated, unchanged);
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
                existing[key] = new Existing(reader.GetInt64(0), reader.GetDouble(6), reader.GetInt64(7));
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
        var sql = $"SELECT {t.Columns([nameof(Observation.Id), nameof(Observation.MetricId), nameof(Observation.CountyId), nameof(Observation.ChannelId), nameof(Observation.Granularity), nameof(Observation.PeriodStart), nameof(Observation.Value), nameof(Observation.Version)])} " +
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

    private readonly record struct Existing(long Id, double Value, long Version);

    private readonly record struct Key(int MetricId, int CountyId, int? ChannelId, PeriodGranularity Granularity, DateOnly PeriodStart)
    {
        public static Key Of(ObservationWrite w) => new(w.MetricId, w.CountyId, w.ChannelId, w.Period.Granularity, w.Period.Start);
    }
}
