using System.Text.Json;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Tests.Features.Sources.Parsing;

public sealed class JsonFieldPathTests
{
    private const string Document = """
        {"data":{"subscribers":19000,"统计":[{"订阅用户":"1.8万"},{"订阅用户":"1.9万"}],"series":[[9,21],[10,11]],
         "it's":"quoted","a.b":"dotted"}}
        """;

    [Theory]
    [InlineData("$.data.subscribers", "19000")]
    [InlineData("$.data['统计'][1]['订阅用户']", "\"1.9万\"")]
    [InlineData("$.data.统计[0].订阅用户", "\"1.8万\"")]
    [InlineData("$[\"data\"][\"series\"][1][0]", "10")]
    [InlineData("$.data['it\\'s']", "\"quoted\"")]
    [InlineData("$.data['a.b']", "\"dotted\"")]
    [InlineData("  $.data.subscribers  ", "19000")]
    public void A_path_finds_its_field(string text, string expected)
    {
        Assert.True(JsonFieldPath.TryParse(text, out var path, out var error), error);
        using var document = JsonDocument.Parse(Document);

        Assert.True(path.TryFind(document.RootElement, out var value));
        Assert.Equal(expected, value.GetRawText());
    }

    [Theory]
    [InlineData("$.data.readers")]
    [InlineData("$.data.统计[2]")]
    [InlineData("$.data.subscribers.count")]
    [InlineData("$.data[0]")]
    [InlineData("$.data.series['0']")]
    public void A_path_to_nothing_finds_nothing(string text)
    {
        Assert.True(JsonFieldPath.TryParse(text, out var path, out _));
        using var document = JsonDocument.Parse(Document);

        Assert.False(path.TryFind(document.RootElement, out _));
    }

    [Theory]
    [InlineData("", "路径为空")]
    [InlineData("data.subscribers", "应以 $ 开头")]
    [InlineData("$.", "缺少字段名")]
    [InlineData("$..subscribers", "缺少字段名")]
    [InlineData("$.data[", "应是数组下标")]
    [InlineData("$.data[*]", "应是数组下标")]
    [InlineData("$.data[-1]", "应是数组下标")]
    [InlineData("$.data[1", "缺少 ]")]
    [InlineData("$.data[12345678901]", "应是数组下标")]
    [InlineData("$.data['订阅用户", "引号没有结束")]
    [InlineData("$.data.*", "不支持通配符")]
    [InlineData("$.data x", "不合规")]
    [InlineData("$data", "应是 . 或 [")]
    public void A_malformed_path_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(JsonFieldPath.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_longer_than_the_limit_is_refused()
    {
        var text = "$" + string.Concat(Enumerable.Repeat(".a", JsonFieldPath.MaxSegments + 1));

        Assert.False(JsonFieldPath.TryParse(text, out _, out var error));
        Assert.Contains($"超过 {JsonFieldPath.MaxSegments} 级", error, StringComparison.Ordinal);
    }
}
