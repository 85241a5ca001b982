using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using Ruichang.Dashboard.Features.Sources.Parsing;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Parsing;

/// <summary>Excel files read within <see cref="SpreadsheetOptions"/>: what is refused, and what is still read as before.</summary>
public sealed class BoundedXlsxReaderTests
{
    private const string Source = "渠道「九江市政务微博月度通报」";

    private static readonly SpreadsheetOptions Defaults = new();

    [Fact]
    public void One_cell_at_XFD1048576_is_refused_naming_the_row_limit_before_anything_is_padded()
    {
        // About a kilobyte and a half; padded as MiniExcel's Query pads, over ten billion cells.
        var file = XlsxFiles.Workbook("""<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>""");

        var error = Assert.Throws<SpreadsheetException>(() => Read(file));

        Assert.Equal(
            "渠道「九江市政务微博月度通报」的 Excel 文件超出限制：第一张工作表「Sheet1」用到第 1048576 行，超过 Spreadsheets:MaxRows（50000）。",
            error.Message);
    }

    [Fact]
    public void A_cell_past_the_column_limit_is_refused_naming_its_column()
    {
        var file = XlsxFiles.Workbook("""<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>""", sheetName: "排行");

        var error = Assert.Throws<SpreadsheetException>(() => Read(file));

        Assert.Equal(
            "渠道「九江市政务微博月度通报」的 Excel 文件超出限制：第一张工作表「排行」用到第 16384 列（XFD 列），超过 Spreadsheets:MaxColumns（100）。",
            error.Message);
    }

    [Fact]
    public void Empty_styled_cells_far_out_and_a_dimension_claiming_the_whole_sheet_cost_nothing()
    {
        // Templates are formatted down to row 65536; some writers claim the whole sheet in <dimension>.
        var sheet = XlsxFiles.Sheet(
            """<row r="1"><c r="A1" t="inlineStr"><is><t>名次</t></is></c><c r="CW1" s="0"/></row><row r="65536"><c r="XFD65536" s="0"/></row><row r="1048576"/>""",
            dimension: "A1:XFD1048576");
        var file = XlsxFiles.Zip(CompressionLevel.Optimal, XlsxFiles.Parts(sheet));

        var row = Assert.Single(Read(file).Rows);

        Assert.Equal(1, row.Number);
        Assert.Equal(["名次"], row.Cells);
    }

    [Fact]
    public void A_sheet_that_decompresses_past_the_size_limit_is_refused_before_it_is_read()
    {
        // Two megabytes of spaces, a few kilobytes compressed; the limit here is one megabyte.
        var file = XlsxFiles.Workbook($"""<row r="1"><c r="A1"><v>1</v></c></row>{new string(' ', 2_000_000)}""");

        var error = Assert.Throws<SpreadsheetException>(() => Read(file, new SpreadsheetOptions { MaxUncompressedBytes = 1_048_576 }));

        Assert.StartsWith("渠道「九江市政务微博月度通报」的 Excel 文件超出限制：解压后共 ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("字节，超过 Spreadsheets:MaxUncompressedBytes（1048576）。", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_sheet_whose_directory_claims_a_few_hundred_bytes_is_stopped_at_the_size_limit()
    {
        // The directory's size is all the first check sees; a stored entry is read whole whatever it claims.
        var honest = XlsxFiles.Workbook(
            $"""<row r="1"><c r="A1"><v>1</v></c></row>{new string(' ', 2_000_000)}""", sheetCompression: CompressionLevel.NoCompression);
        var file = XlsxFiles.WithClaimedSize(honest, XlsxFiles.SheetPath, 300);

        var error = Assert.Throws<SpreadsheetException>(() => Read(file, new SpreadsheetOptions { MaxUncompressedBytes = 1_048_576 }));

        Assert.StartsWith(
            "渠道「九江市政务微博月度通报」的 Excel 文件超出限制：解压后的内容超过 Spreadsheets:MaxUncompressedBytes（1048576）",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deflated_sheet_whose_directory_claims_a_few_hundred_bytes_is_refused_as_damaged()
    {
        // System.IO.Compression stops inflating at the claimed size: the sheet's XML is cut off.
        var honest = XlsxFiles.Workbook($"""<row r="1"><c r="A1"><v>1</v></c></row>{new string(' ', 2_000_000)}""");
        var file = XlsxFiles.WithClaimedSize(honest, XlsxFiles.SheetPath, 300);

        var error = Assert.Throws<SpreadsheetException>(() => Read(file, new SpreadsheetOptions { MaxUncompressedBytes = 1_048_576 }));

        Assert.StartsWith($"无法读取 Excel 文件：{Source}的内容不是有效的 XLSX 工作簿（xl/worksheets/sheet1.xml 第 ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_of_more_files_than_the_limit_is_refused()
    {
        var parts = XlsxFiles.Parts(XlsxFiles.Sheet("""<row r="1"><c r="A1"><v>1</v></c></row>"""));
        parts.AddRange(Enumerable.Range(1, 100).Select(i => ($"xl/media/image{i}.xml", "<x/>")));

        var error = Assert.Throws<SpreadsheetException>(() => Read(XlsxFiles.Zip(CompressionLevel.Optimal, parts)));

        Assert.Equal($"{Source}的 Excel 文件超出限制：压缩包中有 108 个文件，超过 Spreadsheets:MaxZipEntries（100）。", error.Message);
    }

    [Theory]
    [InlineData("排名,微博名称,总分\r\n1,九江瑞昌发布,88.6\r\n", "不是 XLSX 工作簿（XLSX 文件是 zip 压缩包，这个不是）")]
    [InlineData("<!DOCTYPE html><html><body>404 页面不存在</body></html>", "是网页或 XML")]
    [InlineData("\u00D0\u00CF\u0011\u00E0\u00A1\u00B1\u001A\u00E1", "是旧版 Excel（.xls）文件或加了密码的工作簿")]
    public void A_body_that_is_not_a_zip_is_refused_saying_what_it_looks_like(string body, string expected)
    {
        var bytes = body.StartsWith('\u00D0') ? Encoding.Latin1.GetBytes(body) : Encoding.UTF8.GetBytes(body);

        var error = Assert.Throws<SpreadsheetException>(() => Read(bytes));

        Assert.StartsWith($"无法读取 Excel 文件：{Source}的内容", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_with_a_title_row_a_blank_row_and_gaps_keeps_the_sheets_row_numbers()
    {
        // Rows 1 (title) and 2 (header), row 3, an empty row 4 that Excel writes, row 5 missing, row 6.
        var file = XlsxFiles.Workbook(
            """
            <row r="1"><c r="A1" t="s"><v>0</v></c></row>
            <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c></row>
            <row r="3"><c r="A3"><v>1</v></c><c r="B3" t="inlineStr"><is><r><t>九江</t></r><r><rPr><b/></rPr><t>瑞昌发布</t></r><rPh sb="0" eb="2"><t>ルイチャン</t></rPh></is></c><c r="C3"><v>84.099999999999994</v></c></row>
            <row r="4" ht="20" customHeight="1"><c r="A4" s="0"/><c r="B4" t="s"><v>4</v></c></row>
            <row r="6"><c r="A6" t="str"><v> 2 </v></c><c r="C6"><v>8.5E1</v></c></row>
            """,
            sharedStrings: ["2014年9月九江市政务微博排行通报", "名次", "微博名称", "总分", "   "]);

        var sheet = Read(file);

        Assert.Equal("Sheet1", sheet.Name);
        Assert.Equal(
            [
                (1, "2014年9月九江市政务微博排行通报"),
                (2, "名次|微博名称|总分"),
                (3, "1|九江瑞昌发布|84.1"),
                (6, "2||85"),
            ],
            sheet.Rows.Select(r => (r.Number, string.Join('|', r.Cells))));
    }

    [Fact]
    public void A_formula_cell_gives_its_cached_value_and_is_never_evaluated()
    {
        var file = XlsxFiles.Workbook(
            """
            <row r="1"><c r="A1"><v>40</v></c><c r="B1"><v>2</v></c><c r="C1"><f>SUM(A1:B1)</f><v>42</v></c></row>
            <row r="2"><c r="A2" t="str"><f>"瑞昌"&amp;"发布"</f><v>瑞昌发布</v></c><c r="B2"><f>A1*1000</f></c><c r="C2" t="b"><f>A1&gt;B1</f><v>1</v></c></row>
            """);

        Assert.Equal(["40|2|42", "瑞昌发布||True"], Read(file).Rows.Select(r => string.Join('|', r.Cells)));
    }

    [Fact]
    public void Numbers_formatted_as_dates_or_times_read_as_dates_or_times()
    {
        // 14 and 22 are Excel's built-in date and date-time formats, 31 the Chinese locale's 2014年9月3日,
        // 20 is h:mm; 176 is a custom Chinese date format and 177 a plain number format.
        var file = XlsxFiles.Workbook(
            """<row r="1"><c r="A1" s="1"><v>41885</v></c><c r="B1" s="2"><v>41885.354166666664</v></c><c r="C1" s="3"><v>41885</v></c><c r="D1" s="4"><v>41885</v></c><c r="E1" s="5"><v>0.35416666666666669</v></c><c r="F1" s="6"><v>41885</v></c><c r="G1"><v>41885</v></c></row>""",
            numberFormats: """<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="#,##0.00_);[Red]\(#,##0.00\)"/>""",
            cellFormats: """<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="31"/><xf numFmtId="176"/><xf numFmtId="20"/><xf numFmtId="177"/>""");

        Assert.Equal(
            ["2014-09-03", "2014-09-03 08:30:00", "2014-09-03", "2014-09-03", "08:30:00", "41885", "41885"],
            Read(file).Rows.Single().Cells);
    }

    [Fact]
    public void A_workbook_written_by_MiniExcel_reads_with_its_dates_numbers_and_booleans()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[]
        {
            new Dictionary<string, object?> { ["姓名"] = "张丽", ["日期"] = new DateTime(2014, 9, 3), ["转发数"] = 12, ["得分"] = 88.6, ["推荐"] = true },
        });

        var sheet = Read(stream.ToArray());

        Assert.Equal(
            [(1, "姓名|日期|转发数|得分|推荐"), (2, "张丽|2014-09-03|12|88.6|True")],
            sheet.Rows.Select(r => (r.Number, string.Join('|', r.Cells))));
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_copied_only_up_to_the_size_limit()
    {
        var file = XlsxFiles.Workbook("""<row r="1"><c r="A1"><v>1</v></c></row>""", sheetCompression: CompressionLevel.NoCompression);
        using var stream = new ForwardOnlyStream(file);

        var error = Assert.Throws<SpreadsheetException>(() =>
            BoundedXlsxReader.ReadFirstSheet(stream, new SpreadsheetOptions { MaxUncompressedBytes = file.Length - 1 }, Source, CancellationToken.None));

        Assert.Equal($"{Source}的 Excel 文件超出限制：文件本身已超过 Spreadsheets:MaxUncompressedBytes（{file.Length - 1}）。", error.Message);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_within_the_limit()
    {
        using var stream = new ForwardOnlyStream(XlsxFiles.Workbook("""<row r="7"><c r="B7"><v>1</v></c></row>"""));

        var row = Assert.Single(BoundedXlsxReader.ReadFirstSheet(stream, Defaults, Source, CancellationToken.None).Rows);

        Assert.Equal(7, row.Number);
        Assert.Equal(["", "1"], row.Cells);
    }

    [Fact]
    public void Rows_out_of_order_are_refused_as_a_damaged_workbook()
    {
        var file = XlsxFiles.Workbook("""<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>""");

        var error = Assert.Throws<SpreadsheetException>(() => Read(file));

        Assert.Contains("第 2 行出现在第 3 行之后", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_stops_once_the_sources_time_is_up()
    {
        var file = XlsxFiles.Workbook("""<row r="1"><c r="A1"><v>1</v></c></row>""");

        Assert.ThrowsAny<OperationCanceledException>(() =>
            BoundedXlsxReader.ReadFirstSheet(file, Defaults, Source, new CancellationToken(canceled: true)));
    }

    private static XlsxSheet Read(byte[] file, SpreadsheetOptions? limits = null) =>
        BoundedXlsxReader.ReadFirstSheet(file, limits ?? Defaults, Source, CancellationToken.None);

    /// <summary>An upload as a request body gives it: read once, forwards.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
