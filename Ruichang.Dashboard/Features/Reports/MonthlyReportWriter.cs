using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Sources;

namespace Ruichang.Dashboard.Features.Reports;

/// <summary>
/// The <c>reports</c> job's work: the previous month's summary and tables written to <c>Reports:OutputFolder</c>: the
/// work summary (.docx), the month's rankings (a workbook, a sheet per metric, as <c>/rankings</c> exports each) and the
/// commentators' monthly table (as <c>/commentators</c> exports it). It runs as the completion of a job that reads no
/// channels, so the collection runner records its runs (start, end, files written, error) and <c>/admin/jobs</c>
/// shows, runs, pauses and schedules it like the collectors. A second run in the month writes the month's files
/// again with what is known by then.
/// </summary>
public sealed class MonthlyReportWriter(WorkSummaryQueries queries, ExportTables tables, ReportFiles files, FigureViews views, CountyClock clock)
    : ICollectionCompletion
{
    public string JobKey => CollectionJobDefinitions.Reports;

    public async Task<int> CompleteAsync(IReadOnlyCollection<Channel> succeeded, CancellationToken ct)
    {
        var month = clock.CurrentMonth.Previous();
        var period = RankingPeriod.Month(month);
        // The files are for every reader of /reports, Leaders too: written as the leaders' view shows the figures.
        var summary = await queries.GetAsync(period, views.ForLeaders, ct);
        await files.WriteAsync(WorkSummaryDocument.FileName(summary.Home, period).Name + WorkSummaryDocument.Extension, WorkSummaryDocument.Build(summary, clock.Today), ct);

        // The summary has read every metric's ranking of the month already: the workbook is made of the same numbers.
        var rankings = summary.Rankings.Select(r => new ExportSheet(r.Metric.Name, tables.RankingTable(r))).ToList();
        await WriteWorkbookAsync($"排名-{period.Label}.xlsx", rankings, ct);
        var commentators = await tables.CommentatorsAsync(month, ct);
        await WriteWorkbookAsync($"{commentators.FileName.Name}.xlsx", [new ExportSheet("Sheet1", commentators)], ct);
        return 3;
    }

    // A month's tables are a few hundred rows: written whole to memory, then to the folder as a whole file.
    private async Task WriteWorkbookAsync(string name, IReadOnlyList<ExportSheet> sheets, CancellationToken ct)
    {
        using var workbook = new MemoryStream();
        await TableWriter.WriteWorkbookAsync(workbook, sheets, ct);
        await files.WriteAsync(name, workbook.ToArray(), ct);
    }
}
