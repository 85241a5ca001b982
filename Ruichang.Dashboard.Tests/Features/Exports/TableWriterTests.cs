using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Tests.Features.Exports;

/// <summary>A workbook of several tables (the monthly rankings), read back from its bytes.</summary>
public sealed class TableWriterTests
{
    private static ExportTable Table(string title, int value) =>
        new(new ExportFileName(title, "t"), [title], ["县（市、区）", "数值"], [["瑞昌市", value]]);

    [Fact]
    public async Task Each_table_is_a_sheet_of_its_own_in_order()
    {
        using var file = new MemoryStream();
        await TableWriter.WriteWorkbookAsync(file, [new ExportSheet("稿件刊发", Table("甲", 30)), new ExportSheet("微博粉丝", Table("乙", 45))], CancellationToken.None);

        var bytes = file.ToArray();
        Assert.Equal(["稿件刊发", "微博粉丝"], ExportedFiles.SheetNames(bytes));
        Assert.Equal(("甲", "30"), (ExportedFiles.Xlsx(bytes, 1)[0][0]!.Text, ExportedFiles.Xlsx(bytes, 1)[2][1]!.Text));
        Assert.Equal(("乙", "45"), (ExportedFiles.Xlsx(bytes, 2)[0][0]!.Text, ExportedFiles.Xlsx(bytes, 2)[2][1]!.Text));
    }

    [Fact]
    public async Task A_sheet_name_Excel_would_refuse_is_made_one_it_accepts()
    {
        using var file = new MemoryStream();
        var tooLong = new string('长', 40);
        await TableWriter.WriteWorkbookAsync(
            file,
            [new ExportSheet("转发/评论[合计]?", Table("a", 1)), new ExportSheet(tooLong, Table("b", 2)), new ExportSheet(tooLong, Table("c", 3)), new ExportSheet("'", Table("d", 4))],
            CancellationToken.None);

        Assert.Equal(["转发_评论_合计__", new string('长', 31), new string('长', 28) + "(2)", "Sheet"], ExportedFiles.SheetNames(file.ToArray()));
    }
}
