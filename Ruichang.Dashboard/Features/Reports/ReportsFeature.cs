using Ruichang.Dashboard.Features.Settings;
using Ruichang.Dashboard.Features.Sources;

namespace Ruichang.Dashboard.Features.Reports;

public static class ReportsFeature
{
    /// <summary>
    /// The work-summary document, its <c>Reports:OutputFolder</c> setting (checked on start), and the <c>reports</c>
    /// job's work, which the collection runner runs and records (<c>Collection:Jobs:reports:Cron</c>).
    /// </summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        var options = builder.AddSettings<ReportsOptions, ReportsOptionsValidator>(ReportsOptions.SectionName);
        builder.Services.AddSingleton(new ReportFiles(Path.Combine(builder.Environment.ContentRootPath, options.OutputFolder.Trim())));
        builder.Services.AddSingleton<WorkSummaryQueries>();
        builder.Services.AddSingleton<ICollectionCompletion, MonthlyReportWriter>();
        return builder;
    }
}
