using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Sources;

namespace Ruichang.Dashboard.Features.Reports;

/// <summary>
/// The <c>reports</c> job's work: the previous month's summary written to <c>Reports:OutputFolder</c>. It runs as
/// the completion of a job that reads no channels, so the collection runner records its runs (start, end, files
/// written, error) and <c>/admin/jobs</c> shows, runs, pauses and schedules it like the collectors.
/// A second run in the month writes the month's file again with what is known by then.
/// </summary>
public sealed class MonthlyReportWriter(WorkSummaryQueries queries, ReportFiles files, FigureViews views, CountyClock clock) : ICollectionCompletion
{
    public string JobKey => CollectionJobDefinitions.Reports;

    public async Task<int> CompleteAsync(IReadOnlyCollection<Channel> succeeded, CancellationToken ct)
    {
        var period = RankingPeriod.Month(clock.CurrentMonth.Previous());
        // The files are for every reader of /reports, Leaders too: written as the leaders' view shows the figures.
        var summary = await queries.GetAsync(period, views.ForLeaders, ct);
        await files.WriteAsync(WorkSummaryDocument.FileName(summary.Home, period), WorkSummaryDocument.Build(summary, clock.Today), ct);
        return 1;
    }
}
