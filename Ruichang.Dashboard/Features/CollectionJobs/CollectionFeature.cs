using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.CollectionJobs;

public static class CollectionFeature
{
    /// <summary>
    /// The county clock (<c>Collection:TimeZone</c>), the runner that reads a job's sources into the
    /// source store, the jobs' state and commands, and, unless <c>Collection:Enabled</c> is false,
    /// the Quartz scheduler on a persistent job store in the app's database with one job per source
    /// kind (<c>Collection:Jobs:&lt;job&gt;:Cron</c>).
    /// Wrong settings stop the app naming their key.
    /// </summary>
    public static IHostApplicationBuilder AddCollection(this IHostApplicationBuilder builder)
    {
        var options = ReadOptions(builder.Configuration);
        var zone = FindZone(options.TimeZone);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new CountyClock(sp.GetRequiredService<TimeProvider>(), zone));

        builder.Services.AddSingleton<CollectionRunner>();
        // The host waits for the runner's grace period, and a little more to record what it cut off.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.StopGracePeriod + TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton<CollectionJobsService>();

        if (options.Enabled)
        {
            var database = DataFeature.ReadOptions(builder.Configuration, builder.Environment.ContentRootPath);
            builder.Services.AddQuartz(q =>
            {
                // Schedules, pauses and missed slots live in the app's own database and survive a restart.
                q.UsePersistentStore(store =>
                {
                    if (database.Provider == DatabaseProvider.SqlServer)
                    {
                        store.UseSqlServer(database.ConnectionString);
                    }
                    else
                    {
                        store.UseSqlite(database.ConnectionString);
                    }

                    store.ProvisionSchema();
                });
            });
            builder.Services.AddSingleton<CollectionSchedule>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<CollectionSchedule>());
            // A stop waits for a running job to finish its run (and record it) instead of cutting it off.
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        return builder;
    }

    private static CollectionOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection(CollectionOptions.SectionName);
        var options = new CollectionOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException($"{CollectionOptions.SectionName}:{nameof(CollectionOptions.Enabled)}", ex.InnerException?.Message ?? ex.Message);
        }

        foreach (var key in options.Jobs.Keys)
        {
            if (CollectionJobDefinitions.Find(key.ToLowerInvariant()) is null)
            {
                throw new ConfigurationException($"Collection:Jobs:{key}", $"没有名为 {key} 的采集任务；可用的有 {string.Join("、", CollectionJobDefinitions.All.Select(j => j.Key))}。");
            }
        }

        if (options.StopGracePeriod < TimeSpan.Zero || options.StopGracePeriod > TimeSpan.FromMinutes(10))
        {
            throw new ConfigurationException($"{CollectionOptions.SectionName}:{nameof(CollectionOptions.StopGracePeriod)}", "应在 00:00:00 到 00:10:00 之间。");
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
                throw new ConfigurationException($"Collection:Jobs:{job.Key}:Cron", $"不是有效的 Quartz cron 表达式：\"{cron}\"（例如 \"0 5 * * * ?\" 表示每小时第 5 分钟）：{ex.Message}");
            }
        }

        return options;
    }

    internal static TimeZoneInfo FindZone(string? id)
    {
        const string key = $"{CollectionOptions.SectionName}:{nameof(CollectionOptions.TimeZone)}";
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ConfigurationException(key, "时区不能为空，例如 Asia/Shanghai。");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ConfigurationException(key, $"找不到时区 \"{id}\"，例如 Asia/Shanghai。");
        }
    }
}
