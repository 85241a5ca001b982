using System.Globalization;
using System.Security.Claims;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Reports;

public static class ReportEndpoints
{
    /// <summary>
    /// <c>GET /api/v1/reports/summary.docx?year=</c> or <c>?month=</c> for any token (Leader and up); the same at
    /// <c>/reports/summary.docx</c> for a signed-in user (the overview's and <c>/reports</c>' buttons), and
    /// <c>/reports/files/{name}</c>, a summary or table the job wrote.
    /// </summary>
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiV1().MapGet("/reports/summary.docx", GetSummaryAsync);
        endpoints.MapGet("/reports/summary.docx", GetSummaryAsync).RequireAuthorization(AccountFeature.ReadersPolicy);
        endpoints.MapGet("/reports/files/{name}", GetFile).RequireAuthorization(AccountFeature.ReadersPolicy);
        return endpoints;
    }

    private static async Task<IResult> GetSummaryAsync(
        string? year, string? month, ClaimsPrincipal user, WorkSummaryQueries queries, FigureViews views, CountyClock clock, HttpResponse response,
        CancellationToken ct)
    {
        var current = clock.CurrentMonth;
        var errors = new Dictionary<string, string[]>();
        RankingPeriod? period = null;
        if (string.IsNullOrWhiteSpace(year) == string.IsNullOrWhiteSpace(month))
        {
            string[] message = ["请给出 year（全年，如 2014）或 month（月份，如 2014-09）其中一个。"];
            errors["year"] = message;
            if (!string.IsNullOrWhiteSpace(month))
            {
                errors["month"] = message;
            }
        }
        else if (!string.IsNullOrWhiteSpace(year))
        {
            var text = year.Trim();
            if (text.Length != 4 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < 2000)
            {
                errors["year"] = [$"无法识别的年份 year=\"{year}\"：应写作四位数字，如 2014（2000 年起）。"];
            }
            else if (queries.YearPeriod(y) is not { } p)
            {
                errors["year"] = [$"{y}年还没有到，没有数据：year 不能晚于今年（{current.Start.Year}）。"];
            }
            else
            {
                period = p;
            }
        }
        else if (Period.ParseMonth(month) is not { } m || m.Start.Year < 2000)
        {
            errors["month"] = [$"无法识别的月份 month=\"{month}\"：应写作 2014-09（2000 年起）。"];
        }
        else if (queries.MonthPeriod(m) is not { } p)
        {
            errors["month"] = [$"{m.Start.Year}年{m.Start.Month}月还没有到，没有数据：month 不能晚于本月（{current}）。"];
        }
        else
        {
            period = p;
        }

        if (period is not { } chosen)
        {
            return TypedResults.ValidationProblem(errors, title: "查询参数有误");
        }

        var summary = await queries.GetAsync(chosen, views.For(user), ct);
        // Named here, not by the framework, whose ASCII fallback would turn every Chinese character into '_'.
        response.Headers.ContentDisposition = WorkSummaryDocument.FileName(summary.Home, chosen).ContentDisposition(WorkSummaryDocument.Extension);
        return TypedResults.File(WorkSummaryDocument.Build(summary, clock.Today), WorkSummaryDocument.ContentType);
    }

    private static IResult GetFile(string name, ReportFiles files, HttpResponse response)
    {
        if (files.Find(name) is not { } file)
        {
            return TypedResults.NotFound();
        }

        response.Headers.ContentDisposition = ReportFiles.DownloadName(file.Path).ContentDisposition(Path.GetExtension(file.Path));
        return TypedResults.PhysicalFile(file.Path, file.ContentType);
    }
}
