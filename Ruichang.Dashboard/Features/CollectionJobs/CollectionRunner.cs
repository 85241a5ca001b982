using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>
/// One run of one collection job: reads every enabled channel of the job's kinds (at most
/// <c>Sources:Http:MaxConcurrency</c> at a time), stores each channel's reading in its own
/// transaction, and records the run and each source's part in it. One source failing never stops
/// the others; it keeps its last good figures and its error is recorded on the channel and the run.
/// </summary>
public sealed partial class CollectionRunner(
    IDbContextFactory<DashboardDbContext> factory,
    IServiceProvider services,
    SourceStore store,
    CountyClock clock,
    TimeProvider time,
    IOptionsMonitor<SourcesOptions> options,
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
        try
        {
            List<Channel> channels;
            SourceContext context;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                channels = await db.Channels.AsNoTracking().Where(c => c.IsEnabled && job.Kinds.Contains(c.Kind)).OrderBy(c => c.Id).ToListAsync(ct);
                context = new SourceContext(await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct), clock);
            }

            var adapters = services.GetServices<ISourceAdapter>().ToList();
            // A stop (ct) ends the run gracefully: no new source is started, but one already being
            // read is finished and stored, so nothing is left half-done and the run is recorded.
            await Parallel.ForEachAsync(
                channels,
                new ParallelOptions { MaxDegreeOfParallelism = options.CurrentValue.Http.MaxConcurrency },
                async (channel, _) =>
                {
                    if (ct.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref skipped);
                        return;
                    }

                    var result = await CollectAsync(job, channel, adapters, context, CancellationToken.None);
                    lock (results)
                    {
                        results.Add(result);
                    }
                });

            var succeeded = channels.Where(c => results.Any(r => r.ChannelId == c.Id && r.Succeeded)).ToList();
            foreach (var completion in services.GetServices<ICollectionCompletion>().Where(c => c.JobKey == job.Key))
            {
                run.ItemsWritten += await completion.CompleteAsync(succeeded, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            run.Error = "运行被取消（应用正在关闭或有人停止了它）。";
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, ex, job.Key);
            run.Error = $"运行失败：{ex.Message}";
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
    /// writes were per-source transactions: what committed is complete, the rest never happened.
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
        await using var db = await factory.CreateDbContextAsync(ct);
        var context = new SourceContext(await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct), clock);
        return await AdapterFor(services.GetServices<ISourceAdapter>(), channel).ReadAsync(channel, context, ct);
    }

    private async Task<JobRunSource> CollectAsync(CollectionJobDefinition job, Channel channel, IReadOnlyList<ISourceAdapter> adapters, SourceContext context, CancellationToken ct)
    {
        var result = new JobRunSource { ChannelId = channel.Id, SourceName = channel.Name, StartedAtUtc = Now() };
        try
        {
            var reading = await AdapterFor(adapters, channel).ReadAsync(channel, context, ct);
            result.ItemsRead = reading.ItemsRead;
            await _writes.WaitAsync(ct);
            try
            {
                result.ItemsWritten = await store.StoreAsync(channel, reading, $"{job.Key}:{channel.Id}", ct);
            }
            finally
            {
                _writes.Release();
            }

            result.Succeeded = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            result.Error = ex is SourceFetchException or SourceConfigurationException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            if (ex is not (SourceFetchException or SourceConfigurationException))
            {
                LogSourceFailed(logger, ex, job.Key, channel.Name);
            }

            await store.RecordFailureAsync(channel.Id, result.Error, CancellationToken.None);
        }

        result.EndedAtUtc = Now();
        return result;
    }

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
            var summary = string.Join("\n", failed.Select(f => $"{f.SourceName}：{f.Error}").Prepend(run.Error).OfType<string>());
            run.Error = summary.Length > 4000 ? summary[..4000] : summary;
        }

        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        db.JobRuns.Attach(run);
        db.Entry(run).State = EntityState.Modified;
        foreach (var result in results)
        {
            result.JobRunId = run.Id;
            db.JobRunSources.Add(result);
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    public void Dispose() => _writes.Dispose();

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Error, Message = "Collection job {Job} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception ex, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection job {Job}: source {Source} failed unexpectedly")]
    private static partial void LogSourceFailed(ILogger logger, Exception ex, string job, string source);
}
