using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ruichang.Dashboard.Features.Sources.Parsing;

/// <summary>
/// A field of a JSON document named by a small, safe subset of JSONPath: <c>$</c> followed by
/// <c>.name</c>, <c>[0]</c> (an array index) or <c>['name']</c> / <c>["name"]</c> (any key,
/// such as <c>$['数据']['订阅数']</c>; <c>\'</c> and <c>\\</c> escape inside quotes). No filters,
/// wildcards or expressions: a path names exactly one field, is parsed in one pass without
/// regular expressions, and is limited in length, so an administrator's typo cannot run away.
/// </summary>
public sealed class JsonFieldPath
{
    public const int MaxLength = 500;
    public const int MaxSegments = 32;

    private readonly Segment[] _segments;

    private JsonFieldPath(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>Parses <paramref name="text"/>; <paramref name="error"/> says where it is wrong, in Chinese.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out JsonFieldPath? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        text = text?.Trim() ?? "";
        error = Parse(text, out var segments);
        if (error is null)
        {
            path = new JsonFieldPath(text, segments);
        }

        return error is null;
    }

    /// <summary>The element at this path, or false when some step of it is not in <paramref name="root"/>.</summary>
    public bool TryFind(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (segment.Name is { } name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
                {
                    return false;
                }
            }
            else if (value.ValueKind != JsonValueKind.Array || segment.Index >= value.GetArrayLength())
            {
                return false;
            }
            else
            {
                value = value[segment.Index];
            }
        }

        return true;
    }

    private static string? Parse(string text, out Segment[] segments)
    {
        segments = [];
        if (text.Length == 0)
        {
            return "路径为空，应以 $ 开头，例如 $.data.subscribers";
        }

        if (text.Length > MaxLength)
        {
            return $"路径超过 {MaxLength} 个字符";
        }

        if (text[0] != '$')
        {
            return "路径应以 $ 开头，例如 $.data.subscribers";
        }

        var list = new List<Segment>();
        var i = 1;
        while (i < text.Length)
        {
            if (list.Count == MaxSegments)
            {
                return $"路径超过 {MaxSegments} 级";
            }

            var position = i + 1;
            switch (text[i])
            {
                case '.':
                    var start = ++i;
                    while (i < text.Length && text[i] is not ('.' or '['))
                    {
                        i++;
                    }

                    if (i == start)
                    {
                        return $"第 {position} 个字符处的 . 后面缺少字段名";
                    }

                    var name = text[start..i];
                    if (name is "*" || name.Contains(']', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
                    {
                        return $"第 {position + 1} 个字符处的字段名「{name}」不合规（特殊字符请写成 ['…'] 的形式；不支持通配符）";
                    }

                    list.Add(new Segment(name, 0));
                    break;

                case '[':
                    i++;
                    if (i < text.Length && text[i] is '\'' or '"')
                    {
                        var quote = text[i++];
                        var key = new StringBuilder();
                        while (i < text.Length && text[i] != quote)
                        {
                            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == quote || text[i + 1] == '\\'))
                            {
                                i++;
                            }

                            key.Append(text[i++]);
                        }

                        if (i >= text.Length)
                        {
                            return $"第 {position} 个字符处的引号没有结束";
                        }

                        i++;
                        list.Add(new Segment(key.ToString(), 0));
                    }
                    else
                    {
                        var digits = i;
                        while (i < text.Length && char.IsAsciiDigit(text[i]))
                        {
                            i++;
                        }

                        if (i == digits || i - digits > 9)
                        {
                            return $"第 {position} 个字符处的 [ 后面应是数组下标（如 [0]）或带引号的字段名（如 ['订阅数']）";
                        }

                        list.Add(new Segment(null, int.Parse(text.AsSpan(digits, i - digits), NumberStyles.None, CultureInfo.InvariantCulture)));
                    }

                    if (i >= text.Length || text[i] != ']')
                    {
                        return $"第 {i + 1} 个字符处缺少 ]";
                    }

                    i++;
                    break;

                default:
                    return $"第 {position} 个字符「{text[i]}」处应是 . 或 [";
            }
        }

        segments = [.. list];
        return null;
    }

    /// <summary>A property (<see cref="Name"/>) or, when the name is null, an array index.</summary>
    private readonly record struct Segment(string? Name, int Index);
}
