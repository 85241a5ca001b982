using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>
/// One run of one collection job: reads every enabled channel of the job's kinds (at most
/// <c>Sources:Http:MaxConcurrency</c> at a time), hands each reading to the run's one writer, which
/// stores each channel's reading all or nothing (readings that arrive while it writes share a commit,
/// see <see cref="SourceStoreSession"/>), and records the run and each source's part in it. A reading
/// waiting for its turn to be stored does not hold a read slot: the next source is already being
/// read, and at most as many readings wait as are being read. One source failing never stops
/// the others; it keeps its last good figures and its error is recorded on the channel and the run.
/// Each source has a time budget (<c>Sources:ReadTimeout</c>) for its whole read, parsing
/// included. A stop of the app starts no new source and lets those being read finish for
/// <c>Collection:StopGracePeriod</c>, then cancels them; the run is recorded either way.
/// </summary>
public sealed partial class CollectionRunner(
    IDbContextFactory<DashboardDbContext> factory,
    IServiceProvider services,
    SourceStore store,
    ChangeNotifier notifier,
    CountyClock clock,
    TimeProvider time,
    IOptionsMonitor<SourcesOptions> sources,
    CollectionOptions collection,
    IHostApplicationLifetime lifetime,
    ILogger<CollectionRunner> logger) : IDisposable
{
    // Reads run in parallel; writes one at a time (SQLite has one writer, and short transactions keep the pages fast).
    private readonly SemaphoreSlim _writes = new(1, 1);

    public async Task<JobRun> RunAsync(CollectionJobDefinition job, string triggeredBy, CancellationToken ct)
    {
        var run = new JobRun { JobKey = job.Key, StartedAtUtc = Now(), Status = JobRunStatus.Running, TriggeredBy = triggeredBy };
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.JobRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }

        var results = new List<JobRunSource>();
        var skipped = 0;
        await using var writes = new RunWriter(store, _writes);
        // A stop is the scheduler's (ct) or the app's. Sources being read then get a grace period to finish.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        using var stopping = new CancellationTokenSource();
        using var onStop = stop.Token.Register(() => stopping.CancelAfter(collection.StopGracePeriod));
        try
        {
            List<Channel> channels;
            SourceContext context;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                channels = await db.Channels.AsNoTracking().Where(c => c.IsEnabled && job.Kinds.Contains(c.Kind)).OrderBy(c => c.Id).ToListAsync(ct);
                context = await ContextAsync(db, ct);
            }

            var adapters = services.GetServices<ISourceAdapter>().ToList();
            var concurrency = sources.CurrentValue.Http.MaxConcurrency;
            // A source holds a read slot only while it is read; then it waits for the writer, until its group
            // commits. Two groups' worth of readings may wait besides those being read, the group being stored
            // and the next: with one, the group being stored filled the slots, and reading stopped until it committed.
            using var reads = new SemaphoreSlim(concurrency, concurrency);
            await Parallel.ForEachAsync(
                channels,
                new ParallelOptions { MaxDegreeOfParallelism = concurrency + (2 * RunWriter.MaxGroup) },
                async (channel, _) =>
                {
                    if (stop.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref skipped);
                        return;
                    }

                    var result = await CollectAsync(job, channel, adapters, context, reads, writes, stop.Token, stopping.Token);
                    if (result is null)
                    {
                        Interlocked.Increment(ref skipped);
                        return;
                    }

                    lock (results)
                    {
                        results.Add(result);
                    }
                });

            var stored = results.Where(r => r.Succeeded).Select(r => r.ChannelId).ToHashSet();
            var succeeded = channels.Where(c => stored.Contains(c.Id)).ToList();
            foreach (var completion in services.GetServices<ICollectionCompletion>().Where(c => c.JobKey == job.Key))
            {
                run.ItemsWritten += await completion.CompleteAsync(succeeded, stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            run.Error = "运行被取消（应用正在关闭或有人停止了它）。";
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, ex, job.Key);
            run.Error = $"运行失败：{SourceHttpClient.RedactUrls(ex.Message)}";
        }
        finally
        {
            if (skipped > 0)
            {
                run.Error = $"运行被中止：应用正在关闭，{skipped} 个渠道未采集。";
            }

            await FinishAsync(run, results, skipped);
        }

        return run;
    }

    /// <summary>
    /// Marks runs left "running" by a process that stopped without finishing them (a crash, a
    /// power cut) as failed, so the admin page does not show them running for ever. Their sources'
    /// writes were all or nothing per source: what committed is complete, the rest never happened.
    /// </summary>
    public async Task RecoverInterruptedRunsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = Now();
        await db.JobRuns.Where(r => r.Status == JobRunStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, JobRunStatus.Failed)
                .SetProperty(r => r.EndedAtUtc, now)
                .SetProperty(r => r.Error, "应用在运行中途停止，本次运行未完成。"), ct);
    }

    /// <summary>Reads one channel without storing anything: what the admin page's "test fetch" shows.</summary>
    public async Task<SourceReading> TestReadAsync(Channel channel, CancellationToken ct)
    {
        SourceContext context;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            context = await ContextAsync(db, ct);
        }

        var budget = sources.CurrentValue.ReadTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget);
        try
        {
            return await AdapterFor(services.GetServices<ISourceAdapter>(), channel).ReadAsync(channel, context, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new SourceFetchException(TimedOut(budget));
        }
    }

    private async Task<SourceContext> ContextAsync(DashboardDbContext db, CancellationToken ct) => new(
        await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct),
        await db.Metrics.AsNoTracking().ToListAsync(ct),
        clock);

    // Null when the run was stopped before a read slot came free: the source was not started.
    private async Task<JobRunSource?> CollectAsync(
        CollectionJobDefinition job, Channel channel, IReadOnlyList<ISourceAdapter> adapters, SourceContext context, SemaphoreSlim reads,
        RunWriter writes, CancellationToken stop, CancellationToken stopping)
    {
        try
        {
            await reads.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        var result = new JobRunSource { ChannelId = channel.Id, SourceName = channel.Name, StartedAtUtc = Now() };
        var budget = sources.CurrentValue.ReadTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(budget);
        var watch = Stopwatch.StartNew();
        ChangeNotice? notice = null;
        try
        {
            SourceReading read;
            try
            {
                read = await AdapterFor(adapters, channel).ReadAsync(channel, context, timeout.Token);
            }
            finally
            {
                reads.Release();
            }

            result.ItemsRead = read.ItemsRead;
            var stored = await writes.StoreAsync(channel, read, context, $"{job.Key}:{channel.Id}", timeout.Token);
            result.ItemsWritten = stored.Written;
            result.Note = stored.Notes.Count == 0 ? null : Cut(string.Join("\n", stored.Notes), 2000);
            notice = stored.Notice;

            result.Succeeded = true;
            LogSourceRead(logger, job.Key, channel.Name, result.ItemsRead, result.ItemsWritten, watch.ElapsedMilliseconds);
        }
        catch (Exception ex)
        {
            var error = ex switch
            {
                OperationCanceledException when stopping.IsCancellationRequested =>
                    $"应用正在关闭：等待 {collection.StopGracePeriod.TotalSeconds:0} 秒（Collection:StopGracePeriod）后取消了本次读取，没有保存任何数据。",
                OperationCanceledException when timeout.IsCancellationRequested => TimedOut(budget),
                SourceFetchException or SourceConfigurationException => ex.Message,
                _ => $"{ex.GetType().Name}: {ex.Message}",
            };
            error = Cut(SourceHttpClient.RedactUrls(error), 2000);
            result.Error = error;
            if (ex is SourceFetchException or SourceConfigurationException or OperationCanceledException)
            {
                LogSourceFailed(logger, job.Key, channel.Name, error, watch.ElapsedMilliseconds);
            }
            else
            {
                LogSourceFailedUnexpectedly(logger, ex, job.Key, channel.Name);
            }

            await store.RecordFailureAsync(channel.Id, error, CancellationToken.None);
        }

        // After the commit, outside the writer: a dashboard's re-read never holds up the next source.
        if (notice is not null)
        {
            notifier.Publish(notice);
        }

        result.EndedAtUtc = Now();
        return result;
    }

    private static string TimedOut(TimeSpan budget) =>
        $"读取超时：超过 {budget.TotalSeconds:0} 秒的时间限制（Sources:ReadTimeout），本次未保存任何数据。";

    private static ISourceAdapter AdapterFor(IEnumerable<ISourceAdapter> adapters, Channel channel) =>
        adapters.FirstOrDefault(a => a.Kinds.Contains(channel.Kind))
        ?? throw new SourceConfigurationException($"渠道「{channel.Name}」的类型 {channel.Kind} 没有采集程序。");

    // Always written, even when the run was cancelled: a run is never left "running".
    private async Task FinishAsync(JobRun run, List<JobRunSource> results, int skipped)
    {
        run.EndedAtUtc = Now();
        run.ItemsRead = results.Sum(r => r.ItemsRead);
        run.ItemsWritten += results.Sum(r => r.ItemsWritten);
        var failed = results.Where(r => !r.Succeeded).ToList();
        var succeeded = results.Count - failed.Count;
        run.Status = run.Error is not null && skipped == 0 ? JobRunStatus.Failed
            : failed.Count == 0 && skipped == 0 ? JobRunStatus.Succeeded
            : succeeded == 0 ? JobRunStatus.Failed
            : JobRunStatus.PartlyFailed;
        if (failed.Count > 0)
        {
            run.Error = Cut(string.Join("\n", failed.Select(f => $"{f.SourceName}：{f.Error}").Prepend(run.Error).OfType<string>()), 4000);
        }

        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        db.JobRuns.Attach(run);
        db.Entry(run).State = EntityState.Modified;
        await db.SaveChangesAsync(CancellationToken.None);

        // One prepared statement for a run's hundreds of source rows rather than a tracked entity and a command each.
        var t = MappedTable.Of<JobRunSource>(db);
        string[] columns =
        [
            nameof(JobRunSource.JobRunId), nameof(JobRunSource.ChannelId), nameof(JobRunSource.SourceName), nameof(JobRunSource.Succeeded),
            nameof(JobRunSource.ItemsRead), nameof(JobRunSource.ItemsWritten), nameof(JobRunSource.Error), nameof(JobRunSource.Note),
            nameof(JobRunSource.StartedAtUtc), nameof(JobRunSource.EndedAtUtc),
        ];
        await using (var insert = RowCommand.Create(
            db,
            $"INSERT INTO {t.Name} ({t.Columns(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => RowCommand.Parameter(i)))})",
            [.. columns.Select(t.Property)]))
        {
            insert.In(transaction.GetDbTransaction());
            foreach (var result in results)
            {
                result.JobRunId = run.Id;
                await insert.Set(0, result.JobRunId).Set(1, result.ChannelId).Set(2, result.SourceName).Set(3, result.Succeeded)
                    .Set(4, result.ItemsRead).Set(5, result.ItemsWritten).Set(6, result.Error).Set(7, result.Note)
                    .Set(8, result.StartedAtUtc).Set(9, result.EndedAtUtc).ExecuteAsync(CancellationToken.None);
            }
        }

        await transaction.CommitAsync(CancellationToken.None);
        run.Sources.AddRange(results);
    }

    private static string Cut(string text, int length) => text.Length > length ? text[..length] : text;

    private sealed record PendingWrite(Channel Channel, SourceReading Reading, SourceContext Context, string RecordedBy, CancellationToken Ct)
    {
        public TaskCompletionSource<SourceStoreResult> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    // The run's one writer: a loop that takes the readings in the order they were read and stores the
    // ones waiting together, each under its own savepoint, in one transaction (at most MaxGroup), then
    // commits and answers each reader. A reading waits for its own group's commit, never longer. The
    // session (one connection) is opened by the first write and kept for the run; a group that fails
    // whole (a failed commit, a savepoint that could not be rolled back) closes it, so the next group
    // starts on a fresh connection. Writes of runs that overlap take turns by the runner's write lock,
    // one group at a time, since SQLite has one writer.
    // The loop has a thread of its own and waits on it for each step: SQLite's work is synchronous (its
    // async methods complete before they return), so on the thread pool the writer held a pool thread
    // for a whole group, and on two cores the sources' reads, the pages' circuits and the writer took turns
    // on what was left (a run's reads all ran on one thread until the pool added more, half a second later).
    private sealed class RunWriter : IAsyncDisposable
    {
        // Bounds a group's transaction, and so how long the first reading of a group waits for its commit.
        public const int MaxGroup = 32;

        private readonly BlockingCollection<PendingWrite> _pending = new(new ConcurrentQueue<PendingWrite>());
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SourceStore _store;
        private readonly SemaphoreSlim _lock;
        private SourceStoreSession? _session;

        // Why the writer stopped before the run's end, if it did: the readings still to come fail with it.
        private volatile Exception? _fault;

        public RunWriter(SourceStore store, SemaphoreSlim writeLock)
        {
            _store = store;
            _lock = writeLock;
            new Thread(WriteAll) { IsBackground = true, Name = "Collection writer" }.Start();
        }

        public Task<SourceStoreResult> StoreAsync(Channel channel, SourceReading reading, SourceContext context, string recordedBy, CancellationToken ct)
        {
            var pending = new PendingWrite(channel, reading, context, recordedBy, ct);
            try
            {
                _pending.Add(pending, CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Added after the writer stopped.
                return Task.FromException<SourceStoreResult>(_fault ?? new InvalidOperationException("The run's writer has stopped."));
            }

            return pending.Stored.Task;
        }

        private void WriteAll()
        {
            try
            {
                foreach (var first in _pending.GetConsumingEnumerable())
                {
                    WriteGroup(first);
                }

                Close();
            }
            catch (Exception ex)
            {
                // The writer cannot go on (the runner's write lock was disposed while this run wrote, a session
                // could not be closed): no reading waits for ever. Those waiting, and those still to come, fail with why.
                _fault = ex;
                _pending.CompleteAdding();
                while (_pending.TryTake(out var pending))
                {
                    pending.Stored.TrySetException(ex);
                }
            }
            finally
            {
                _stopped.SetResult();
            }
        }

        // The group begins with first and takes the readings that are waiting, one after each it stored. first is
        // in the group from the start: a group that fails before storing anything (no connection) fails it too.
        private void WriteGroup(PendingWrite first)
        {
            var group = new List<PendingWrite> { first };
            var stored = new List<(PendingWrite Write, SourceStoreResult Result)>();
            try
            {
                _lock.Wait();
            }
            catch (Exception ex)
            {
                first.Stored.TrySetException(ex);
                throw;
            }

            try
            {
                var session = _session ??= _store.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
                session.BeginGroupAsync(CancellationToken.None).GetAwaiter().GetResult();
                for (var i = 0; i < group.Count; i++)
                {
                    var next = group[i];
                    try
                    {
                        next.Ct.ThrowIfCancellationRequested();
                        stored.Add((next, session.StoreAsync(next.Channel, next.Reading, next.Context, next.RecordedBy, next.Ct).GetAwaiter().GetResult()));
                    }
                    catch (Exception ex) when (session.CanContinueGroup)
                    {
                        // Rolled back to its savepoint: this channel fails alone.
                        next.Stored.TrySetException(ex);
                    }

                    if (group.Count < MaxGroup && _pending.TryTake(out var more))
                    {
                        group.Add(more);
                    }
                }

                session.CommitGroupAsync(CancellationToken.None).GetAwaiter().GetResult();
                foreach (var (write, result) in stored)
                {
                    write.Stored.TrySetResult(result);
                }
            }
            catch (Exception ex)
            {
                // Nothing of the group was committed: every channel in it fails (those failed already keep their own error).
                foreach (var write in group)
                {
                    write.Stored.TrySetException(ex);
                }

                Close();
            }
            finally
            {
                _lock.Release();
            }
        }

        private void Close()
        {
            if (_session is not null)
            {
                _session.DisposeAsync().AsTask().GetAwaiter().GetResult();
                _session = null;
            }
        }

        // Every reader has had its answer by now (the run awaits them all first): the loop ends at once. A
        // writer that stopped early has told each reading why, and does not say it again here.
        public async ValueTask DisposeAsync()
        {
            _pending.CompleteAdding();
            await _stopped.Task;
            _pending.Dispose();
        }
    }

    public void Dispose() => _writes.Dispose();

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Error, Message = "Collection job {Job} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception ex, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection job {Job}: read {Source}: {ItemsRead} items read, {ItemsWritten} rows written in {ElapsedMs} ms")]
    private static partial void LogSourceRead(ILogger logger, string job, string source, int itemsRead, int itemsWritten, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection job {Job}: read {Source} failed after {ElapsedMs} ms: {Error}")]
    private static partial void LogSourceFailed(ILogger logger, string job, string source, string error, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection job {Job}: source {Source} failed unexpectedly")]
    private static partial void LogSourceFailedUnexpectedly(ILogger logger, Exception ex, string job, string source);
}
