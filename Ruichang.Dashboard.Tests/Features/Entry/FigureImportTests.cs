using System.IO.Compression;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Features.Sources.Parsing;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary>Importing the long form from CSV and XLSX files into a real SQLite database, on 15 October 2014.</summary>
public sealed class FigureImportTests : IAsyncLifetime, IDisposable
{
    private const string Header = "月份,区县代码,指标代码,数值";
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 10, 15, 2, 0, 0, TimeSpan.Zero));
    private readonly EntryOptions _options = new();
    private static readonly ClaimsPrincipal Zhang = SignedInUser.Principal("zhang", Roles.Staff);

    public async Task InitializeAsync() => await _database.MigrateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _database.Dispose();
    }

    private Task<ImportResult> ImportAsync(string fileName, byte[] body) => EntryTestServices.CreateImport(_database, _time, _options).ImportAsync(Zhang, fileName, body, CancellationToken.None);

    private async Task<List<(string County, string Metric, DateOnly Month, double Value)>> StoredAsync()
    {
        await using var db = _database.CreateContext();
        return (await db.Observations.Select(o => new { o.County!.Code, o.Metric!.Key, o.PeriodStart, o.Value }).ToListAsync())
            .Select(o => (o.Code, o.Key, o.PeriodStart, o.Value)).OrderBy(o => o.Code).ThenBy(o => o.Key).ToList();
    }

    [Fact]
    public async Task A_GB18030_CSV_as_Chinese_Excel_saves_it_is_imported_and_the_same_file_again_changes_nothing()
    {
        var csv = $"{Header},区县名称,指标名称,备注\r\n2014-09,360481,opinion_bulletins,12,瑞昌市,舆情信息,九月通报\r\n2014-09,360423,opinion_bulletins,\"1,009\",武宁县,舆情信息,\r\n";
        var body = TextDecoding.Gb18030.GetBytes(csv);

        var first = await ImportAsync("九月通报.csv", body);
        var second = await ImportAsync("九月通报.csv", body);

        Assert.Equal(new UpsertResult(2, 0, 0), first.Written);
        Assert.Equal(new UpsertResult(0, 0, 2), second.Written);
        Assert.Equal(
            [("360423", "opinion_bulletins", new DateOnly(2014, 9, 1), 1009.0), ("360481", "opinion_bulletins", new DateOnly(2014, 9, 1), 12.0)],
            await StoredAsync());
        await using var db = _database.CreateContext();
        var audit = await db.AuditEntries.ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal((ObservationSource.Import, "zhang", "导入文件「九月通报.csv」"), (a.Source!.Value, a.UserName, a.Reason)));
    }

    [Fact]
    public async Task A_UTF8_file_with_a_BOM_and_an_XLSX_sheet_are_read_alike()
    {
        var csv = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"{Header}\n2014-08,360481,journalist_visits,3\n")).ToArray();
        var xlsx = XlsxFiles.Workbook(
            """<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>"""
            + """<row r="2"><c r="A2" t="inlineStr"><is><t>2014-07</t></is></c><c r="B2" t="inlineStr"><is><t>360481</t></is></c><c r="C2" t="inlineStr"><is><t>journalist_visits</t></is></c><c r="D2"><v>5</v></c></row>""",
            sharedStrings: ["月份", "区县代码", "指标代码", "数值"]);

        Assert.Equal(new UpsertResult(1, 0, 0), (await ImportAsync("visits.csv", csv)).Written);
        Assert.Equal(new UpsertResult(1, 0, 0), (await ImportAsync("visits.xlsx", xlsx)).Written);

        Assert.Equal([new DateOnly(2014, 7, 1), new DateOnly(2014, 8, 1)], (await StoredAsync()).Select(s => s.Month).Order());
    }

    [Fact]
    public async Task Three_bad_rows_among_500_write_nothing_and_are_each_named_with_row_and_column()
    {
        string[] codes = ["360402", "360403", "360404", "360423", "360424", "360425", "360426", "360428", "360429", "360430", "360481", "360482", "360483"];
        var rows = Enumerable.Range(0, 500).Select(i => $"{2010 + (i / 156)}-{(i / 13 % 12) + 1:00},{codes[i % 13]},opinion_bulletins,{i}").ToList();
        rows[41] = "2014-09,360481,opinion_bulletin,5";
        rows[250] = "2099-01,360481,opinion_bulletins,5";
        rows[499] = "2014-09,999999,opinion_bulletins,-2";

        var result = await ImportAsync("bulk.csv", Encoding.UTF8.GetBytes(string.Join("\n", rows.Prepend(Header))));

        Assert.False(result.Saved);
        Assert.Equal(
            [(43, "指标代码"), (252, "月份"), (501, "区县代码"), (501, "数值")],
            result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Equal("未知的指标代码 \"opinion_bulletin\"。", result.Errors[0].Message);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task A_wide_month_sheet_of_counties_by_metrics_imports_every_filled_cell_and_again_changes_nothing()
    {
        // As the prefecture's notice is laid out: a county a row, a metric a column (by its name or its code).
        var csv = Encoding.UTF8.GetBytes("月份,区县代码,区县名称,舆情信息,journalist_visits,备注\r\n2014-09,360481,瑞昌市,12,3,九月通报\r\n2014-09,360423,武宁县,7,,\r\n");

        var first = await ImportAsync("九月通报（宽表）.csv", csv);
        var second = await ImportAsync("九月通报（宽表）.csv", csv);

        Assert.Equal(new UpsertResult(3, 0, 0), first.Written);
        Assert.Equal(new UpsertResult(0, 0, 3), second.Written);
        var september = new DateOnly(2014, 9, 1);
        Assert.Equal(
            [("360423", "opinion_bulletins", september, 7.0), ("360481", "journalist_visits", september, 3.0), ("360481", "opinion_bulletins", september, 12.0)],
            await StoredAsync());
    }

    [Fact]
    public async Task A_bad_cell_of_the_wide_sheet_is_named_by_its_row_and_its_metrics_column_and_an_unknown_column_is_refused()
    {
        var csv = Encoding.UTF8.GetBytes("月份,区县代码,舆情信息,粉丝\n2014-09,360481,12,\n2014-09,360423,-1,\n2014-13,360402,4,\n");

        var result = await ImportAsync("wide.csv", csv);

        Assert.False(result.Saved);
        Assert.Equal([(1, "粉丝"), (3, "舆情信息"), (4, "月份")], result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("粉丝", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task Names_beside_the_codes_must_match_them()
    {
        var csv = $"{Header},区县名称,指标名称\n2014-09,360481,opinion_bulletins,1,武宁县,舆情信息\n2014-09,360423,opinion_bulletins,1,武宁,舆情专报\n";

        var result = await ImportAsync("names.csv", Encoding.UTF8.GetBytes(csv));

        Assert.Equal(
            [(2, "区县名称", "「武宁县」与区县代码 360481（瑞昌市）不符。"), (3, "指标名称", "「舆情专报」与指标代码 opinion_bulletins（舆情信息）不符。")],
            result.Errors.Select(e => (e.Row, e.Column, e.Message)));
    }

    [Theory]
    [InlineData("program.xlsx", "文件扩展名是 .xlsx，内容却不是 Excel 工作簿")]
    [InlineData("archive.csv", "文件扩展名是 .csv，内容却不是文本")]
    [InlineData("figures.txt", "不支持的文件类型「.txt」")]
    public async Task A_file_whose_bytes_are_not_what_its_name_says_is_refused_before_it_is_read(string name, string message)
    {
        byte[] program = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0];
        byte[] zip = [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0];

        var result = await ImportAsync(name, name.EndsWith(".csv", StringComparison.Ordinal) ? zip : program);

        Assert.Contains(message, Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversize_file_and_a_zip_bomb_fail_alone_and_say_why()
    {
        _options.MaxImportBytes = 1024;
        var oversize = await ImportAsync("big.csv", Encoding.UTF8.GetBytes(Header + "\n" + new string('1', 2000)));
        Assert.Contains("文件过大", Assert.Single(oversize.Errors).Message, StringComparison.Ordinal);

        _options.MaxImportBytes = 10L * 1024 * 1024;
        var bomb = XlsxFiles.Zip(CompressionLevel.SmallestSize, XlsxFiles.Parts(XlsxFiles.Sheet(
            string.Concat(Enumerable.Range(1, 60_000).Select(r => $"<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c></row>")), $"A1:A60000")));
        var refused = await ImportAsync("bomb.xlsx", bomb);
        Assert.Contains("50000", Assert.Single(refused.Errors).Message, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task An_approved_month_refuses_the_whole_file()
    {
        await using (var db = _database.CreateContext())
        {
            var home = await db.Counties.SingleAsync(c => c.IsHome);
            db.Submissions.Add(new Submission { CountyId = home.Id, Month = new DateOnly(2014, 9, 1), Status = SubmissionStatus.Approved });
            await db.SaveChangesAsync();
        }

        var result = await ImportAsync("sep.csv", Encoding.UTF8.GetBytes($"{Header}\n2014-09,360423,opinion_bulletins,1\n2014-09,360481,opinion_bulletins,2\n"));

        Assert.Contains("瑞昌市 2014年9月", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }
}
