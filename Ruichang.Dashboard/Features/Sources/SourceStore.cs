using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>What storing one reading did: rows added or changed, what changed (for the notice to publish), and notes for the admin.</summary>
public sealed record SourceStoreResult(int Written, ChangeNotice Notice, IReadOnlyList<string> Notes);

/// <summary>
/// Stores what one read of a channel found, all in one transaction: a crash half-way leaves no
/// half-counted month. The channel's figures are upserted here; the items of its kind store
/// themselves (<see cref="ISourceItems"/>), idempotently, so that storing the same reading twice
/// changes nothing. The change notice is returned, not published: the caller publishes it once
/// its own locks are released, so that no dashboard's re-read holds up the next write.
/// </summary>
public sealed class SourceStore(IDbContextFactory<DashboardDbContext> factory, ObservationWriter writer, TimeProvider time)
{
    /// <summary>
    /// Opens the store for the writes of one run: one connection for the run, its statements compiled
    /// once, each reading still in a transaction of its own. A run stores hundreds of channels; a
    /// context, a connection and a compilation of every statement per channel cost more than their rows.
    /// </summary>
    public async Task<SourceStoreSession> OpenAsync(CancellationToken ct)
    {
        var db = await factory.CreateDbContextAsync(ct);
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            return new SourceStoreSession(db, writer, time);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
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
/// The writes of one run on one open connection (see <see cref="SourceStore.OpenAsync"/>). Each
/// <see cref="StoreAsync"/> is one transaction; nothing is tracked from one channel to the next. One
/// writer at a time: the runner's write lock.
/// </summary>
public sealed class SourceStoreSession : IAsyncDisposable
{
    private readonly DashboardDbContext _db;
    private readonly RowCommands _commands;
    private readonly ObservationWriter _writer;
    private readonly TimeProvider _time;

    internal SourceStoreSession(DashboardDbContext db, ObservationWriter writer, TimeProvider time)
    {
        _db = db;
        _commands = new RowCommands(db);
        _writer = writer;
        _time = time;
    }

    /// <summary>Stores <paramref name="reading"/> for <paramref name="channel"/> as <paramref name="recordedBy"/>, in one transaction.</summary>
    public async Task<SourceStoreResult> StoreAsync(Channel channel, SourceReading reading, SourceContext context, string recordedBy, CancellationToken ct)
    {
        try
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(ct);
            var now = _time.GetUtcNow().UtcDateTime;
            var write = new SourceWrite(_db, _commands, channel, context, _writer, new WriteProvenance(ObservationSource.Collector, recordedBy), now);

            var written = await write.UpsertAsync(
                reading.Figures.Select(f => new ObservationWrite(context.Metric(f.MetricKey).Id, channel.CountyId, channel.Id, f.Period, f.Value)), ct);
            foreach (var items in reading.Items)
            {
                written += await items.StoreAsync(write, ct);
            }

            // A statement rather than ExecuteUpdate: it runs for every channel of every run.
            await _commands.Get("channels.succeeded", MarkSucceeded).Set(0, now).Set(1, now).Set(2, null).Set(3, channel.Id).ExecuteAsync(ct);
            await transaction.CommitAsync(ct);
            return new SourceStoreResult(written, write.Notice(recordedBy), write.Notes);
        }
        finally
        {
            // Items stored through EF leave their entities tracked; the next channel starts clean, committed or not.
            _db.ChangeTracker.Clear();
        }
    }

    private static RowCommand MarkSucceeded(DbContext db)
    {
        var t = MappedTable.Of<Channel>(db);
        return RowCommand.Create(
            db,
            $"UPDATE {t.Name} SET {t[nameof(Channel.LastSuccessAtUtc)]} = @p0, {t[nameof(Channel.LastAttemptAtUtc)]} = @p1, {t[nameof(Channel.LastError)]} = @p2 WHERE {t[nameof(Channel.Id)]} = @p3",
            t.Property(nameof(Channel.LastSuccessAtUtc)), t.Property(nameof(Channel.LastAttemptAtUtc)), t.Property(nameof(Channel.LastError)), t.Property(nameof(Channel.Id)));
    }

    public async ValueTask DisposeAsync()
    {
        await _commands.DisposeAsync();
        await _db.DisposeAsync();
    }
}

/// <summary>
/// One channel's write in progress, handed to its kind's <see cref="ISourceItems"/>: the context
/// inside the store's transaction, the channel, what the run knows (counties, metrics, calendar),
/// the one way to write figures, and what the write changed and noticed.
/// </summary>
public sealed class SourceWrite
{
    private readonly RowCommands _commands;
    private readonly ObservationWriter _writer;
    private readonly WriteProvenance _provenance;
    private readonly HashSet<string> _metrics = new(StringComparer.Ordinal);
    private readonly HashSet<int> _counties = [];
    private readonly List<string> _notes = [];

    internal SourceWrite(DashboardDbContext db, RowCommands commands, Channel channel, SourceContext context, ObservationWriter writer, WriteProvenance provenance, DateTime nowUtc)
    {
        Db = db;
        Channel = channel;
        Context = context;
        NowUtc = nowUtc;
        _commands = commands;
        _writer = writer;
        _provenance = provenance;
    }

    public DashboardDbContext Db { get; }

    public Channel Channel { get; }

    public SourceContext Context { get; }

    /// <summary>The time of this write (UTC), the same for every row it writes.</summary>
    public DateTime NowUtc { get; }

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

        var result = await _writer.UpsertAsync(Db, _commands, list, _provenance, ct);
        if (result.Written > 0)
        {
            foreach (var w in list)
            {
                Changed(Context.MetricKey(w.MetricId), w.CountyId);
            }
        }

        return result.Written;
    }

    /// <summary>
    /// The statement named <paramref name="key"/> on this write's connection, in its transaction: created by
    /// <paramref name="create"/> the first time in a run and kept, compiled, for the run's other channels.
    /// </summary>
    internal RowCommand Command(string key, Func<DbContext, RowCommand> create) => _commands.Get(key, create);

    /// <summary>Marks something a dashboard shows as changed (a metric, or <see cref="ChangeNotice.ExternalRankings"/>) for a county.</summary>
    public void Changed(string metricOrList, int countyId)
    {
        _metrics.Add(metricOrList);
        _counties.Add(countyId);
    }

    // Always a notice: a read that changed no figure still moved its channel's "as of" time, which open pages show.
    internal ChangeNotice Notice(string source) =>
        new(source, _metrics, _counties.Append(Channel.CountyId).ToHashSet(), NowUtc);
}
