using Microsoft.EntityFrameworkCore;
using Quartz;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>
/// Brings the persistent job store in line with the configuration before the scheduler starts.
/// A trigger whose cron and zone are unchanged is left as it is, so its pause and its missed
/// slot survive a restart (a missed run then fires once, by the trigger's misfire rule); a changed
/// schedule replaces the trigger and keeps it paused if it was. Once the app has started, a job
/// that has never run runs once at once (see <see cref="RunNeverRunJobsAsync"/>).
/// </summary>
public sealed class CollectionSchedule(
    ISchedulerFactory schedulers, CollectionOptions options, CountyClock clock, CollectionRunner runner, IDbContextFactory<DashboardDbContext> factory)
    : IHostedLifecycleService
{
    /// <summary>Who asked for a job's first run (<see cref="RunNeverRunJobsAsync"/>), as its run records it.</summary>
    public const string FirstStart = "first-start";

    public static JobKey JobKeyOf(string job) => new(job, CollectionJob.Group);

    public static TriggerKey TriggerKeyOf(string job) => new(job, CollectionJob.Group);

    public async Task SyncAsync(CancellationToken ct)
    {
        // Only this process runs these jobs (no clustering on one small server): a run still marked running was cut off.
        await runner.RecoverInterruptedRunsAsync(ct);
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var job in CollectionJobDefinitions.All)
        {
            var jobKey = JobKeyOf(job.Key);
            var detail = JobBuilder.Create<CollectionJob>().WithIdentity(jobKey).WithDescription(job.Name).StoreDurably().Build();
            await scheduler.AddJob(detail, AddJobOptions.Replacing, ct);

            var cron = options.CronFor(job);
            var triggerKey = TriggerKeyOf(job.Key);
            var existing = await scheduler.GetTrigger(triggerKey, ct);
            if (existing is ICronTrigger current && current.CronExpressionString == cron && current.TimeZone.Id == clock.Zone.Id)
            {
                continue;
            }

            var trigger = TriggerBuilder.Create()
                .WithIdentity(triggerKey)
                .ForJob(jobKey)
                .WithDescription(job.Name)
                .WithCronSchedule(cron, x => x.InTimeZone(clock.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            if (existing is null)
            {
                await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, ct);
                continue;
            }

            var wasPaused = await scheduler.GetTriggerState(triggerKey, ct) == TriggerState.Paused;
            await scheduler.RescheduleJob(triggerKey, trigger, ct);
            if (wasPaused)
            {
                await scheduler.PauseTrigger(triggerKey, ct);
            }
        }
    }

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => SyncAsync(cancellationToken);

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs each job that has never run (and is not paused) once, now: on a new database the first slot of a
    /// schedule may be an hour or a day away (articles at 20 past the hour, counters at 06:30), and until then
    /// every source of a new install, or of the demo, would say 尚未采集. Called once the app listens, since the
    /// demo's sources are served by the app itself. A job that ran before keeps to its schedule.
    /// </summary>
    private async Task RunNeverRunJobsAsync(CancellationToken ct)
    {
        List<string> ran;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            ran = await db.JobRuns.Select(r => r.JobKey).Distinct().ToListAsync(ct);
        }

        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var job in CollectionJobDefinitions.All.Where(j => !ran.Contains(j.Key)))
        {
            if (await scheduler.GetTriggerState(TriggerKeyOf(job.Key), ct) != TriggerState.Paused)
            {
                await scheduler.TriggerJob(JobKeyOf(job.Key), new JobDataMap { [CollectionJob.TriggeredByKey] = FirstStart }, ct);
            }
        }
    }

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => RunNeverRunJobsAsync(cancellationToken);

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
