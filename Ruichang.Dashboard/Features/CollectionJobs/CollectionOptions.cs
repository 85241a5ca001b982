namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>Settings under <c>Collection</c>.</summary>
public sealed class CollectionOptions
{
    public const string SectionName = "Collection";

    /// <summary>Run the Quartz collectors (<c>Collection:Enabled</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The county's time zone for periods and schedules (<c>Collection:TimeZone</c>).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// <c>Collection:StopGracePeriod</c>: on a stop of the app, how long sources being read may
    /// go on before they are cancelled (and recorded as such).
    /// </summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>Collection:Jobs:&lt;job&gt;:Cron</c>: a job's schedule (a Quartz cron expression) in <see cref="TimeZone"/>.</summary>
    public Dictionary<string, JobScheduleOptions> Jobs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The job's cron: configured, or its default.</summary>
    public string CronFor(CollectionJobDefinition job) =>
        Jobs.TryGetValue(job.Key, out var schedule) && !string.IsNullOrWhiteSpace(schedule.Cron) ? schedule.Cron.Trim() : job.DefaultCron;
}

public sealed class JobScheduleOptions
{
    public string? Cron { get; set; }
}
