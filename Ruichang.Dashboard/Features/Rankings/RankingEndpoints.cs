using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Rankings;

/// <summary>
/// A county's line of <c>GET /api/v1/rankings</c>: <c>rank</c> null for a county without a figure,
/// <c>gapToAbove</c> what it must add to overtake the county ranked above it (null for the first).
/// </summary>
public sealed record RankingDto(string County, string Name, double? Value, int? Rank, int? PreviousRank, double? GapToAbove);

public static class RankingEndpoints
{
    /// <summary><c>GET /api/v1/rankings?metric=&amp;period=</c>, for any role: the same numbers as the rankings page.</summary>
    public static IEndpointRouteBuilder MapRankings(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiV1().MapGet("/rankings", GetAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<RankingDto>>, ValidationProblem>> GetAsync(
        string? metric, string? period, ClaimsPrincipal user, IDbContextFactory<DashboardDbContext> factory, RankingQueries rankings, FigureViews views,
        CountyClock clock, CancellationToken ct)
    {
        var query = await ParseAsync(metric, period, factory, clock, ct);
        if (query.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "查询参数有误");
        }

        var ranking = await rankings.GetAsync(query.Metric!, query.Period!.Value, views.For(user), ct);
        IReadOnlyList<RankingDto> items = ranking.Rows
            .Select(r => new RankingDto(r.County.Code, r.County.Name, r.Place.Value, r.Place.Rank, r.Place.PreviousRank, r.Place.GapToAbove))
            .ToList();
        return TypedResults.Ok(items);
    }

    /// <summary>
    /// The <c>metric</c> and <c>period</c> of a ranking request as <c>GET /api/v1/rankings</c> takes them (also the
    /// ranking exports'): the metric's row and the period, or a Chinese message per parameter that is wrong.
    /// </summary>
    public static async Task<RankingRequest> ParseAsync(
        string? metric, string? period, IDbContextFactory<DashboardDbContext> factory, CountyClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(clock);
        var errors = new Dictionary<string, string[]>();
        MetricDefinition? metricRow = null;
        if (string.IsNullOrWhiteSpace(metric))
        {
            errors["metric"] = ["缺少指标代码 metric，例如 article_placements。"];
        }
        else
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            metricRow = await db.Metrics.AsNoTracking().SingleOrDefaultAsync(m => m.Key == metric.Trim(), ct);
            if (metricRow is null)
            {
                errors["metric"] = [$"未知的指标代码 \"{metric}\"。"];
            }
        }

        var current = clock.CurrentMonth;
        RankingPeriod? periodValue = null;
        if (string.IsNullOrWhiteSpace(period))
        {
            errors["period"] = ["缺少期间 period：月份写作 2014-09，季度 2014-Q3，全年 2014，年初至今 2014-YTD。"];
        }
        else if (!RankingPeriod.TryParse(period, current, out periodValue))
        {
            errors["period"] = [$"无法识别的期间 \"{period}\"：月份写作 2014-09，季度 2014-Q3，全年 2014，年初至今 2014-YTD；不能晚于本月（{current}）。"];
        }

        return new RankingRequest(metricRow, periodValue, errors);
    }
}

/// <summary>A ranking request read from its parameters: the metric and period, or the errors per parameter.</summary>
public sealed record RankingRequest(MetricDefinition? Metric, RankingPeriod? Period, Dictionary<string, string[]> Errors);
