using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>What storing one reading did: rows added or changed, what changed (for the notice to publish), and notes for the admin.</summary>
public sealed record SourceStoreResult(int Written, ChangeNotice Notice, IReadOnlyList<string> Notes);

/// <summary>
/// Stores what one read of a channel found, all or nothing (a savepoint of its group's transaction, see
/// <see cref="SourceStoreSession"/>): a crash half-way leaves no half-counted month. The channel's figures are upserted here; the items of its kind store
/// themselves (<see cref="ISourceItems"/>), idempotently, so that storing the same reading twice
/// changes nothing. The change notice is returned, not published: the caller publishes it once
/// its own locks are released, so that no dashboard's re-read holds up the next write.
/// </summary>
public sealed class SourceStore(IDbContextFactory<DashboardDbContext> factory, ObservationWriter writer, TimeProvider time)
{
    /// <summary>
    /// Opens the store for the writes of one run: one connection for the run, its statements compiled
    /// once, each reading still stored or rolled back on its own. A run stores hundreds of channels; a
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
/// The writes of one run on one open connection (see <see cref="SourceStore.OpenAsync"/>), in groups:
/// <see cref="BeginGroupAsync"/> opens a transaction, each <see cref="StoreAsync"/> stores one channel's
/// reading inside it under a savepoint, and <see cref="CommitGroupAsync"/> commits them together. A
/// channel whose write fails is rolled back to its savepoint, alone: the others of the group still
/// commit, and none is ever half-written. One commit for several channels because in WAL mode each
/// commit appends every page it touched to the log again; a run of hundreds of small channels spent more
/// on its commits than on its rows. Nothing is tracked from one channel to the next. One writer at a time.
/// </summary>
public sealed class SourceStoreSession : IAsyncDisposable
{
    private const string Savepoint = "source";

    private readonly DashboardDbContext _db;
    private readonly RowCommands _commands;
    private readonly ObservationWriter _writer;
    private readonly TimeProvider _time;

    // The stories this run has stored for a county (committed, in the open group, or by the channel being
    // written), which need no insert when found again: a third of a feed run's items are the same stories in
    // several outlets. (A story deleted while the run goes on is therefore not stored again by a later channel.)
    private readonly HashSet<(int CountyId, string CanonicalUrl)> _stories = [];

    // Those of them stored by the open group's channels: forgotten again if its commit fails.
    private readonly List<(int CountyId, string CanonicalUrl)> _storiesInGroup = [];
    private IDbContextTransaction? _group;

    internal SourceStoreSession(DashboardDbContext db, ObservationWriter writer, TimeProvider time)
    {
        _db = db;
        _commands = new RowCommands(db);
        _writer = writer;
        _time = time;
    }

    /// <summary>
    /// False once a failed channel could not even be rolled back to its savepoint: the group's transaction
    /// is then in doubt, and the caller must give the whole group up (dispose this session) rather than commit.
    /// </summary>
    public bool CanContinueGroup { get; private set; }

    /// <summary>Opens the transaction of the next channels' writes.</summary>
    public async Task BeginGroupAsync(CancellationToken ct)
    {
        _group = await _db.Database.BeginTransactionAsync(ct);
        CanContinueGroup = true;
    }

    /// <summary>Commits the group's channels; their stories stay stored for the rest of the run.</summary>
    public async Task CommitGroupAsync(CancellationToken ct)
    {
        var group = _group ?? throw new InvalidOperationException("No group of writes is open.");
        _group = null;
        await using (group)
        {
            try
            {
                await group.CommitAsync(ct);
            }
            catch
            {
                // Rolled back: the group stored none of its stories, and a later group stores them.
                _stories.ExceptWith(_storiesInGroup);
                throw;
            }
            finally
            {
                _storiesInGroup.Clear();
            }
        }
    }

    /// <summary>
    /// Stores <paramref name="reading"/> for <paramref name="channel"/> as <paramref name="recordedBy"/> in the
    /// open group, under a savepoint: when it throws, nothing of this channel is left in the group.
    /// </summary>
    public async Task<SourceStoreResult> StoreAsync(Channel channel, SourceReading reading, SourceContext context, string recordedBy, CancellationToken ct)
    {
        var group = _group ?? throw new InvalidOperationException("No group of writes is open.");
        await group.CreateSavepointAsync(Savepoint, ct);
        var now = _time.GetUtcNow().UtcDateTime;
        var write = new SourceWrite(_db, _commands, channel, context, _writer, new WriteProvenance(ObservationSource.Collector, recordedBy), now, _stories);
        try
        {
            var written = await write.UpsertAsync(
                reading.Figures.Select(f => new ObservationWrite(context.Metric(f.MetricKey).Id, channel.CountyId, channel.Id, f.Period, f.Value)), ct);
            foreach (var items in reading.Items)
            {
                written += await items.StoreAsync(write, ct);
            }

            // A statement rather than ExecuteUpdate: it runs for every channel of every run.
            await _commands.Get("channels.succeeded", MarkSucceeded).Set(0, now).Set(1, now).Set(2, null).Set(3, channel.Id).ExecuteAsync(ct);
            await group.ReleaseSavepointAsync(Savepoint, ct);
            _storiesInGroup.AddRange(write.StoriesClaimed);
            return new SourceStoreResult(written, write.Notice(recordedBy), write.Notes);
        }
        catch
        {
            _stories.ExceptWith(write.StoriesClaimed);
            CanContinueGroup = false;
            await group.RollbackToSavepointAsync(Savepoint, CancellationToken.None);
            await group.ReleaseSavepointAsync(Savepoint, CancellationToken.None);
            CanContinueGroup = true;
            throw;
        }
        finally
        {
            // Items stored through EF leave their entities tracked; the next channel starts clean, stored or not.
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

    // An open group is rolled back: only a commit keeps its writes.
    public async ValueTask DisposeAsync()
    {
        if (_group is not null)
        {
            await _group.DisposeAsync();
            _group = null;
        }

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
    private readonly HashSet<(int CountyId, string CanonicalUrl)> _runStories;
    private readonly List<(int CountyId, string CanonicalUrl)> _storiesClaimed = [];

    internal SourceWrite(
        DashboardDbContext db, RowCommands commands, Channel channel, SourceContext context, ObservationWriter writer, WriteProvenance provenance, DateTime nowUtc,
        HashSet<(int CountyId, string CanonicalUrl)> runStories)
    {
        _runStories = runStories;
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

    /// <summary>
    /// Claims the story <paramref name="canonicalUrl"/> of the county for this write: false when this run has
    /// stored it for the county already (an earlier channel, or this one), so that it needs no insert.
    /// </summary>
    internal bool ClaimStory(int countyId, string canonicalUrl)
    {
        if (!_runStories.Add((countyId, canonicalUrl)))
        {
            return false;
        }

        _storiesClaimed.Add((countyId, canonicalUrl));
        return true;
    }

    /// <summary>The stories this write claimed: the run forgets them again if the write is rolled back.</summary>
    internal IReadOnlyList<(int CountyId, string CanonicalUrl)> StoriesClaimed => _storiesClaimed;

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
