using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.Features.Admin;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.CollectionJobs;

/// <summary>The jobs admin page over the real jobs service and database; collection is off (no scheduler).</summary>
public sealed class JobsPageTests : AdminPageTestBase
{
    private static readonly DateTime RunStart = new(2014, 10, 15, 2, 0, 0, DateTimeKind.Utc);

    private async Task<long> SeedRunAsync(string job, JobRunStatus status)
    {
        await using var db = Database.CreateContext();
        var run = new JobRun
        {
            JobKey = job,
            StartedAtUtc = RunStart,
            EndedAtUtc = status == JobRunStatus.Running ? null : RunStart.AddSeconds(4),
            Status = status,
            ItemsRead = 40,
            ItemsWritten = 6,
            Error = status == JobRunStatus.PartlyFailed ? "瑞昌市民生博客：HTTP 503" : null,
            TriggeredBy = "schedule",
        };
        if (status != JobRunStatus.Running)
        {
            run.Sources =
            [
                new JobRunSource { SourceName = "九江瑞昌发布", Succeeded = true, ItemsRead = 40, ItemsWritten = 6, StartedAtUtc = RunStart, EndedAtUtc = RunStart.AddSeconds(2) },
                new JobRunSource { SourceName = "瑞昌市民生博客", Succeeded = false, Error = "HTTP 503", StartedAtUtc = RunStart.AddSeconds(2), EndedAtUtc = RunStart.AddSeconds(4) },
            ];
        }

        db.JobRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    private static AngleSharp.Dom.IElement RowOf(IRenderedComponent<JobsPage> page, string job) =>
        page.FindAll("tr").First(r => r.QuerySelector($"[data-testid=job][data-key={job}]") is not null);

    [Fact]
    public async Task Shows_the_six_jobs_with_schedule_state_and_last_run()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartAsync();
        await SeedRunAsync("weibo", JobRunStatus.PartlyFailed);

        var page = Render<JobsPage>();

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=job]").Count));
        Assert.Equal(["weibo", "articles", "counters", "commentators", "rankings", "reports"], page.FindAll("[data-testid=job]").Select(j => j.GetAttribute("data-key")));
        var weibo = RowOf(page, "weibo").TextContent;
        Assert.Contains("政务微博", weibo, StringComparison.Ordinal);
        Assert.Contains("0 5 * * * ?", weibo, StringComparison.Ordinal);
        Assert.Contains("未启用", weibo, StringComparison.Ordinal);
        Assert.Contains("部分失败", weibo, StringComparison.Ordinal);
        Assert.Contains("2014-10-15 10:00", weibo, StringComparison.Ordinal);
        Assert.Contains("读取 40，写入 6", weibo, StringComparison.Ordinal);
        Assert.Contains("瑞昌市民生博客：HTTP 503", weibo, StringComparison.Ordinal);
        Assert.Contains("尚未运行", RowOf(page, "rankings").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=job-running]"));
    }

    [Fact]
    public async Task Run_now_calls_the_service_and_shows_its_Chinese_message_when_collection_is_off()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartAsync();
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=run-now]").Count));

        await RowOf(page, "articles").QuerySelector("[data-testid=run-now]")!.ClickAsync(new());

        Assert.Contains("采集已关闭（Collection:Enabled = false），无法运行或暂停任务。", SnackbarMessages);
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.JobRuns.CountAsync());
    }

    [Fact]
    public async Task Run_now_is_refused_on_the_server_to_a_user_who_is_not_an_admin()
    {
        await StartAsync();
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=run-now]").Count));
        SignInAs("staff", Roles.Staff);

        await RowOf(page, "weibo").QuerySelector("[data-testid=run-now]")!.ClickAsync(new());

        // Refused before the service is asked: its "collection is off" answer never comes.
        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.DoesNotContain(SnackbarMessages, m => m.Contains("采集已关闭", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pause_and_resume_change_the_jobs_state_in_the_scheduler()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartAsync(collectionEnabled: true);
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Contains("正常", RowOf(page, "rankings").QuerySelector("[data-testid=job-state]")!.TextContent, StringComparison.Ordinal));

        await RowOf(page, "rankings").QuerySelector("[data-testid=pause]")!.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已暂停", RowOf(page, "rankings").QuerySelector("[data-testid=job-state]")!.TextContent, StringComparison.Ordinal));
        Assert.Contains("已暂停“排行榜”。", SnackbarMessages);
        Assert.Equal(CollectionJobsService.StatePaused, (await Collector.Services.GetRequiredService<CollectionJobsService>().GetJobsAsync(default)).Single(j => j.Job.Key == "rankings").State);

        await RowOf(page, "rankings").QuerySelector("[data-testid=resume]")!.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("正常", RowOf(page, "rankings").QuerySelector("[data-testid=job-state]")!.TextContent, StringComparison.Ordinal));
        Assert.Contains("已恢复“排行榜”。", SnackbarMessages);
    }

    [Fact]
    public async Task The_history_lists_a_jobs_runs_and_each_run_opens_to_its_sources()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartAsync();
        await SeedRunAsync("weibo", JobRunStatus.PartlyFailed);
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=history]").Count));

        await RowOf(page, "weibo").QuerySelector("[data-testid=history]")!.ClickAsync(new());

        var runs = page.Find("[data-testid=runs]");
        Assert.Contains("运行记录：政务微博", runs.TextContent, StringComparison.Ordinal);
        Assert.Contains("schedule", runs.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=run-source]"));

        await page.Find("[data-testid=expand-run]").ClickAsync(new());

        var sources = page.FindAll("[data-testid=run-source]");
        Assert.Equal(2, sources.Count);
        Assert.Contains("九江瑞昌发布", sources[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("成功", sources[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", sources[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("失败", sources[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_a_run_is_going_the_page_looks_again_every_few_seconds_until_it_ends()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartAsync();
        var runId = await SeedRunAsync("counters", JobRunStatus.Running);
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=job-running]")));

        await using (var db = Database.CreateContext())
        {
            await db.JobRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, JobRunStatus.Succeeded)
                .SetProperty(r => r.EndedAtUtc, RunStart.AddSeconds(9)));
        }

        Time.Advance(TimeSpan.FromSeconds(3));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=job-running]")));
        Assert.Contains("成功", RowOf(page, "counters").TextContent, StringComparison.Ordinal);
    }
}
