using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Tests.Features.Exports;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Reports;

/// <summary>
/// The <c>reports</c> job writing last month's summary and tables to <c>Reports:OutputFolder</c> (a temporary folder), its run
/// recorded as the collectors' are, and <c>/reports</c> listing and serving what it wrote, and nothing else.
/// </summary>
public sealed class ReportsJobTests : IDisposable
{
    // 3 December 2026, 10:00 in Ruichang: the job writes November's summary.
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
    private const string NovemberFile = "瑞昌网络宣传工作总结-2026年11月.docx";
    private readonly string _folder = Directory.CreateTempSubdirectory("ruichang-reports-").FullName;
    private readonly DashboardAppFactory _app;

    public ReportsJobTests()
    {
        _app = new DashboardAppFactory { Time = new FakeTimeProvider(Now) };
        _app.Settings["Reports:OutputFolder"] = _folder;
    }

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<JobRun> RunJobAsync() =>
        _app.Services.GetRequiredService<CollectionRunner>().RunAsync(CollectionJobDefinitions.Find(CollectionJobDefinitions.Reports)!, "test", CancellationToken.None);

    [Fact]
    public async Task The_job_writes_last_months_summary_to_the_folder_and_its_run_is_recorded()
    {
        var run = await RunJobAsync();

        var path = Path.Combine(_folder, NovemberFile);
        Assert.True(File.Exists(path), $"no {NovemberFile} in {string.Join(", ", Directory.GetFiles(_folder))}");
        var doc = SummaryDocx.Open(await File.ReadAllBytesAsync(path));
        Assert.Contains("瑞昌市2026年11月网络宣传工作总结", doc.Paragraphs[0], StringComparison.Ordinal);
        // An empty database: every figure is missing, none is written as 0.
        Assert.Contains($"主流新闻网站刊发瑞昌稿件：{Ruichang.Dashboard.Features.Reports.WorkSummaryDocument.NoData}", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("稿件0条", doc.Text, StringComparison.Ordinal);
        Assert.Empty(doc.ValidationErrors);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));

        await using var db = _app.Database.CreateContext();
        var stored = await db.JobRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id);
        Assert.Equal((CollectionJobDefinitions.Reports, JobRunStatus.Succeeded, 3, "test"), (stored.JobKey, stored.Status, stored.ItemsWritten, stored.TriggeredBy));
        Assert.NotNull(stored.EndedAtUtc);
    }

    // November's placements: the home county's 30 recorded as homeSource, another county's 45 collected.
    private async Task WriteNovemberPlacementsAsync(ObservationSource homeSource)
    {
        var november = Period.Month(2026, 11);
        var writer = _app.Services.GetRequiredService<ObservationWriter>();
        await using var db = _app.Database.CreateContext();
        var counties = await db.Counties.OrderBy(c => c.DisplayOrder).ToListAsync();
        var placements = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements);
        await writer.UpsertAsync(db, [new ObservationWrite(placements.Id, counties.Single(c => c.IsHome).Id, null, november, 30)],
            new WriteProvenance(homeSource, "test"), CancellationToken.None);
        await writer.UpsertAsync(db, [new ObservationWrite(placements.Id, counties.First(c => !c.IsHome).Id, null, november, 45)],
            new WriteProvenance(ObservationSource.Collector, "test"), CancellationToken.None);
    }

    private async Task<List<SheetCell?[]>> NovemberPlacementsSheetAsync()
    {
        var rankings = await File.ReadAllBytesAsync(Path.Combine(_folder, "排名-2026年11月.xlsx"));
        return ExportedFiles.Xlsx(rankings, ExportedFiles.SheetNames(rankings).IndexOf("稿件刊发") + 1);
    }

    [Fact]
    public async Task The_job_writes_last_months_rankings_a_sheet_per_metric_and_the_commentators_table()
    {
        await WriteNovemberPlacementsAsync(ObservationSource.Collector);

        await RunJobAsync();

        var rankings = await File.ReadAllBytesAsync(Path.Combine(_folder, "排名-2026年11月.xlsx"));
        await using (var db = _app.Database.CreateContext())
        {
            var metricNames = await db.Metrics.OrderBy(m => m.DisplayOrder).Select(m => m.Name).ToListAsync();
            Assert.Equal(metricNames, ExportedFiles.SheetNames(rankings));
        }

        var sheet = await NovemberPlacementsSheetAsync();
        Assert.Equal("九江各县（市、区）稿件刊发排名", sheet[0][0]!.Text);
        Assert.StartsWith("期间：2026年11月", sheet[1][0]!.Text, StringComparison.Ordinal);
        Assert.Equal(ExportTables.RankingColumns, sheet[3].Select(c => c!.Text));
        Assert.Equal(["1", "45"], new[] { sheet[4][0]!, sheet[4][3]! }.Select(c => c.Text));
        Assert.Equal(("2", "瑞昌市", "30", true), (sheet[5][0]!.Text, sheet[5][1]!.Text, sheet[5][3]!.Text, sheet[5][3]!.IsNumber));
        // The other eleven have no figure: listed after, unranked, never as 0.
        Assert.All(sheet.Skip(6), row => Assert.Equal("本期无数据，未参与排名", row[7]!.Text));

        var commentators = ExportedFiles.Xlsx(await File.ReadAllBytesAsync(Path.Combine(_folder, "网评员-2026年11月.xlsx")));
        Assert.Equal("瑞昌市网络评论员月度工作情况", commentators[0][0]!.Text);
        Assert.Equal(ExportTables.CommentatorColumns, commentators[3].Select(c => c!.Text));
    }

    [Fact]
    public async Task With_leaders_kept_to_approved_figures_the_jobs_tables_leave_out_an_unapproved_entry()
    {
        // The files are for every reader of /reports, Leaders too.
        _app.Settings["Figures:LeadersSeeApprovedOnly"] = "true";
        await WriteNovemberPlacementsAsync(ObservationSource.Manual);

        await RunJobAsync();

        var sheet = await NovemberPlacementsSheetAsync();
        Assert.Equal(("1", "45"), (sheet[4][0]!.Text, sheet[4][3]!.Text));
        var home = Assert.Single(sheet.Skip(5), row => row[1]?.Text == "瑞昌市");
        Assert.Equal("本期无数据，未参与排名", home[7]!.Text);
        Assert.Null(home[3]);
    }

    [Fact]
    public async Task The_job_is_listed_with_the_collectors_with_its_monthly_schedule()
    {
        await RunJobAsync();

        var jobs = await _app.Services.GetRequiredService<CollectionJobsService>().GetJobsAsync(CancellationToken.None);

        var reports = jobs.Single(j => j.Job.Key == "reports");
        Assert.Equal(("工作总结", "0 0 6 1 * ?"), (reports.Job.Name, reports.Cron));
        Assert.Equal(JobRunStatus.Succeeded, reports.LastRun?.Status);
    }

    [Fact]
    public async Task A_failed_write_is_recorded_as_a_failed_run()
    {
        // A file where the folder should be: the job cannot create it.
        Directory.Delete(_folder, recursive: true);
        await File.WriteAllTextAsync(_folder, "not a folder");
        try
        {
            var run = await RunJobAsync();

            Assert.Equal(JobRunStatus.Failed, run.Status);
            Assert.StartsWith("运行失败", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(_folder);
            Directory.CreateDirectory(_folder);
        }
    }

    [Fact]
    public async Task Reports_lists_the_written_files_and_downloads_them_again()
    {
        await RunJobAsync();
        await _app.CreateUserAsync("reports-leader", Roles.Leader);
        using var browser = await _app.SignInAsync("reports-leader");

        var page = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/reports"));
        using var file = await browser.GetAsync($"/reports/files/{Uri.EscapeDataString(NovemberFile)}");

        Assert.Contains("工作总结", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"reports/files/{Uri.EscapeDataString(NovemberFile)}\"", page, StringComparison.Ordinal);
        Assert.Contains(NovemberFile, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(NovemberFile, file.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal("report-2026-11.docx", file.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_folder, NovemberFile)), await file.Content.ReadAsByteArrayAsync());

        // The tables beside it, served as workbooks.
        const string rankings = "排名-2026年11月.xlsx";
        Assert.Contains($"href=\"reports/files/{Uri.EscapeDataString(rankings)}\"", page, StringComparison.Ordinal);
        using var table = await browser.GetAsync($"/reports/files/{Uri.EscapeDataString(rankings)}");
        Assert.Equal(HttpStatusCode.OK, table.StatusCode);
        Assert.Equal(TableFileResult.XlsxContentType, table.Content.Headers.ContentType!.MediaType);
        Assert.Equal(rankings, table.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal("report-2026-11.xlsx", table.Content.Headers.ContentDisposition!.FileName);
        Assert.True(table.Content.Headers.GetValues("Content-Disposition").Single().All(char.IsAscii));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_folder, rankings)), await table.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("..%2F..%2Fdashboard.db")]
    [InlineData("..%2Fnotes.docx")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("notes.txt")]
    [InlineData("missing.docx")]
    public async Task Reports_serves_no_file_the_job_did_not_write(string name)
    {
        await RunJobAsync();
        // Beside the folder and inside it, but not a summary: neither may be reached.
        await File.WriteAllTextAsync(Path.Combine(_folder, "notes.txt"), "secret");
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(_folder)!, "notes.docx"), "secret");
        await _app.CreateUserAsync("reports-probe", Roles.Leader);
        using var browser = await _app.SignInAsync("reports-probe");

        using var response = await browser.GetAsync($"/reports/files/{name}");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_and_its_files_are_refused_to_nobody_signed_in()
    {
        await RunJobAsync();
        using var anonymous = _app.CreateBrowserClient();

        using var page = await anonymous.GetAsync("/reports");
        using var file = await anonymous.GetAsync($"/reports/files/{Uri.EscapeDataString(NovemberFile)}");

        Assert.Equal((HttpStatusCode.Found, HttpStatusCode.Found), (page.StatusCode, file.StatusCode));
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(file), StringComparison.Ordinal);
    }
}
