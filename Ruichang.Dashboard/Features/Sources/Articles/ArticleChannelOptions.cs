using System.Globalization;
using System.Text.Json;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources.Articles;

/// <summary>
/// A channel's <c>OptionsJson</c> as the article adapters read it. Every complaint names the channel
/// and the option, in Chinese, because it is shown to the admin who typed it.
/// </summary>
internal sealed class ArticleChannelOptions
{
    private readonly Channel _channel;
    private readonly JsonElement _root;

    private ArticleChannelOptions(Channel channel, JsonElement root)
    {
        _channel = channel;
        _root = root;
    }

    public static ArticleChannelOptions Parse(Channel channel)
    {
        var json = string.IsNullOrWhiteSpace(channel.OptionsJson) ? "{}" : channel.OptionsJson;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SourceConfigurationException($"渠道「{channel.Name}」的选项应为 JSON 对象，例如 {{\"keywords\": [\"瑞昌\"]}}。");
            }

            return new ArticleChannelOptions(channel, document.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new SourceConfigurationException($"渠道「{channel.Name}」的选项不是有效的 JSON（第 {(ex.LineNumber ?? 0) + 1} 行）：{ex.Message}");
        }
    }

    public bool Has(string name) => _root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A text option, or null when it is absent or blank.</summary>
    public string? String(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid(name, "应为文本");
        }

        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }

    public string RequiredString(string name) =>
        String(name) ?? throw new SourceConfigurationException($"渠道「{_channel.Name}」缺少选项 {name}。");

    /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/> (a JSON number or a numeric string).</summary>
    public int Int(string name, int fallback, int min, int max)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt32(out var n) ? n : (int?)null,
            JsonValueKind.String => int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
            _ => null,
        };

        return ok is { } result && result >= min && result <= max
            ? result
            : throw Invalid(name, $"应为 {min} 到 {max} 之间的整数");
    }

    /// <summary>A list of words: a JSON array of strings or one string separated by commas (either width).</summary>
    public IReadOnlyList<string> Words(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        IEnumerable<string?> words = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Split([',', '，', '、']),
            JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => value.EnumerateArray().Select(e => e.GetString()),
            _ => throw Invalid(name, "应为文本数组，例如 [\"瑞昌\", \"九江\"]"),
        };

        return [.. words.Select(w => w?.Trim() ?? "").Where(w => w.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The channel's URL (the feed, or a list page's template), which must be there.</summary>
    public string RequiredUrl(string what) =>
        string.IsNullOrWhiteSpace(_channel.Url)
            ? throw new SourceConfigurationException($"渠道「{_channel.Name}」缺少{what}（Url）。")
            : _channel.Url.Trim();

    public SourceConfigurationException Invalid(string name, string why) =>
        new($"渠道「{_channel.Name}」的选项 {name} 无效：{why}。");
}
