using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Api;

namespace Ruichang.Dashboard.Features.ReferenceData;

public sealed record CountyDto(string Code, string Name, string ShortName, bool IsHome, int DisplayOrder, IReadOnlyList<string> Keywords);

public sealed record MetricDto(string Key, string Name, string NameEn, string Unit, string Kind, bool HigherIsBetter);

public sealed record ChannelDto(
    int Id, string County, string Kind, string Name, string? Platform, string? ExternalId, string? Url, JsonObject Options, bool Enabled)
{
    /// <summary>The API's shape of <paramref name="channel"/>, whose county has <paramref name="countyCode"/>.</summary>
    public static ChannelDto From(Channel channel, string countyCode) => new(
        channel.Id, countyCode, channel.Kind, channel.Name, channel.Platform, channel.ExternalId, channel.Url, ParseOptions(channel.OptionsJson), channel.IsEnabled);

    /// <summary>
    /// The channel as a reader who does not manage channels sees it: no URL and no options, where
    /// access keys and internal addresses live; the same shape, so a client reads both alike.
    /// </summary>
    public ChannelDto WithoutSettings() => this with { Url = null, Options = [] };

    // Options are checked as a JSON object when a channel is written; a row edited by hand that is
    // not one is served as {} rather than failing the whole list.
    private static JsonObject ParseOptions(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>
/// <c>GET /api/v1/counties</c>, <c>/metrics</c>, <c>/channels</c>: the reference data, for any role;
/// a channel's URL and options only for Admin.
/// </summary>
public static class ReferenceDataEndpoints
{
    public static IEndpointRouteBuilder MapReferenceData(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiV1();
        api.MapGet("/counties", GetCountiesAsync);
        api.MapGet("/metrics", GetMetricsAsync);
        api.MapGet("/channels", GetChannelsAsync);
        return endpoints;
    }

    internal static async Task<IResult> GetCountiesAsync(IDbContextFactory<DashboardDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counties = await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ThenBy(c => c.Code).ToListAsync(ct);
        return TypedResults.Ok(counties.Select(c => new CountyDto(c.Code, c.Name, c.ShortName, c.IsHome, c.DisplayOrder, c.KeywordList)).ToList());
    }

    internal static async Task<IResult> GetMetricsAsync(IDbContextFactory<DashboardDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.DisplayOrder).ThenBy(m => m.Key).ToListAsync(ct);
        return TypedResults.Ok(metrics.Select(m => new MetricDto(m.Key, m.Name, m.NameEn, m.Unit, KindName(m.Kind), m.HigherIsBetter)).ToList());
    }

    internal static async Task<IResult> GetChannelsAsync(ClaimsPrincipal user, IDbContextFactory<DashboardDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channels = await db.Channels.AsNoTracking().Include(c => c.County)
            .OrderBy(c => c.County!.DisplayOrder).ThenBy(c => c.Id)
            .ToListAsync(ct);
        // URLs and options carry access keys (?access_key=…) and internal addresses: a leader's
        // reporting token has no use for them and must not leak them.
        var admin = user.IsInRole(Roles.Admin);
        return TypedResults.Ok(channels.Select(c => ChannelDto.From(c, c.County!.Code)).Select(c => admin ? c : c.WithoutSettings()).ToList());
    }

    internal static string KindName(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Gauge => "gauge",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
