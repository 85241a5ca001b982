using System.Text.Json;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Features.Sources.Counters;

internal enum CounterFormat
{
    Json,
    Csv,
}

/// <summary>Which period an undated figure is for: the current month, or today (and, for a gauge, its month too).</summary>
internal enum CounterPeriod
{
    Month,
    Day,
}

/// <summary>A metric the channel delivers, where it is in the answer (a field path or a column) and whether it is a counter or a gauge.</summary>
internal sealed record CounterMetric(string Key, MetricKind Kind, string Source, JsonFieldPath? Path);

/// <summary>
/// A counter channel's options (<see cref="Channel.OptionsJson"/>), checked as a whole before
/// anything is fetched, so that a typo is reported as such and not as missing data:
/// <code>
/// {"format": "json", "fields": {"mobile_paper_subscribers": "$.data.subscribers"}, "period": "day"}
/// {"format": "csv", "columns": {"wechat_followers": "关注人数"}, "dateColumn": "日期"}
/// </code>
/// <c>format</c> may be left out when <c>fields</c> (JSON) or <c>columns</c> (CSV) says it;
/// <c>period</c> is <c>month</c> (the default) or <c>day</c>, for figures without a date;
/// <c>dateColumn</c> (CSV) makes each row the figure of its day (or month, for a cell such as
/// <c>2014-10</c>), and <c>dateField</c> (JSON, a field path) gives the day or month of the figures,
/// both read in <c>dateFormat</c> when given (a .NET date format, such as <c>yyyy/M/d</c>) and in the
/// usual Chinese forms otherwise;
/// <c>separator</c> (CSV) is one character, detected from the file when left out.
/// </summary>
internal sealed record CounterOptions(
    CounterFormat Format, IReadOnlyList<CounterMetric> Metrics, CounterPeriod Period, string? DateColumn, JsonFieldPath? DateField, string? DateFormat, char? Separator)
{
    private static readonly string[] Known = ["format", "fields", "columns", "period", "dateColumn", "dateField", "dateFormat", "separator"];

    // The metric definitions the app starts with; a metric added later only as data has no kind known here.
    private static readonly Dictionary<string, MetricKind> MetricKinds =
        ReferenceCatalog.Metrics().ToDictionary(m => m.Key, m => m.Kind, StringComparer.Ordinal);

    public static CounterOptions Parse(Channel channel)
    {
        var where = $"渠道「{channel.Name}」";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(channel.OptionsJson) ? "{}" : channel.OptionsJson);
        }
        catch (JsonException ex)
        {
            throw new SourceConfigurationException($"{where}的选项不是有效的 JSON：{ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SourceConfigurationException($"{where}的选项应是一个 JSON 对象。");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!Known.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new SourceConfigurationException($"{where}的选项 {property.Name} 无法识别（可用的选项：{string.Join("、", Known)}）。");
                }
            }

            var fields = root.TryGetProperty("fields", out var f) ? f : (JsonElement?)null;
            var columns = root.TryGetProperty("columns", out var c) ? c : (JsonElement?)null;
            var format = String(root, "format", where)?.ToLowerInvariant() switch
            {
                "json" => CounterFormat.Json,
                "csv" => CounterFormat.Csv,
                null when fields is not null => CounterFormat.Json,
                null when columns is not null => CounterFormat.Csv,
                null => throw new SourceConfigurationException($"{where}缺少选项 fields（JSON 的字段路径）或 columns（CSV 的列名）。"),
                var unknown => throw new SourceConfigurationException($"{where}的选项 format 应为 json 或 csv，而不是 \"{unknown}\"。"),
            };

            var (name, map, other) = format == CounterFormat.Json ? ("fields", fields, "columns") : ("columns", columns, "fields");
            if (root.TryGetProperty(other, out _))
            {
                throw new SourceConfigurationException($"{where}的格式是 {format.ToString().ToLowerInvariant()}，应使用选项 {name} 而不是 {other}。");
            }

            if (format == CounterFormat.Csv && root.TryGetProperty("dateField", out _))
            {
                throw new SourceConfigurationException($"{where}的选项 dateField 只用于 JSON 格式；CSV 请用 dateColumn。");
            }

            if (format == CounterFormat.Json)
            {
                foreach (var csvOnly in (ReadOnlySpan<string>)["dateColumn", "separator"])
                {
                    if (root.TryGetProperty(csvOnly, out _))
                    {
                        throw new SourceConfigurationException($"{where}的选项 {csvOnly} 只用于 CSV 格式。");
                    }
                }
            }

            var metrics = ParseMetrics(map, name, format, where);
            var dateColumn = String(root, "dateColumn", where);
            JsonFieldPath? dateField = null;
            if (String(root, "dateField", where) is { } datePath && !JsonFieldPath.TryParse(datePath, out dateField, out var pathError))
            {
                throw new SourceConfigurationException($"{where}的选项 dateField 不是有效的字段路径「{datePath}」：{pathError}。");
            }

            var dateFormat = String(root, "dateFormat", where);
            if (dateFormat is not null && dateColumn is null && dateField is null)
            {
                throw new SourceConfigurationException($"{where}的选项 dateFormat 需要同时设置 dateColumn（CSV）或 dateField（JSON）。");
            }

            var periodText = String(root, "period", where);
            if (periodText is not null && dateColumn is not null)
            {
                throw new SourceConfigurationException($"{where}设置了 dateColumn，每行的日期就是数据的日期，不能再设置选项 period。");
            }

            var period = periodText?.ToLowerInvariant() switch
            {
                null or "month" => CounterPeriod.Month,
                "day" => CounterPeriod.Day,
                _ => throw new SourceConfigurationException($"{where}的选项 period 应为 month 或 day，而不是 \"{periodText}\"。"),
            };

            char? separator = null;
            if (String(root, "separator", where, trim: false) is { } s)
            {
                separator = s.Length == 1 && char.IsAscii(s[0]) && s[0] is not ('"' or '\r' or '\n')
                    ? s[0]
                    : throw new SourceConfigurationException($"{where}的选项 separator 应是一个 ASCII 字符，如 \",\" 或 \"\\t\"。");
            }

            return new CounterOptions(format, metrics, period, dateColumn, dateField, dateFormat, separator);
        }
    }

    private static List<CounterMetric> ParseMetrics(JsonElement? map, string name, CounterFormat format, string where)
    {
        if (map is not { ValueKind: JsonValueKind.Object } entries || !entries.EnumerateObject().Any())
        {
            var example = format == CounterFormat.Json ? "{\"mobile_paper_subscribers\": \"$.data.subscribers\"}" : "{\"wechat_followers\": \"关注人数\"}";
            throw new SourceConfigurationException($"{where}缺少选项 {name}：应写出每个指标的{(format == CounterFormat.Json ? "字段路径" : "列名")}，如 {example}。");
        }

        var metrics = new List<CounterMetric>();
        foreach (var entry in entries.EnumerateObject())
        {
            var option = $"{name}.{entry.Name}";
            if (!MetricKinds.TryGetValue(entry.Name, out var kind))
            {
                throw new SourceConfigurationException($"{where}的选项 {name} 中的指标 {entry.Name} 不存在（已知的指标：{string.Join("、", MetricKinds.Keys)}）。");
            }

            if (metrics.Any(m => m.Key == entry.Name))
            {
                throw new SourceConfigurationException($"{where}的选项 {name} 中指标 {entry.Name} 出现了两次。");
            }

            if (entry.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(entry.Value.GetString()))
            {
                throw new SourceConfigurationException($"{where}的选项 {option} 应是非空的字符串。");
            }

            var source = entry.Value.GetString()!.Trim();
            JsonFieldPath? path = null;
            if (format == CounterFormat.Json && !JsonFieldPath.TryParse(source, out path, out var error))
            {
                throw new SourceConfigurationException($"{where}的选项 {option} 不是有效的字段路径「{source}」：{error}。");
            }

            metrics.Add(new CounterMetric(entry.Name, kind, source, path));
        }

        return metrics;
    }

    private static string? String(JsonElement root, string name, string where, bool trim = true)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        text = trim ? text?.Trim() : text;
        return string.IsNullOrEmpty(text) ? throw new SourceConfigurationException($"{where}的选项 {name} 应是非空的字符串。") : text;
    }
}
