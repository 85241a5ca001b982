using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Api;
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
        endpoints.MapApiV1().RequireAuthorization(ApiFeature.WritersPolicy)
            .MapPut("/observations", PutAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return endpoints;
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
