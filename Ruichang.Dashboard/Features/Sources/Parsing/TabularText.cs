using System.Globalization;
using System.Text.Json;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Sources.Parsing;

/// <summary>The file formats of the export kinds (commentator platform, ranking list).</summary>
internal enum TabularFormat
{
    Csv,
    Json,
    Xlsx,
}

/// <summary>
/// What the file-export adapters share: the channel's options (<c>format</c>, <c>itemsPath</c>,
/// <c>columns</c> / <c>fields</c>), the text of a CSV or JSON answer in whichever encoding Chinese
/// software wrote it, a simple dotted items path, and cell values as numbers.
/// </summary>
internal static class TabularText
{

    public static string Describe(Channel channel) => $"渠道「{channel.Name}」";

    /// <summary>The channel's URL, which these kinds read their file from.</summary>
    public static Uri SourceUrl(Channel channel)
    {
        if (string.IsNullOrWhiteSpace(channel.Url))
        {
            throw new SourceConfigurationException($"{Describe(channel)}缺少 URL（导出文件的地址）。");
        }

        if (!Uri.TryCreate(channel.Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new SourceConfigurationException($"{Describe(channel)}的 URL 不是 http(s) 地址：{SourceHttpClient.Display(channel.Url)}");
        }

        return url;
    }

    /// <summary>The channel's options as a JSON object (an empty one when none are set).</summary>
    public static JsonElement Options(Channel channel)
    {
        var json = string.IsNullOrWhiteSpace(channel.OptionsJson) ? "{}" : channel.OptionsJson;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new SourceConfigurationException($"{Describe(channel)}的选项应为 JSON 对象，例如 {{\"format\": \"csv\"}}。");
        }
        catch (JsonException ex)
        {
            throw new SourceConfigurationException($"{Describe(channel)}的选项不是有效的 JSON：{ex.Message}");
        }
    }

    /// <summary>A text (or number) option, trimmed; null when absent or empty.</summary>
    public static string? Text(Channel channel, JsonElement options, string name)
    {
        if (!options.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number => value.GetRawText(), // "period": 2014 means what "2014" does
            _ => throw new SourceConfigurationException($"{Describe(channel)}的选项 {name} 应为文本。"),
        };
        return text.Length == 0 ? null : text;
    }

    /// <summary>The <c>format</c> option, one of <paramref name="allowed"/>; null to detect it from the answer.</summary>
    public static TabularFormat? Format(Channel channel, JsonElement options, params TabularFormat[] allowed)
    {
        if (Text(channel, options, "format") is not { } text)
        {
            return null;
        }

        var names = string.Join("、", allowed.Select(Name));
        return allowed.Cast<TabularFormat?>().FirstOrDefault(f => string.Equals(Name(f!.Value), text, StringComparison.OrdinalIgnoreCase))
            ?? throw new SourceConfigurationException($"{Describe(channel)}的选项 format 应为 {names} 之一：{text}");
    }

    /// <summary>
    /// The channel's own names for the columns (option <c>columns</c>) or JSON fields (<c>fields</c>)
    /// by column key; a null name says the file has no such column.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Names(Channel channel, JsonElement options, string option, IReadOnlyList<TabularColumn> columns)
    {
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!options.TryGetProperty(option, out var map) || map.ValueKind == JsonValueKind.Null)
        {
            return names;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            throw new SourceConfigurationException($"{Describe(channel)}的选项 {option} 应为对象，例如 {{\"{columns[0].Key}\": \"{columns[0].Headers[0]}\"}}。");
        }

        foreach (var property in map.EnumerateObject())
        {
            var column = columns.FirstOrDefault(c => string.Equals(c.Key, property.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw new SourceConfigurationException(
                    $"{Describe(channel)}的选项 {option} 中没有 {property.Name} 这一项（可用：{string.Join("、", columns.Select(c => c.Key))}）。");
            names[column.Key] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String when property.Value.GetString()!.Trim() is { Length: > 0 } name => name,
                _ => throw new SourceConfigurationException($"{Describe(channel)}的选项 {option}.{property.Name} 应为列名（文本），或 null 表示没有这一列。"),
            };
        }

        return names;
    }

    /// <summary>
    /// The format of an answer whose channel does not say: its media type when that is telling,
    /// otherwise its first bytes (servers often send CSV as octet-stream or vnd.ms-excel).
    /// </summary>
    public static TabularFormat Detect(FetchedResponse response)
    {
        var type = response.MediaType ?? "";
        if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return TabularFormat.Json;
        }

        if (type.Contains("spreadsheetml", StringComparison.OrdinalIgnoreCase))
        {
            return TabularFormat.Xlsx;
        }

        if (type.Contains("csv", StringComparison.OrdinalIgnoreCase) || type.Contains("comma-separated", StringComparison.OrdinalIgnoreCase))
        {
            return TabularFormat.Csv;
        }

        ReadOnlySpan<byte> body = response.Body;
        if (body.StartsWith("PK\x03\x04"u8))
        {
            return TabularFormat.Xlsx;
        }

        var start = body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body;
        start = start.TrimStart(" \t\r\n"u8);
        return start.Length > 0 && start[0] is (byte)'{' or (byte)'[' ? TabularFormat.Json : TabularFormat.Csv;
    }

    public static string Name(TabularFormat format) => format switch
    {
        TabularFormat.Json => "json",
        TabularFormat.Xlsx => "xlsx",
        _ => "csv",
    };

    /// <summary>A whole number as spreadsheets write it: thousands separators allowed, <c>12.0</c> too.</summary>
    public static bool TryWholeNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
