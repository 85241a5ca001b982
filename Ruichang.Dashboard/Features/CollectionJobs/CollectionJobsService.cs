using Microsoft.EntityFrameworkCore;
using Quartz;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using JobRunStatus = Ruichang.Dashboard.Domain.JobRunStatus;

namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>A collection job as the admin page and the API show it.</summary>
public sealed record JobStatus(
    CollectionJobDefinition Job, string Cron, string State, bool IsRunning, DateTime? NextRunUtc, DateTime? PreviousRunUtc, JobRun? LastRun, int ChannelCount);

/// <summary>Why a job command could not be carried out; the message is for the user.</summary>
public sealed class JobCommandException(string message) : Exception(message);

/// <summary>Reads the jobs' state and runs the admin's commands: run now, pause, resume.</summary>
public sealed class CollectionJobsService(IDbContextFactory<DashboardDbContext> factory, CollectionOptions options, IServiceProvider services)
{
    public const string StateNormal = "normal";
    public const string StatePaused = "paused";
    public const string StateDisabled = "disabled";

    public async Task<IReadOnlyList<JobStatus>> GetJobsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var lastRuns = await db.JobRuns.AsNoTracking()
            .GroupBy(r => r.JobKey)
            .Select(g => g.OrderByDescending(r => r.StartedAtUtc).First())
            .ToListAsync(ct);
        var channelCounts = await db.Channels.Where(c => c.IsEnabled).GroupBy(c => c.Kind).Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync(ct);
        var scheduler = await SchedulerAsync(ct);

        var result = new List<JobStatus>();
        foreach (var job in CollectionJobDefinitions.All)
        {
            var trigger = scheduler is null ? null : await scheduler.GetTrigger(CollectionSchedule.TriggerKeyOf(job.Key), ct);
            var state = scheduler is null ? StateDisabled
                : await scheduler.GetTriggerState(CollectionSchedule.TriggerKeyOf(job.Key), ct) == TriggerState.Paused ? StatePaused
                : StateNormal;
            var lastRun = lastRuns.FirstOrDefault(r => r.JobKey == job.Key);
            result.Add(new JobStatus(
                job,
                options.CronFor(job),
                state,
                lastRun?.Status == JobRunStatus.Running,
                trigger?.NextFireTimeUtc?.UtcDateTime,
                trigger?.PreviousFireTimeUtc?.UtcDateTime,
                lastRun,
                channelCounts.Where(c => job.Kinds.Contains(c.Kind)).Sum(c => c.Count)));
        }

        return result;
    }

    public async Task<IReadOnlyList<JobRun>> GetRunsAsync(string jobKey, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.JobRuns.AsNoTracking().Include(r => r.Sources)
            .Where(r => r.JobKey == jobKey)
            .OrderByDescending(r => r.StartedAtUtc).ThenByDescending(r => r.Id)
            .Take(take)
            .ToListAsync(ct);
    }

    /// <summary>Asks the scheduler to run the job now; a run already going on finishes first (runs never overlap).</summary>
    public async Task RunNowAsync(string jobKey, string triggeredBy, CancellationToken ct)
    {
        var scheduler = await RequireSchedulerAsync(jobKey, ct);
        await scheduler.TriggerJob(CollectionSchedule.JobKeyOf(jobKey), new JobDataMap { [CollectionJob.TriggeredByKey] = triggeredBy }, ct);
    }

    public async Task PauseAsync(string jobKey, CancellationToken ct) =>
        await (await RequireSchedulerAsync(jobKey, ct)).PauseJob(CollectionSchedule.JobKeyOf(jobKey), ct);

    public async Task ResumeAsync(string jobKey, CancellationToken ct) =>
        await (await RequireSchedulerAsync(jobKey, ct)).ResumeJob(CollectionSchedule.JobKeyOf(jobKey), ct);

    private async Task<IScheduler> RequireSchedulerAsync(string jobKey, CancellationToken ct)
    {
        if (CollectionJobDefinitions.Find(jobKey) is null)
        {
            throw new JobCommandException($"没有名为 {jobKey} 的采集任务。");
        }

        return await SchedulerAsync(ct) ?? throw new JobCommandException("采集已关闭（Collection:Enabled = false），无法运行或暂停任务。");
    }

    // The scheduler exists only when collection is enabled.
    private async Task<IScheduler?> SchedulerAsync(CancellationToken ct) =>
        options.Enabled && services.GetService<ISchedulerFactory>() is { } schedulers ? await schedulers.GetScheduler(ct) : null;
}
