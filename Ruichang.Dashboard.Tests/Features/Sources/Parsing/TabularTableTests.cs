using System.Net;
using System.Text;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;
using Ruichang.Dashboard.Features.Sources.Rankings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Parsing;

/// <summary>The export table itself: what the adapters cannot show through HTTP.</summary>
public sealed class TabularTableTests
{
    // By name: the format type is internal to the app.
    public static TheoryData<string, byte[]> Exports => new()
    {
        { nameof(TabularFormat.Csv), Encoding.UTF8.GetBytes("排名,微博名称\r\n1,九江瑞昌发布\r\n2,武宁发布\r\n") },
        { nameof(TabularFormat.Json), Encoding.UTF8.GetBytes("""[{"rank": 1, "account": "九江瑞昌发布"}, {"rank": 2, "account": "武宁发布"}]""") },
        { nameof(TabularFormat.Xlsx), XlsxFiles.Workbook("""<row r="1"><c r="A1" t="inlineStr"><is><t>排名</t></is></c><c r="B1" t="inlineStr"><is><t>微博名称</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>九江瑞昌发布</t></is></c></row>""") },
    };

    [Theory]
    [MemberData(nameof(Exports))]
    public void Reading_rows_stops_once_the_sources_time_is_up(string format, byte[] body)
    {
        var response = new FetchedResponse(new Uri("http://127.0.0.1/rank"), HttpStatusCode.OK, null, "utf-8", body);

        Assert.ThrowsAny<OperationCanceledException>(() => TabularTable.Read(
            response, Enum.Parse<TabularFormat>(format), itemsPath: null, RankingListAdapter.Columns, new Dictionary<string, string?>(), "渠道「排行」",
            new SpreadsheetOptions(), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void An_XLSX_file_over_a_limit_fails_the_source_with_the_readers_message()
    {
        var response = new FetchedResponse(
            new Uri("http://127.0.0.1/rank.xlsx"), HttpStatusCode.OK, null, null,
            XlsxFiles.Workbook("""<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>"""));

        var error = Assert.Throws<SourceFetchException>(() => TabularTable.Read(
            response, TabularFormat.Xlsx, itemsPath: null, RankingListAdapter.Columns, new Dictionary<string, string?>(), "渠道「排行」",
            new SpreadsheetOptions { MaxRows = 2 }, CancellationToken.None));

        Assert.Equal("渠道「排行」的 Excel 文件超出限制：第一张工作表「Sheet1」用到第 3 行，超过 Spreadsheets:MaxRows（2）。", error.Message);
    }
}
