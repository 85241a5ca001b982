using Microsoft.Extensions.Options;
using Quartz;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>Settings under <c>Collection</c>.</summary>
public sealed class CollectionOptions
{
    public const string SectionName = "Collection";

    /// <summary>Run the Quartz collectors (<c>Collection:Enabled</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The county's time zone for periods and schedules (<c>Collection:TimeZone</c>).</summary>
    [TimeZoneId(ErrorMessage = "Collection:TimeZone 找不到这个时区，应如 Asia/Shanghai。")]
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// <c>Collection:StopGracePeriod</c>: on a stop of the app, how long sources being read may
    /// go on before they are cancelled (and recorded as such).
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Collection:StopGracePeriod 应在 00:00:00 到 00:10:00 之间。")]
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

/// <summary>The data-annotation rules of <see cref="CollectionOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class CollectionOptionsAnnotations : IValidateOptions<CollectionOptions>;

/// <summary>Checks <see cref="CollectionOptions"/>: its annotations, then that every job named is one and every cron parses.</summary>
internal sealed class CollectionOptionsValidator : IValidateOptions<CollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectionOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        result.AddResult(new CollectionOptionsAnnotations().Validate(name, options));
        foreach (var key in options.Jobs.Keys.Where(k => CollectionJobDefinitions.Find(k.ToLowerInvariant()) is null))
        {
            result.AddError($"Collection:Jobs:{key} 没有名为 {key} 的采集任务；可用的有 {string.Join("、", CollectionJobDefinitions.All.Select(j => j.Key))}。");
        }

        foreach (var job in CollectionJobDefinitions.All)
        {
            var cron = options.CronFor(job);
            try
            {
                _ = CronExpression.Parse(cron);
            }
            catch (FormatException ex)
            {
                result.AddError($"Collection:Jobs:{job.Key}:Cron 不是有效的 Quartz cron 表达式：\"{cron}\"（例如 \"0 5 * * * ?\" 表示每小时第 5 分钟）：{ex.Message}");
            }
        }

        return result.Build();
    }
}
