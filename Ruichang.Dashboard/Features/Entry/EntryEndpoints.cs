using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>How many figures one <c>PUT /api/v1/observations</c> may carry, and how large its body may be.</summary>
public static class EntryEndpoints
{
    public const int MaxFigures = 10_000;
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>
    /// <c>PUT /api/v1/observations</c> (Staff, Admin): a JSON array of figures as <c>GET</c> returns them, written all
    /// or nothing through the same rules as the grid (checks, approval lock, audit trail, change notice).
    /// </summary>
    public static IEndpointRouteBuilder MapEntry(this IEndpointRouteBuilder endpoints)
    {
        var writers = endpoints.MapApiV1().RequireAuthorization(ApiFeature.WritersPolicy);
        writers.MapPut("/observations", PutAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        // The body's own limit is the largest Entry:MaxImportBytes allows; the setting is checked on the file.
        writers.MapPost("/imports", ImportAsync).WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes));
        endpoints.MapGet("/entry/import/template.csv", TemplateAsync).RequireAuthorization(AccountFeature.WritersPolicy);
        endpoints.MapGet("/entry/import/template-wide.csv", WideTemplateAsync).RequireAuthorization(AccountFeature.WritersPolicy);
        return endpoints;
    }

    /// <summary>The largest request <c>POST /api/v1/imports</c> reads: the largest file the setting allows, and the form around it.</summary>
    public const long MaxUploadBytes = (100L * 1024 * 1024) + (64 * 1024);

    /// <summary>
    /// <c>POST /api/v1/imports</c> (Staff, Admin): a spreadsheet in the form field <c>file</c>, imported all or nothing:
    /// <c>200</c> with the counts, <c>422</c> with <c>errors: [{row, column, message}]</c>, <c>413</c> when too large.
    /// </summary>
    private static async Task<Results<Ok<UpsertResult>, ProblemHttpResult>> ImportAsync(IFormFile? file, ClaimsPrincipal user, FigureImport import, CancellationToken ct)
    {
        if (file is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "缺少文件", detail: "请在表单字段 file 中上传 .xlsx 或 .csv 文件。");
        }

        if (file.Length > import.MaxBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "文件过大", detail: $"文件 {file.Length / 1024} KB，上限 {import.MaxBytes / 1024} KB（Entry:MaxImportBytes）。");
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var result = await import.ImportAsync(user, file.FileName, buffer.ToArray(), ct);
        if (result.Written is { } written)
        {
            return TypedResults.Ok(written);
        }

        var problem = new ProblemDetails { Status = StatusCodes.Status422UnprocessableEntity, Title = "导入失败，未写入任何数据" };
        problem.Extensions["errors"] = result.Errors;
        return TypedResults.Problem(problem);
    }

    // The long form's header, with the names beside the codes, and a row per county for last month to fill in.
    private static async Task<IResult> TemplateAsync(CountyClock clock, IDbContextFactory<DashboardDbContext> factory, HttpResponse response, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var month = clock.CurrentMonth.Previous();
        var metric = await db.Metrics.AsNoTracking().SingleAsync(m => m.Key == MetricKeys.ArticlePlacements, ct);
        var counties = await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct);
        var lines = counties
            .Select(c => $"{month},{c.Code},{metric.Key},,{c.Name},{metric.Name},,")
            .Prepend("月份,区县代码,指标代码,数值,区县名称,指标名称,渠道,备注");
        return Template(response, lines, new ExportFileName("数据导入模板", "import-template"));
    }

    // The wide month sheet of the prefecture's notice: a row per county for last month, a column per metric by its name.
    private static async Task<IResult> WideTemplateAsync(CountyClock clock, IDbContextFactory<DashboardDbContext> factory, HttpResponse response, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var month = clock.CurrentMonth.Previous();
        var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.DisplayOrder).Select(m => m.Name).ToListAsync(ct);
        var counties = await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct);
        var lines = counties
            .Select(c => $"{month},{c.Code},{c.Name}{new string(',', metrics.Count)}")
            .Prepend(string.Join(',', FigureImport.WideHeader.Append("区县名称").Concat(metrics)));
        return Template(response, lines, new ExportFileName("数据导入模板（宽表）", "import-template-wide"));
    }

    // With a BOM: Chinese Excel opens UTF-8 without one as GBK.
    private static IResult Template(HttpResponse response, IEnumerable<string> lines, ExportFileName name)
    {
        response.Headers.ContentDisposition = name.ContentDisposition(".csv");
        return Results.File(
            System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")).ToArray(),
            "text/csv; charset=utf-8");
    }

    private static async Task<Results<Ok<UpsertResult>, ProblemHttpResult>> PutAsync(
        List<ObservationDto?> figures, ClaimsPrincipal user, FigureInputs inputs, EnteredFigures entered, CancellationToken ct)
    {
        if (figures.Count > MaxFigures)
        {
            return Unprocessable("数据过多", new() { [""] = [$"一次最多写入 {MaxFigures} 个数值，本次 {figures.Count} 个：请分批发送。"] });
        }

        var checkedFigures = await inputs.CheckAsync(
            figures.Select(f => new FigureInput(f?.Metric, f?.County, f?.Channel, f?.Period, f?.Value)).ToList(), ct);
        if (checkedFigures.Errors.Count > 0)
        {
            return Unprocessable(
                $"{checkedFigures.Errors.Select(e => e.Index).Distinct().Count()} 项有误，未写入任何数据",
                checkedFigures.Errors.GroupBy(e => $"[{e.Index}].{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        try
        {
            // A token is recorded as such in the audit trail, beside the people who sign in.
            var recordedBy = $"token:{user.Identity?.Name}";
            return TypedResults.Ok(await entered.WriteAsync(user, recordedBy, ObservationSource.Manual, checkedFigures.MetricKeys, checkedFigures.Writes, [], ct));
        }
        catch (MonthLockedException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "月份已锁定", detail: ex.Message);
        }
    }

    private static ProblemHttpResult Unprocessable(string title, Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status422UnprocessableEntity, Title = title });
}
