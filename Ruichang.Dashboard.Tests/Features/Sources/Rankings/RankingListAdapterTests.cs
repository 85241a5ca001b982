using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;
using Ruichang.Dashboard.Features.Sources.Rankings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Rankings;

/// <summary>Published ranking lists (CSV, XLSX, JSON), served by a real server on loopback.</summary>
public sealed class RankingListAdapterTests : CollectorTest
{
    private const string ProvincialOptions =
        """{"listName": "江西政务微博排行榜", "publisher": "江西省委网信办", "period": "2014-Q3"}""";

    // The provincial quarterly list as published for download: total and the four sub-scores.
    private const string ProvincialCsv =
        "排名,微博名称,总分,影响力,活跃度,覆盖度,传播度\r\n" +
        "1,江西发布,95.62,96.10,94.30,95.00,97.20\r\n" +
        "2,南昌发布,93.18,94.02,91.75,92.60,94.11\r\n" +
        "12,婺源发布,82.05,80.40,84.90,81.30,81.55\r\n" +
        "13,九江瑞昌发布,81.37,79.85,85.12,80.02,80.47\r\n" +
        "16,武宁发布,79.64,78.10,82.33,79.90,78.21\r\n" +
        "17,修水武宁联合发布,79.02,,,,\r\n";

    [Fact]
    public async Task A_CSV_list_gives_the_ranking_with_its_period_scores_and_counties()
    {
        Server.Serve("/rank.csv", ProvincialCsv, "text/csv; charset=utf-8");

        var reading = await ReadAsync("/rank.csv", ProvincialOptions);

        var ranking = Assert.Single(reading.Rankings);
        Assert.Equal(("江西政务微博排行榜", "江西省委网信办", "2014年第三季度"), (ranking.ListName, ranking.Publisher, ranking.PeriodLabel));
        Assert.Equal((new DateOnly(2014, 7, 1), new DateOnly(2014, 9, 30)), (ranking.PeriodStart, ranking.PeriodEnd));
        Assert.Null(ranking.PublishedOn);
        Assert.Equal(6, reading.ItemsRead);
        Assert.Equal(new RankingEntryReading("九江瑞昌发布", "360481", 13, 81.37, 79.85, 85.12, 80.02, 80.47), ranking.Entries[3]);
        Assert.Equal(new RankingEntryReading("江西发布", null, 1, 95.62, 96.10, 94.30, 95.00, 97.20), ranking.Entries[0]);
        Assert.Equal("360423", ranking.Entries[4].CountyCode);
        // Two counties in one name: no county rather than a guess; empty sub-scores stay unknown.
        Assert.Equal(new RankingEntryReading("修水武宁联合发布", null, 17, 79.02, null, null, null, null), ranking.Entries[5]);
    }

    [Fact]
    public async Task An_XLSX_list_with_a_title_row_and_number_cells_is_read_from_its_first_sheet()
    {
        // The prefecture's monthly notice as an Excel file: a title row above the header.
        using var workbook = new MemoryStream();
        workbook.SaveAs(
            new[]
            {
                new Dictionary<string, object?> { ["A"] = "2014年9月九江市政务微博排行通报", ["B"] = null, ["C"] = null, ["D"] = null },
                new Dictionary<string, object?> { ["A"] = "名次", ["B"] = "微博名称", ["C"] = "总分", ["D"] = "影响力" },
                new Dictionary<string, object?> { ["A"] = 1, ["B"] = "九江瑞昌发布", ["C"] = 88.6, ["D"] = 90.25 },
                new Dictionary<string, object?> { ["A"] = 2, ["B"] = "共青城发布", ["C"] = 85, ["D"] = null },
                new Dictionary<string, object?> { ["A"] = "3", ["B"] = "庐山市发布", ["C"] = "84.10", ["D"] = 83 },
            },
            printHeader: false);
        Server.Serve("/notice.xlsx", workbook.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        var reading = await ReadAsync("/notice.xlsx", """{"listName": "九江市政务微博月度通报", "period": "2014-09"}""");

        var ranking = Assert.Single(reading.Rankings);
        Assert.Equal(("2014年9月", new DateOnly(2014, 9, 1), new DateOnly(2014, 9, 30)), (ranking.PeriodLabel, ranking.PeriodStart, ranking.PeriodEnd));
        Assert.Null(ranking.Publisher);
        Assert.Equal(
            [
                new RankingEntryReading("九江瑞昌发布", "360481", 1, 88.6, 90.25, null, null, null),
                new RankingEntryReading("共青城发布", "360482", 2, 85, null, null, null, null),
                new RankingEntryReading("庐山市发布", "360483", 3, 84.1, 83, null, null, null),
            ],
            ranking.Entries);
    }

    [Fact]
    public async Task A_JSON_list_is_read_from_its_items_path()
    {
        const string json = """
            {"status": 200, "data": {"title": "2014年度江西政务微博排行榜", "list": [
              {"rank": 1, "nick": "江西发布", "score": 96.2},
              {"rank": 14, "nick": "九江瑞昌发布", "score": 80.9, "influence": 79.3}
            ]}}
            """;
        Server.Serve("/api/rank", json, "application/json");

        var reading = await ReadAsync("/api/rank", """{"period": "2014", "itemsPath": "$.data.list", "fields": {"account": "nick"}}""");

        var ranking = Assert.Single(reading.Rankings);
        Assert.Equal(("2014年", new DateOnly(2014, 1, 1), new DateOnly(2014, 12, 31)), (ranking.PeriodLabel, ranking.PeriodStart, ranking.PeriodEnd));
        Assert.Equal("瑞昌排行榜渠道", ranking.ListName);
        Assert.Equal(
            [
                new RankingEntryReading("江西发布", null, 1, 96.2, null, null, null, null),
                new RankingEntryReading("九江瑞昌发布", "360481", 14, 80.9, 79.3, null, null, null),
            ],
            ranking.Entries);
    }

    [Fact]
    public async Task A_rank_that_is_not_a_positive_integer_fails_the_list_naming_row_and_column()
    {
        const string csv =
            "排名,微博名称,总分\n" +
            "1,江西发布,95.62\n" +
            "0,南昌发布,93.18\n" +
            "第三,九江瑞昌发布,81.37\n" +
            "4,武宁发布,七十九\n";
        Server.Serve("/rank.csv", csv, "text/csv");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/rank.csv", ProvincialOptions));

        Assert.Contains("第 3 行「排名」不是正整数：0", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 4 行「排名」不是正整数：第三", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 5 行「总分」不是数字：七十九", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_account_fails_the_list()
    {
        const string csv =
            "排名,微博名称,总分\n" +
            "1,江西发布,95.62\n" +
            "2,九江瑞昌发布,93.18\n" +
            "3,江西发布,81.37\n";
        Server.Serve("/rank.csv", csv, "text/csv");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/rank.csv", ProvincialOptions));

        Assert.Contains("第 4 行「微博名称」与第 2 行重复：江西发布", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"listName": "江西政务微博排行榜"}""", "缺少选项 period")]
    [InlineData("""{"period": "2014-Q5"}""", "选项 period 无效：2014-Q5")]
    [InlineData("""{"period": "2014-13"}""", "选项 period 无效：2014-13")]
    public async Task A_missing_or_invalid_period_is_a_configuration_error_before_any_request(string options, string expected)
    {
        Server.Serve("/rank.csv", ProvincialCsv, "text/csv");

        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => ReadAsync("/rank.csv", options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("渠道「瑞昌排行榜渠道」", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Server.Hits("/rank.csv"));
    }

    [Fact]
    public async Task A_corrupt_XLSX_body_is_a_fetch_failure_not_a_crash()
    {
        Server.Serve("/rank.xlsx", "PK\u0003\u0004这不是一个完整的工作簿", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/rank.xlsx", """{"format": "xlsx", "period": "2014-Q3"}"""));

        Assert.StartsWith("无法读取 Excel 文件：", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_XLSX_list_with_one_cell_at_XFD1048576_fails_at_once_naming_the_row_limit()
    {
        // A kilobyte and a half that MiniExcel's Query padded to over ten billion cells: the job was busy for minutes.
        var file = XlsxFiles.Workbook("""<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>九江瑞昌发布</t></is></c></row>""");
        Assert.True(file.Length < 4096);
        Server.Serve("/rank.xlsx", file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/rank.xlsx", """{"period": "2014-Q3"}"""));

        Assert.Equal(
            "渠道「瑞昌排行榜渠道」的 Excel 文件超出限制：第一张工作表「Sheet1」用到第 1048576 行，超过 Spreadsheets:MaxRows（50000）。",
            error.Message);
    }

    [Fact]
    public async Task A_list_without_its_account_column_names_the_column()
    {
        Server.Serve("/rank.csv", "排名,账号昵称,总分\n1,江西发布,95.62\n", "text/csv");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/rank.csv", ProvincialOptions));

        Assert.Contains("缺少必需的列「微博名称」", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2014-Q3", "2014年第三季度", "2014-07-01", "2014-09-30")]
    [InlineData("2014q4", "2014年第四季度", "2014-10-01", "2014-12-31")]
    [InlineData("2014-09", "2014年9月", "2014-09-01", "2014-09-30")]
    [InlineData("2015-2", "2015年2月", "2015-02-01", "2015-02-28")]
    [InlineData("2014", "2014年", "2014-01-01", "2014-12-31")]
    public void A_period_option_gives_its_Chinese_label_and_days(string text, string label, string start, string end)
    {
        var period = RankingListAdapter.ParsePeriod(text);

        Assert.Equal((label, DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)), period);
    }

    [Fact]
    public async Task Failures_never_show_the_list_address_query_where_access_keys_travel()
    {
        Server.Serve("/ranking.csv", "Bad gateway", "text/plain", status: 502);
        Server.Serve("/garbage.json", "{\"data\": ", "application/json");

        var status = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/ranking.csv?access_key=SECRET", ProvincialOptions));
        var garbage = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/garbage.json?access_key=SECRET", ProvincialOptions));
        var notHttp = await Assert.ThrowsAsync<SourceConfigurationException>(() => new RankingListAdapter(Host.Http, Host.Services.GetRequiredService<IOptionsMonitor<SpreadsheetOptions>>()).ReadAsync(
            new Channel { Kind = ChannelKinds.RankingList, Name = "瑞昌排行榜渠道", Url = "ftp://lists.example/ranking.csv?access_key=SECRET", OptionsJson = ProvincialOptions },
            Host.Context(),
            CancellationToken.None));

        Assert.All(new Exception[] { status, garbage, notHttp }, e => Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal));
        Assert.Contains("HTTP 502", status.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://lists.example/ranking.csv", notHttp.Message, StringComparison.Ordinal);
    }

    private Task<SourceReading> ReadAsync(string path, string options)
    {
        var channel = new Channel
        {
            Kind = ChannelKinds.RankingList,
            Name = "瑞昌排行榜渠道",
            Url = Server.Url(path).ToString(),
            OptionsJson = options,
        };
        return new RankingListAdapter(Host.Http, Host.Services.GetRequiredService<IOptionsMonitor<SpreadsheetOptions>>()).ReadAsync(channel, Host.Context(), CancellationToken.None);
    }
}
