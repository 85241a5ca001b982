using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Features.ReferenceData;

namespace Ruichang.Dashboard.Features.Channels;

/// <summary>A channel as <c>POST /api/v1/channels</c> takes it; <c>options</c> is any JSON and is checked to be an object.</summary>
public sealed record ChannelRequest(string? County, string? Kind, string? Name, string? Platform, string? ExternalId, string? Url, JsonElement? Options);

/// <summary><c>POST /api/v1/channels</c>, for administrators: add a channel with the same rules as the admin page.</summary>
public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiV1().RequireAuthorization(ApiFeature.AdminPolicy).MapPost("/channels", AddChannelAsync);
        return endpoints;
    }

    private static async Task<Results<Created<ChannelDto>, ProblemHttpResult>> AddChannelAsync(ChannelRequest request, ChannelCommands commands, CancellationToken ct)
    {
        var options = request.Options is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } json ? json.GetRawText() : null;
        var result = await commands.AddAsync(
            new ChannelInput(request.County, request.Kind, request.Name, request.Platform, request.ExternalId, request.Url, options), ct);
        return result.Channel is { } channel
            ? TypedResults.Created((string?)null, channel)
            // 422, as the API's other writes answer a well-formed request whose content is wrong.
            : TypedResults.Problem(new HttpValidationProblemDetails(result.Errors) { Status = StatusCodes.Status422UnprocessableEntity, Title = "渠道设置有误" });
    }
}
