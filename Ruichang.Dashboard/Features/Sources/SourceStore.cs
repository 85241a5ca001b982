using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>What storing one reading did: rows added or changed, what changed (for the notice to publish), and notes for the admin.</summary>
public sealed record SourceStoreResult(int Written, ChangeNotice? Notice, IReadOnlyList<string> Notes);

/// <summary>
/// Stores what one read of a channel found, all in one transaction: a crash half-way leaves no
/// half-counted month. The channel's figures are upserted here; the items of its kind store
/// themselves (<see cref="ISourceItems"/>), idempotently, so that storing the same reading twice
/// changes nothing. The change notice is returned, not published: the caller publishes it once
/// its own locks are released, so that no dashboard's re-read holds up the next write.
/// </summary>
public sealed class SourceStore(IDbContextFactory<DashboardDbContext> factory, ObservationWriter writer, TimeProvider time)
{
    /// <summary>Stores <paramref name="reading"/> for <paramref name="channel"/> as <paramref name="recordedBy"/>.</summary>
    public async Task<SourceStoreResult> StoreAsync(Channel channel, SourceReading reading, SourceContext context, string recordedBy, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var write = new SourceWrite(db, channel, context, writer, new WriteProvenance(ObservationSource.Collector, recordedBy), now);

        var written = await write.UpsertAsync(
            reading.Figures.Select(f => new ObservationWrite(context.Metric(f.MetricKey).Id, channel.CountyId, channel.Id, f.Period, f.Value)), ct);
        foreach (var items in reading.Items)
        {
            written += await items.StoreAsync(write, ct);
        }

        await db.Channels.Where(c => c.Id == channel.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSuccessAtUtc, now).SetProperty(c => c.LastAttemptAtUtc, now).SetProperty(c => c.LastError, (string?)null), ct);
        await transaction.CommitAsync(ct);
        return new SourceStoreResult(written, write.Notice(recordedBy), write.Notes);
    }

    /// <summary>Records a failed read: the channel keeps its last good figures and shows the error.</summary>
    public async Task RecordFailureAsync(int channelId, string error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var message = error.Length > 2000 ? error[..2000] : error;
        await db.Channels.Where(c => c.Id == channelId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastAttemptAtUtc, now).SetProperty(c => c.LastError, message), ct);
    }
}

/// <summary>
/// One channel's write in progress, handed to its kind's <see cref="ISourceItems"/>: the context
/// inside the store's transaction, the channel, what the run knows (counties, metrics, calendar),
/// the one way to write figures, and what the write changed and noticed.
/// </summary>
public sealed class SourceWrite(DashboardDbContext db, Channel channel, SourceContext context, ObservationWriter writer, WriteProvenance provenance, DateTime nowUtc)
{
    private readonly HashSet<string> _metrics = new(StringComparer.Ordinal);
    private readonly HashSet<int> _counties = [];
    private readonly List<string> _notes = [];

    public DashboardDbContext Db => db;

    public Channel Channel => channel;

    public SourceContext Context => context;

    /// <summary>The time of this write (UTC), the same for every row it writes.</summary>
    public DateTime NowUtc => nowUtc;

    /// <summary>Things the admin should know about this read, in Chinese (shown with the run's source result).</summary>
    public IReadOnlyList<string> Notes => _notes;

    public void Note(string note) => _notes.Add(note);

    /// <summary>Upserts figures (see <see cref="ObservationWriter"/>); returns how many rows were added or changed.</summary>
    public async Task<int> UpsertAsync(IEnumerable<ObservationWrite> writes, CancellationToken ct)
    {
        var list = writes.ToList();
        if (list.Count == 0)
        {
            return 0;
        }

        var result = await writer.UpsertAsync(db, list, provenance, ct);
        if (result.Written > 0)
        {
            var keys = context.Metrics.ToDictionary(m => m.Id, m => m.Key);
            foreach (var w in list)
            {
                Changed(keys[w.MetricId], w.CountyId);
            }
        }

        return result.Written;
    }

    /// <summary>Marks something a dashboard shows as changed (a metric, or <see cref="ChangeNotice.ExternalRankings"/>) for a county.</summary>
    public void Changed(string metricOrList, int countyId)
    {
        _metrics.Add(metricOrList);
        _counties.Add(countyId);
    }

    internal ChangeNotice? Notice(string source) =>
        _metrics.Count == 0 ? null : new ChangeNotice(source, _metrics, _counties, nowUtc);
}
