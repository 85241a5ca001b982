using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using JobRunStatus = Ruichang.Dashboard.Domain.JobRunStatus;

namespace Ruichang.Dashboard.Tests.Features.CollectionJobs;

/// <summary>The Quartz scheduler on its persistent store in the app's SQLite file: overlap, restarts, shutdown, pauses.</summary>
public sealed class CollectionSchedulerTests : IAsyncLifetime
{
    private const string Ranking = "排名,微博名称,总分\n1,江西发布,95.2\n13,九江瑞昌发布,80.1\n";

    private LoopbackServer _server = default!;
    private TestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _database = await new TestDatabase().MigrateAsync();
        await using var db = _database.CreateContext();
        db.Channels.Add(new Channel
        {
            CountyId = (await db.Counties.SingleAsync(c => c.IsHome)).Id, Kind = ChannelKinds.RankingList, Name = "省政务微博榜",
            Url = _server.Url("/ranking.csv").ToString(), OptionsJson = """{"format":"csv","listName":"江西政务微博排行榜","period":"2014-Q3"}""",
        });
        // Every job has run before, as in an install that has been running: a job's first run at start (a test of
        // its own) stays out of the others.
        var before = DateTime.UtcNow.AddDays(-1);
        db.JobRuns.AddRange(CollectionJobDefinitions.All.Select(j => new JobRun
        {
            JobKey = j.Key, TriggeredBy = Earlier, Status = JobRunStatus.Succeeded, StartedAtUtc = before, EndedAtUtc = before,
        }));
        await db.SaveChangesAsync();
    }

    private const string Earlier = "earlier";

    public async Task DisposeAsync()
    {
        _database.Dispose();
        await _server.DisposeAsync();
    }

    private Task<CollectorHost> StartAsync(string rankingsCron) => CollectorHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["Collection:Enabled"] = "true",
            ["Collection:Jobs:rankings:Cron"] = rankingsCron,
            // The slow source here is slow on purpose, not broken.
            ["Sources:Http:AttemptTimeout"] = "00:00:20",
            ["Sources:Http:TotalTimeout"] = "00:00:40",
        },
        _database);

    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void ServeSlowly(TimeSpan delay) => _server.Map("/ranking.csv", async context =>
    {
        _requested.TrySetResult();
        await Task.Delay(delay, context.RequestAborted);
        context.Response.ContentType = "text/csv; charset=utf-8";
        await context.Response.WriteAsync(Ranking, context.RequestAborted);
    });

    private async Task<List<JobRun>> RunsAsync()
    {
        await using var db = _database.CreateContext();
        return await db.JobRuns.AsNoTracking().Where(r => r.JobKey == CollectionJobDefinitions.Rankings && r.TriggeredBy != Earlier).OrderBy(r => r.StartedAtUtc).ToListAsync();
    }

    [Fact]
    public async Task A_run_longer_than_its_interval_never_overlaps_the_next()
    {
        ServeSlowly(TimeSpan.FromSeconds(1.5));
        await using (var host = await StartAsync("* * * * * ?"))
        {
            await Eventually.TrueAsync(async () => (await RunsAsync()).Count(r => r.EndedAtUtc is not null) >= 3);
        }

        var runs = await RunsAsync();
        // A run that fired as the host stopped started no source and says so; every other one succeeded.
        Assert.All(runs.Where(r => r.Error?.Contains("应用正在关闭", StringComparison.Ordinal) != true), r => Assert.Equal(JobRunStatus.Succeeded, r.Status));
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].StartedAtUtc >= runs[i - 1].EndedAtUtc, $"run {i} started at {runs[i].StartedAtUtc:O} before run {i - 1} ended at {runs[i - 1].EndedAtUtc:O}");
        }
    }

    [Fact]
    public async Task A_restart_after_missed_slots_fires_exactly_once()
    {
        _server.Serve("/ranking.csv", Ranking, "text/csv; charset=utf-8");
        // Noon every day: no slot falls inside the test on its own.
        await using (await StartAsync("0 0 12 * * ?"))
        {
        }

        // The app was down for three days: the trigger's next slot lies three days back.
        var threeDaysAgo = DateTimeOffset.UtcNow.AddDays(-3).UtcTicks;
        await using (var connection = new SqliteConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = $ticks WHERE TRIGGER_NAME = 'rankings'";
            command.Parameters.AddWithValue("$ticks", threeDaysAgo);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await using (var host = await StartAsync("0 0 12 * * ?"))
        {
            await Eventually.TrueAsync(async () => (await RunsAsync()).Any(r => r.EndedAtUtc is not null));
            // Give a second firing every chance to happen before looking.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var trigger = await (await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).GetTrigger(CollectionSchedule.TriggerKeyOf(CollectionJobDefinitions.Rankings));
            Assert.True(trigger!.NextFireTimeUtc > DateTimeOffset.UtcNow);
        }

        var runs = await RunsAsync();
        var run = Assert.Single(runs);
        Assert.Equal(("schedule", JobRunStatus.Succeeded), (run.TriggeredBy, run.Status));
    }

    [Fact]
    public async Task A_job_that_has_never_run_runs_once_at_start_and_keeps_to_its_schedule_after_a_restart()
    {
        _server.Serve("/ranking.csv", Ranking, "text/csv; charset=utf-8");
        await using (var db = _database.CreateContext())
        {
            await db.JobRuns.ExecuteDeleteAsync();
        }

        // Noon every day: no slot falls inside the test, yet the new install collects at once.
        await using (await StartAsync("0 0 12 * * ?"))
        {
            await Eventually.TrueAsync(async () => (await RunsAsync()).Any(r => r.EndedAtUtc is not null));
        }

        var first = Assert.Single(await RunsAsync());
        Assert.Equal((CollectionSchedule.FirstStart, JobRunStatus.Succeeded), (first.TriggeredBy, first.Status));
        await using (var db = _database.CreateContext())
        {
            Assert.Equal(1, await db.ExternalRankings.CountAsync());
        }

        // A restart: the job has run, so it waits for its slot.
        await using (await StartAsync("0 0 12 * * ?"))
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        Assert.Single(await RunsAsync());
    }

    [Fact]
    public async Task A_paused_job_that_has_never_run_stays_paused_at_start()
    {
        _server.Serve("/ranking.csv", Ranking, "text/csv; charset=utf-8");
        // Paused by an admin (the job's earlier runs keep this start from running it), then its runs are gone.
        await using (var host = await StartAsync("0 0 12 * * ?"))
        {
            await host.Services.GetRequiredService<CollectionJobsService>().PauseAsync(CollectionJobDefinitions.Rankings, CancellationToken.None);
        }

        await using (var db = _database.CreateContext())
        {
            await db.JobRuns.ExecuteDeleteAsync();
        }

        await using (await StartAsync("0 0 12 * * ?"))
        {
            // The other jobs, which have never run either, run at start; the paused one does not.
            await Eventually.TrueAsync(async () =>
            {
                await using var db = _database.CreateContext();
                return await db.JobRuns.CountAsync(r => r.TriggeredBy == CollectionSchedule.FirstStart && r.EndedAtUtc != null) == CollectionJobDefinitions.All.Count - 1;
            });
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Empty(await RunsAsync());
    }

    [Fact]
    public async Task Stopping_the_app_waits_for_a_source_being_read_to_finish_and_records_the_run()
    {
        ServeSlowly(TimeSpan.FromSeconds(2));
        var host = await StartAsync("0 0 12 * * ?");
        await host.Services.GetRequiredService<CollectionJobsService>().RunNowAsync(CollectionJobDefinitions.Rankings, "test", CancellationToken.None);
        // The source is being read: within Collection:StopGracePeriod (15 s) it may finish.
        await _requested.Task.WaitAsync(Eventually.Deadline);

        await host.DisposeAsync();

        var run = Assert.Single(await RunsAsync());
        Assert.True(run.Status == JobRunStatus.Succeeded, run.Error);
        Assert.NotNull(run.EndedAtUtc);
        Assert.Equal("test", run.TriggeredBy);
        await using var db = _database.CreateContext();
        Assert.Equal(2, await db.ExternalRankingEntries.CountAsync());
    }

    [Fact]
    public async Task A_paused_job_stays_paused_after_a_restart_and_resumes_on_request()
    {
        _server.Serve("/ranking.csv", Ranking, "text/csv; charset=utf-8");
        await using (var host = await StartAsync("0 0 12 * * ?"))
        {
            await host.Services.GetRequiredService<CollectionJobsService>().PauseAsync(CollectionJobDefinitions.Rankings, CancellationToken.None);
        }

        await using (var host = await StartAsync("0 0 12 * * ?"))
        {
            var jobs = host.Services.GetRequiredService<CollectionJobsService>();
            Assert.Equal(CollectionJobsService.StatePaused, (await jobs.GetJobsAsync(CancellationToken.None)).Single(j => j.Job.Key == CollectionJobDefinitions.Rankings).State);

            await jobs.ResumeAsync(CollectionJobDefinitions.Rankings, CancellationToken.None);

            var rankings = (await jobs.GetJobsAsync(CancellationToken.None)).Single(j => j.Job.Key == CollectionJobDefinitions.Rankings);
            Assert.Equal(CollectionJobsService.StateNormal, rankings.State);
            Assert.NotNull(rankings.NextRunUtc);
        }
    }

    [Fact]
    public async Task A_changed_schedule_replaces_the_stored_one_on_start()
    {
        _server.Serve("/ranking.csv", Ranking, "text/csv; charset=utf-8");
        await using (await StartAsync("0 0 12 * * ?"))
        {
        }

        await using var host = await StartAsync("0 30 6 * * ?");

        var trigger = await (await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).GetTrigger(CollectionSchedule.TriggerKeyOf(CollectionJobDefinitions.Rankings));
        var cron = Assert.IsAssignableFrom<ICronTrigger>(trigger);
        Assert.Equal("0 30 6 * * ?", cron.CronExpressionString);
        Assert.Equal("Asia/Shanghai", cron.TimeZone.Id);
    }
}
