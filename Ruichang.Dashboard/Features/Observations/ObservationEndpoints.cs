using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Api;

namespace Ruichang.Dashboard.Features.Observations;

/// <summary>An observation as the API writes it: <c>{"metric": "weibo_followers", "county": "360481", "channel": null, "period": "2014-09", "value": 30125}</c>.</summary>
public sealed record ObservationDto(string Metric, string County, int? Channel, string Period, double Value);

public static class ObservationEndpoints
{
    /// <summary>The longest range one request may ask for, per granularity.</summary>
    public const int MaxMonths = 600;
    public const int MaxDays = 1000;

    /// <summary><c>GET /api/v1/observations?metric=&amp;county=&amp;from=&amp;to=&amp;granularity=month|day&amp;channel=</c>, for any role.</summary>
    public static IEndpointRouteBuilder MapObservations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiV1().MapGet("/observations", GetAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<ObservationDto>>, ValidationProblem>> GetAsync(
        string? metric, string? county, string? from, string? to, string? granularity, int? channel,
        ClaimsPrincipal user, IDbContextFactory<DashboardDbContext> factory, ObservationQueries queries, FigureViews views, CountyClock clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];

        var kind = granularity?.Trim().ToLowerInvariant() switch
        {
            null or "" or "month" => PeriodGranularity.Month,
            "day" => PeriodGranularity.Day,
            _ => (PeriodGranularity?)null,
        };
        if (kind is null)
        {
            Error("granularity", $"未知的粒度 \"{granularity}\"：应为 month 或 day。");
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var metricRow = string.IsNullOrWhiteSpace(metric) ? null : await db.Metrics.AsNoTracking().SingleOrDefaultAsync(m => m.Key == metric.Trim(), ct);
        if (metricRow is null)
        {
            Error("metric", string.IsNullOrWhiteSpace(metric) ? "缺少指标代码 metric，例如 weibo_followers。" : $"未知的指标代码 \"{metric}\"。");
        }

        var countyRow = string.IsNullOrWhiteSpace(county) ? null : await db.Counties.AsNoTracking().SingleOrDefaultAsync(c => c.Code == county.Trim(), ct);
        if (countyRow is null)
        {
            Error("county", string.IsNullOrWhiteSpace(county) ? "缺少区县代码 county，例如 360481。" : $"未知的区县代码 \"{county}\"。");
        }

        if (channel is { } channelId && countyRow is not null
            && !await db.Channels.AnyAsync(c => c.Id == channelId && c.CountyId == countyRow.Id, ct))
        {
            Error("channel", $"渠道 {channelId} 不存在或不属于区县 {countyRow.Code}。");
        }

        var granularityValue = kind ?? PeriodGranularity.Month;
        var last = ParsePeriod(to, "to", granularityValue, Period.Of(granularityValue, clock.Today), Error);
        var first = ParsePeriod(from, "from", granularityValue, DefaultFrom(last), Error);
        if (first is { } f && last is { } l)
        {
            if (f > l)
            {
                Error("from", $"起始期间 {f} 晚于结束期间 {l}。");
            }
            else if (Length(f, l) > (granularityValue == PeriodGranularity.Month ? MaxMonths : MaxDays))
            {
                Error("to", $"一次最多查询 {MaxMonths} 个月或 {MaxDays} 天。");
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "查询参数有误");
        }

        var series = await queries.GetSeriesAsync(metricRow!, countyRow!.Id, first!.Value, last!.Value, channel, views.For(user), ct);
        IReadOnlyList<ObservationDto> items = series.Select(v => new ObservationDto(metricRow!.Key, countyRow.Code, channel, v.Period.ToString(), v.Value)).ToList();
        return TypedResults.Ok(items);
    }

    private static Period? DefaultFrom(Period? last) => last is not { } l
        ? null
        : l.Granularity == PeriodGranularity.Month ? Period.MonthOf(l.Start.AddMonths(-11)) : Period.Day(l.Start.AddDays(-29));

    private static Period? ParsePeriod(string? text, string field, PeriodGranularity granularity, Period? fallback, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!Period.TryParse(text, out var period))
        {
            error(field, $"无法识别的期间 \"{text}\"：月份写作 2014-09，日期写作 2014-09-30。");
            return null;
        }

        if (period.Value.Granularity != granularity)
        {
            error(field, granularity == PeriodGranularity.Month
                ? $"按月查询时 {field} 应写作 2014-09，而不是 \"{text}\"。"
                : $"按日查询时 {field} 应写作 2014-09-30，而不是 \"{text}\"。");
            return null;
        }

        return period;
    }

    private static int Length(Period first, Period last) => first.Granularity == PeriodGranularity.Month
        ? ((last.Start.Year - first.Start.Year) * 12) + last.Start.Month - first.Start.Month + 1
        : last.Start.DayNumber - first.Start.DayNumber + 1;
}
