using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Sources;

namespace Ruichang.Dashboard.Features.Channels;

/// <summary>
/// A channel as an administrator or an API client writes it: text as typed, the county by its
/// division code, the options as JSON text.
/// </summary>
public sealed record ChannelInput(string? County, string? Kind, string? Name, string? Platform, string? ExternalId, string? Url, string? Options);

/// <summary>A channel's settings that passed <see cref="ChannelValidator"/>: trimmed, the county found, the options a JSON object.</summary>
public sealed record ValidChannel(int CountyId, string CountyCode, string Kind, string Name, string? Platform, string? ExternalId, string? Url, string OptionsJson);

/// <summary>Either the errors per field (keys as in the API's JSON: <c>county</c>, <c>kind</c>, …) or the valid channel.</summary>
public sealed record ChannelValidation(IReadOnlyDictionary<string, string[]> Errors, ValidChannel? Channel)
{
    public bool IsValid => Channel is not null;
}

/// <summary>
/// The rules for a channel's settings, for the API and the admin page alike. Messages are Chinese
/// and name what to fix; each field gets its own.
/// </summary>
public sealed class ChannelValidator(IDbContextFactory<DashboardDbContext> factory)
{
    // The column sizes of the Channels table.
    public const int MaxNameLength = 100;
    public const int MaxPlatformLength = 32;
    public const int MaxExternalIdLength = 200;
    public const int MaxUrlLength = 2000;

    // Stored as written: 瑞昌 stays readable when the options are edited again.
    private static readonly JsonSerializerOptions OptionsJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <param name="input">The settings as written.</param>
    /// <param name="channelId">The channel being edited, or null for a new one (it is not its own duplicate).</param>
    /// <param name="ct">Cancels the database look-ups.</param>
    public async Task<ChannelValidation> ValidateAsync(ChannelInput input, int? channelId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors.TryAdd(field, [message]);

        await using var db = await factory.CreateDbContextAsync(ct);

        var countyCode = Clean(input.County);
        var county = countyCode is null ? null : await db.Counties.AsNoTracking().SingleOrDefaultAsync(c => c.Code == countyCode, ct);
        if (countyCode is null)
        {
            Error("county", "请选择区县（区县代码，例如 360481）。");
        }
        else if (county is null)
        {
            Error("county", $"未知的区县代码“{countyCode}”。");
        }

        var kind = Clean(input.Kind);
        var kindKnown = SourceKinds.Find(kind) is not null;
        if (!kindKnown)
        {
            var known = string.Join("、", SourceKinds.All.Select(k => $"{k.Key}（{k.Name}）"));
            Error("kind", kind is null ? $"请选择渠道类型，可用的有：{known}。" : $"未知的渠道类型“{kind}”，可用的有：{known}。");
        }

        var name = Clean(input.Name);
        if (name is null)
        {
            Error("name", "名称不能为空。");
        }
        else if (name.Length > MaxNameLength)
        {
            Error("name", $"名称不能超过 {MaxNameLength} 个字符（现有 {name.Length} 个）。");
        }
        else if (county is not null && kindKnown
            && await db.Channels.AnyAsync(c => c.CountyId == county.Id && c.Kind == kind && c.Name == name && c.Id != (channelId ?? 0), ct))
        {
            Error("name", $"{county.Name}已有名为“{name}”的{SourceKinds.Chinese(kind!)}渠道。");
        }

        var platform = Clean(input.Platform);
        if (platform?.Length > MaxPlatformLength)
        {
            Error("platform", $"平台不能超过 {MaxPlatformLength} 个字符。");
        }

        var externalId = Clean(input.ExternalId);
        if (externalId is null && SourceKinds.Find(kind) is { NeedsExternalId: true })
        {
            Error("externalId", $"{SourceKinds.Chinese(kind!)}渠道必须填写外部 ID（例如微博账号的 uid）。");
        }
        else if (externalId?.Length > MaxExternalIdLength)
        {
            Error("externalId", $"外部 ID 不能超过 {MaxExternalIdLength} 个字符。");
        }

        var url = Clean(input.Url);
        if (url is null)
        {
            if (SourceKinds.Find(kind) is { NeedsUrl: true })
            {
                Error("url", $"{SourceKinds.Chinese(kind!)}渠道必须填写网址。");
            }
        }
        else if (url.Length > MaxUrlLength)
        {
            Error("url", $"网址不能超过 {MaxUrlLength} 个字符。");
        }
        else if (!IsHttpUrl(url))
        {
            Error("url", $"网址“{url}”无效：应是以 http:// 或 https:// 开头的完整地址。");
        }

        var options = NormalizeOptions(input.Options, out var optionsError);
        if (optionsError is not null)
        {
            Error("options", optionsError);
        }

        return errors.Count > 0
            ? new ChannelValidation(errors, null)
            : new ChannelValidation(errors, new ValidChannel(county!.Id, county.Code, kind!, name!, platform, externalId, url, options!));
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // A list page's URL may be a template ({page}, {keyword}); braces are legal there.
    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>The options as compact JSON text, <c>{}</c> when none were given; null with an error when they are not a JSON object.</summary>
    private static string? NormalizeOptions(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "{}";
        }

        try
        {
            if (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is JsonObject json)
            {
                return json.ToJsonString(OptionsJson);
            }

            error = "选项必须是一个 JSON 对象（以 { 开头、以 } 结尾），例如 {\"keywords\": [\"瑞昌\"]}。";
        }
        catch (JsonException ex)
        {
            error = $"选项不是有效的 JSON（第 {(ex.LineNumber ?? 0) + 1} 行第 {(ex.BytePositionInLine ?? 0) + 1} 个字节附近）。";
        }

        return null;
    }
}
