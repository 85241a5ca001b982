using System.Net.Http.Headers;
using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Tests.Features.Exports;

public sealed class ExportFileNameTests
{
    [Fact]
    public void The_header_carries_the_chinese_name_as_filename_star_and_the_ascii_name_as_filename()
    {
        var raw = new ExportFileName("排名-微博粉丝-2014年9月", "ranking-weibo_followers-2014-09").ContentDisposition(".xlsx");

        var header = ContentDispositionHeaderValue.Parse(raw);
        Assert.Equal("attachment", header.DispositionType);
        Assert.Equal("ranking-weibo_followers-2014-09.xlsx", header.FileName?.Trim('"'));
        Assert.Equal("排名-微博粉丝-2014年9月.xlsx", header.FileNameStar);
        Assert.Contains($"filename*=UTF-8''{Uri.EscapeDataString("排名-微博粉丝-2014年9月.xlsx")}", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fallback_name_that_is_not_plain_ascii_is_made_so()
    {
        var raw = new ExportFileName("名", "a\"b\\c名\r\n").ContentDisposition(".csv");

        Assert.True(raw.All(char.IsAscii));
        var header = ContentDispositionHeaderValue.Parse(raw);
        Assert.Equal("a_b_c___.csv", header.FileName?.Trim('"'));
        Assert.Equal("名.csv", header.FileNameStar);
    }
}
