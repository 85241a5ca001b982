using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Collection.Channels;
using Ruichang.Dashboard.Features.Collection.Http;

namespace Ruichang.Dashboard.Features.Collection;

public static class CollectionFeature
{
    /// <summary>
    /// The county clock (<c>Collection:TimeZone</c>), the source adapters, store and runner, the
    /// channel rules and commands the API and the admin pages share, and,
    /// unless <c>Collection:Enabled</c> is false, the Quartz scheduler on a persistent job store in
    /// the app's database with one job per source kind (<c>Collection:Jobs:&lt;job&gt;:Cron</c>).
    /// Wrong settings stop the app naming their key.
    /// </summary>
    public static IHostApplicationBuilder AddCollection(this IHostApplicationBuilder builder)
    {
        var options = ReadOptions(builder.Configuration);
        var zone = FindZone(options.TimeZone);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new CountyClock(sp.GetRequiredService<TimeProvider>(), zone));

        builder.AddSourceHttp();
        // Transient, like the typed HTTP client they hold: the runner resolves them per run.
        builder.Services.AddTransient<ISourceAdapter, Weibo.WeiboAdapter>();
        builder.Services.AddTransient<ISourceAdapter, Counters.CounterAdapter>();
        builder.Services.AddTransient<ISourceAdapter, Articles.FeedAdapter>();
        builder.Services.AddTransient<ISourceAdapter, Articles.PageAdapter>();
        builder.Services.AddTransient<ISourceAdapter, Articles.OwnSiteAdapter>();
        builder.Services.AddTransient<ISourceAdapter, Commentators.CommentatorExportAdapter>();
        builder.Services.AddTransient<ISourceAdapter, Rankings.RankingListAdapter>();
        // The Weibo index reads county figures as the dashboards do.
        builder.Services.TryAddSingleton<Observations.ObservationQueries>();
        builder.Services.AddSingleton<ICollectionCompletion, Weibo.WeiboCountyIndex>();
        builder.Services.AddSingleton<SourceStore>();
        builder.Services.AddSingleton<CollectionRunner>();
        builder.Services.AddSingleton<CollectionJobsService>();
        builder.Services.AddSingleton<ChannelValidator>();
        builder.Services.AddSingleton<ChannelCommands>();
        builder.Services.AddSingleton<ChannelQueries>();

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
            if (CollectionJobs.Find(key.ToLowerInvariant()) is null)
            {
                throw new ConfigurationException($"Collection:Jobs:{key}", $"没有名为 {key} 的采集任务；可用的有 {string.Join("、", CollectionJobs.All.Select(j => j.Key))}。");
            }
        }

        foreach (var job in CollectionJobs.All)
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
