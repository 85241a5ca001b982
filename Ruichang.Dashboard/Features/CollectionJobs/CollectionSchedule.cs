using Quartz;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>
/// Brings the persistent job store in line with the configuration before the scheduler starts.
/// A trigger whose cron and zone are unchanged is left as it is, so its pause and its missed
/// slot survive a restart (a missed run then fires once, by the trigger's misfire rule); a changed
/// schedule replaces the trigger and keeps it paused if it was.
/// </summary>
public sealed class CollectionSchedule(ISchedulerFactory schedulers, CollectionOptions options, CountyClock clock, CollectionRunner runner) : IHostedLifecycleService
{
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

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
