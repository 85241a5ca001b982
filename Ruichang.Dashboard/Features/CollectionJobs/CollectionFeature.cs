using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Settings;

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
        // The values the app started with: the scheduler and the clock are set up from them once.
        var options = builder.AddSettings<CollectionOptions, CollectionOptionsValidator>(CollectionOptions.SectionName);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone.Trim());
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
}
