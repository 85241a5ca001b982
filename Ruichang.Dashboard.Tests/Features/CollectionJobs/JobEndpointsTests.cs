using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.CollectionJobs;

/// <summary><c>/api/v1/jobs</c> through the running app on a real database; collection is off unless a test starts its own app with it on.</summary>
public sealed class JobEndpointsTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    private static readonly string[] JobKeys = ["weibo", "articles", "counters", "commentators", "rankings", "reports"];

    [Fact]
    public async Task Jobs_lists_the_six_jobs_with_schedule_state_and_channel_count_for_an_admin()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var json = JsonDocument.Parse(await api.GetStringAsync("/api/v1/jobs"));

        var jobs = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(JobKeys, jobs.Select(j => j.GetProperty("key").GetString()));
        var weibo = jobs[0];
        Assert.Equal("政务微博", weibo.GetProperty("name").GetString());
        Assert.Equal("0 5 * * * ?", weibo.GetProperty("cron").GetString());
        Assert.Equal("disabled", weibo.GetProperty("state").GetString());
        Assert.False(weibo.GetProperty("running").GetBoolean());
        Assert.Equal(JsonValueKind.Null, weibo.GetProperty("nextRun").ValueKind);
        Assert.Equal(JsonValueKind.Null, weibo.GetProperty("lastRun").ValueKind);
        await using var db = app.Database.CreateContext();
        Assert.Equal(await db.Channels.CountAsync(c => c.IsEnabled && c.Kind == ChannelKinds.Weibo), weibo.GetProperty("channels").GetInt32());
    }

    [Theory]
    [InlineData(Roles.Leader)]
    [InlineData(Roles.Staff)]
    public async Task Jobs_are_forbidden_to_leader_and_staff_tokens(string role)
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(role));

        using var list = await api.GetAsync("/api/v1/jobs");
        using var run = await api.PostAsync("/api/v1/jobs/weibo/run", null);
        using var runs = await api.GetAsync("/api/v1/jobs/weibo/runs");

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, runs.StatusCode);
    }

    [Fact]
    public async Task Jobs_without_a_token_is_401()
    {
        using var api = app.CreateApiClient(token: null);

        using var response = await api.GetAsync("/api/v1/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Running_an_unknown_job_is_404_problem_details_in_Chinese()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var response = await api.PostAsync("/api/v1/jobs/tiktok/run", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("找不到采集任务", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("没有名为“tiktok”的采集任务", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_a_job_while_collection_is_disabled_is_409_and_records_nothing()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var response = await api.PostAsync("/api/v1/jobs/weibo/run", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("采集已关闭", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.JobRuns.AnyAsync(r => r.JobKey == "weibo"));
    }

    [Fact]
    public async Task Runs_of_an_unknown_job_is_404()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var response = await api.GetAsync("/api/v1/jobs/tiktok/runs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public async Task Runs_take_outside_1_to_200_is_400_naming_take(int take)
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var response = await api.GetAsync($"/api/v1/jobs/weibo/runs?take={take}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("take", out _));
    }

    [Fact]
    public async Task Runs_lists_the_newest_runs_first_with_their_sources_and_take_limits_them()
    {
        // The first client starts the app, which creates the database.
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));
        await using (var db = app.Database.CreateContext())
        {
            var start = new DateTime(2014, 9, 30, 1, 0, 0, DateTimeKind.Utc);
            db.JobRuns.Add(new JobRun { JobKey = "rankings", StartedAtUtc = start, EndedAtUtc = start.AddSeconds(5), Status = JobRunStatus.Succeeded, ItemsRead = 13, ItemsWritten = 13, TriggeredBy = "schedule" });
            db.JobRuns.Add(new JobRun
            {
                JobKey = "rankings",
                StartedAtUtc = start.AddHours(1),
                EndedAtUtc = start.AddHours(1).AddSeconds(3),
                Status = JobRunStatus.PartlyFailed,
                ItemsRead = 13,
                ItemsWritten = 2,
                Error = "省政务微博排行：HTTP 500",
                TriggeredBy = "user:admin",
                Sources =
                [
                    new JobRunSource { SourceName = "九江月度通报", Succeeded = true, ItemsRead = 13, ItemsWritten = 2, StartedAtUtc = start.AddHours(1), EndedAtUtc = start.AddHours(1).AddSeconds(1) },
                    new JobRunSource { SourceName = "省政务微博排行", Succeeded = false, Error = "HTTP 500", StartedAtUtc = start.AddHours(1).AddSeconds(1), EndedAtUtc = start.AddHours(1).AddSeconds(3) },
                ],
            });
            await db.SaveChangesAsync();
        }

        using var json = JsonDocument.Parse(await api.GetStringAsync("/api/v1/jobs/rankings/runs"));
        using var one = JsonDocument.Parse(await api.GetStringAsync("/api/v1/jobs/rankings/runs?take=1"));

        var runs = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        var latest = runs[0];
        Assert.Equal("partlyFailed", latest.GetProperty("status").GetString());
        Assert.Equal("2014-09-30T02:00:00Z", latest.GetProperty("startedAt").GetString());
        Assert.Equal("2014-09-30T02:00:03Z", latest.GetProperty("endedAt").GetString());
        Assert.Equal(2, latest.GetProperty("itemsWritten").GetInt32());
        Assert.Equal("user:admin", latest.GetProperty("triggeredBy").GetString());
        var sources = latest.GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(["九江月度通报", "省政务微博排行"], sources.Select(s => s.GetProperty("name").GetString()));
        Assert.True(sources[0].GetProperty("succeeded").GetBoolean());
        Assert.Equal("HTTP 500", sources[1].GetProperty("error").GetString());
        Assert.Equal("succeeded", runs[1].GetProperty("status").GetString());
        Assert.Empty(runs[1].GetProperty("sources").EnumerateArray());
        Assert.Equal(latest.GetProperty("id").GetInt64(), Assert.Single(one.RootElement.EnumerateArray().ToList()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Run_now_with_collection_enabled_is_202_and_the_run_shows_in_runs_and_jobs()
    {
        await using var live = new DashboardAppFactory { CollectionEnabled = true };
        using var api = live.CreateApiClient(await live.CreateApiTokenAsync(Roles.Admin, "ops-script"));

        using var response = await api.PostAsync("/api/v1/jobs/weibo/run", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // A new database: the job's first run came at start (CollectionSchedule.FirstStart), the API's after it.
        var done = await Eventually.ReturnsAsync(
            async () =>
            {
                await using var db = live.Database.CreateContext();
                return await db.JobRuns.Include(r => r.Sources).AsNoTracking().Where(r => r.JobKey == "weibo" && r.Status != JobRunStatus.Running).ToListAsync();
            },
            r => r.Count == 2);
        Assert.Equal([CollectionSchedule.FirstStart, "api:ops-script"], done.OrderBy(r => r.Id).Select(r => r.TriggeredBy));
        var run = done.Single(r => r.TriggeredBy == "api:ops-script");

        using var runs = JsonDocument.Parse(await api.GetStringAsync("/api/v1/jobs/weibo/runs"));
        var listed = runs.RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == run.Id);
        Assert.Equal(JobEndpoints.StatusName(run.Status), listed.GetProperty("status").GetString());
        Assert.Equal(run.Sources.Count, listed.GetProperty("sources").GetArrayLength());

        using var jobs = JsonDocument.Parse(await api.GetStringAsync("/api/v1/jobs"));
        var weibo = jobs.RootElement.EnumerateArray().Single(j => j.GetProperty("key").GetString() == "weibo");
        Assert.Equal("normal", weibo.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, weibo.GetProperty("nextRun").ValueKind);
        Assert.Equal(run.Id, weibo.GetProperty("lastRun").GetProperty("id").GetInt64());
        Assert.False(weibo.GetProperty("lastRun").TryGetProperty("sources", out _));
    }
}
