using Quartz;

namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>
/// The Quartz job behind every collection job key; the key (the job's name) says which. Two runs of
/// one job never overlap: a run that outlasts its interval delays the next instead.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CollectionJob(CollectionRunner runner) : IJob
{
    public const string Group = "collection";

    /// <summary>JobDataMap key: who asked for the run ("schedule" when nobody did).</summary>
    public const string TriggeredByKey = "triggeredBy";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var job = CollectionJobDefinitions.Find(context.JobDetail.Key.Name)
            ?? throw new JobExecutionException($"unknown collection job {context.JobDetail.Key.Name}");
        var triggeredBy = context.MergedJobDataMap.TryGetString(TriggeredByKey, out var by) && !string.IsNullOrEmpty(by) ? by : "schedule";
        await runner.RunAsync(job, triggeredBy, cancellationToken);
    }
}
