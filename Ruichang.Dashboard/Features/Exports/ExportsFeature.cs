using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Features.Localization;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Exports;

public static class ExportsFeature
{
    /// <summary>The path of the exports the pages' buttons link to (signed-in users, by cookie).</summary>
    public const string PagePrefix = "/exports";

    /// <summary>The exported tables (XLSX and CSV) and the setting <c>Department:Name</c>.</summary>
    public static IHostApplicationBuilder AddExports(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<DepartmentOptions, DepartmentOptionsValidator>(DepartmentOptions.SectionName);
        builder.Services.AddSingleton<ExportTables>();
        return builder;
    }

    /// <summary>
    /// <c>GET /api/v1/exports/rankings.xlsx|.csv?metric=&amp;period=</c> (any role), <c>history.xlsx|.csv?month=&amp;county=&amp;metric=&amp;user=</c>
    /// and <c>figures.xlsx|.csv?month=</c> (Staff, Admin), <c>commentators.xlsx|.csv?month=</c> (any role), for API tokens; and the same under <c>/exports/…</c> for the
    /// signed-in user's cookie, which the API never accepts: the pages' download buttons are plain links there.
    /// </summary>
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiV1().MapGroup("/exports");
        MapTables(api, ApiFeature.WritersPolicy);

        // Downloads change nothing, so a cookie-authenticated GET needs no antiforgery token.
        var pages = endpoints.MapGroup(PagePrefix).RequireAuthorization(AccountFeature.ReadersPolicy);
        MapTables(pages, AccountFeature.WritersPolicy);
        return endpoints;
    }

    private static void MapTables(RouteGroupBuilder group, string writersPolicy)
    {
        group.MapGet("/rankings.{format:regex(^(xlsx|csv)$)}", RankingsAsync);
        group.MapGet("/history.{format:regex(^(xlsx|csv)$)}", HistoryAsync).RequireAuthorization(writersPolicy);
        group.MapGet("/figures.{format:regex(^(xlsx|csv)$)}", FiguresAsync).RequireAuthorization(writersPolicy);
        group.MapGet("/commentators.{format:regex(^(xlsx|csv)$)}", CommentatorsAsync);
    }

    private static TableFormat Format(string format) => format == "csv" ? TableFormat.Csv : TableFormat.Xlsx;

    private static async Task<IResult> RankingsAsync(
        string format, string? metric, string? period, ClaimsPrincipal user, IDbContextFactory<DashboardDbContext> factory, CountyClock clock, ExportTables tables,
        FigureViews views, CancellationToken ct)
    {
        var query = await RankingEndpoints.ParseAsync(metric, period, factory, clock, ct);
        if (query.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "查询参数有误");
        }

        return new TableFileResult(await tables.RankingAsync(query.Metric!, query.Period!.Value, views.For(user), ct), Format(format));
    }

    private static async Task<IResult> HistoryAsync(
        string format, string? month, string? county, string? metric, string? user,
        IDbContextFactory<DashboardDbContext> factory, ExportTables tables, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filterText = new List<string>();
        Period? monthValue = null;
        if (!string.IsNullOrWhiteSpace(month))
        {
            if (Period.ParseMonth(month) is { } parsed)
            {
                monthValue = parsed;
                filterText.Add($"月份 {Ui.Month(parsed.Start)}");
            }
            else
            {
                errors["month"] = [$"无法识别的月份 \"{month}\"：应写作 2014-09。"];
            }
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        int? countyId = null;
        if (!string.IsNullOrWhiteSpace(county))
        {
            var row = await db.Counties.AsNoTracking().SingleOrDefaultAsync(c => c.Code == county.Trim(), ct);
            countyId = row?.Id;
            if (row is null)
            {
                errors["county"] = [$"未知的区县代码 \"{county}\"：应为行政区划代码，例如 360481。"];
            }
            else
            {
                filterText.Add($"区县 {row.Name}");
            }
        }

        int? metricId = null;
        if (!string.IsNullOrWhiteSpace(metric))
        {
            var row = await db.Metrics.AsNoTracking().SingleOrDefaultAsync(m => m.Key == metric.Trim(), ct);
            metricId = row?.Id;
            if (row is null)
            {
                errors["metric"] = [$"未知的指标代码 \"{metric}\"。"];
            }
            else
            {
                filterText.Add($"指标 {row.Name}");
            }
        }

        var userName = string.IsNullOrWhiteSpace(user) ? null : user.Trim();
        if (userName is not null)
        {
            filterText.Add($"操作人 {userName}");
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "查询参数有误");
        }

        var filter = new AuditFilter(monthValue, countyId, metricId, userName);
        return new TableFileResult(tables.History(filter, filterText.Count == 0 ? "全部" : string.Join("，", filterText)), Format(format));
    }

    private static Task<IResult> FiguresAsync(string format, string? month, CountyClock clock, ExportTables tables, CancellationToken ct) =>
        ForMonthAsync(month, clock, m => tables.FiguresAsync(m, ct), format);

    private static Task<IResult> CommentatorsAsync(string format, string? month, CountyClock clock, ExportTables tables, CancellationToken ct) =>
        ForMonthAsync(month, clock, m => tables.CommentatorsAsync(m, ct), format);

    // The table of a required month of the past or present; a 400 naming the parameter for one missing, unreadable or not yet begun.
    private static async Task<IResult> ForMonthAsync(string? month, CountyClock clock, Func<Period, Task<ExportTable>> table, string format)
    {
        if (Period.ParseMonth(month) is { } parsed && parsed <= clock.CurrentMonth)
        {
            return new TableFileResult(await table(parsed), Format(format));
        }

        var message = string.IsNullOrWhiteSpace(month) ? "缺少月份 month，例如 2014-09。" : $"无法识别的月份 \"{month}\"：应写作 2014-09，不能晚于本月（{clock.CurrentMonth}）。";
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = [message] }, title: "查询参数有误");
    }
}
