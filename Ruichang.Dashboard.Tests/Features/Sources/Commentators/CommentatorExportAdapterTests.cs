using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Commentators;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Commentators;

/// <summary>The commentator platform's task export, served by a real server on loopback.</summary>
public sealed class CommentatorExportAdapterTests : CollectorTest
{
    // A task export as the platform's "导出 Excel/CSV" button writes it: CRLF lines, a quoted count with a thousands separator.
    private const string PlatformCsv =
        "姓名,编号,单位,任务,日期,转发数,跟帖数\r\n" +
        "张丽,RC001,市委宣传部,转发《瑞昌铜岭铜矿遗址保护工程启动》,2014-09-03,12,5\r\n" +
        "王建国,RC002,湓城街道,跟帖评论“瑞昌山药文化节”,2014-09-05,\"1,204\",\r\n" +
        "刘敏,,赛湖农场,转发《九江瑞昌发布》微博,2014-09-18,3,17\r\n";

    [Fact]
    public async Task A_UTF8_CSV_with_a_byte_order_mark_reads_every_task_with_empty_counts_as_zero()
    {
        Server.Serve("/export.csv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(PlatformCsv)], "text/csv");

        var reading = await ReadAsync("/export.csv");

        Assert.Equal(3, reading.ItemsRead);
        Assert.Equal(
            [
                new CommentatorTaskReading("张丽", "RC001", "市委宣传部", "转发《瑞昌铜岭铜矿遗址保护工程启动》", new DateOnly(2014, 9, 3), 12, 5),
                new CommentatorTaskReading("王建国", "RC002", "湓城街道", "跟帖评论“瑞昌山药文化节”", new DateOnly(2014, 9, 5), 1204, 0),
                new CommentatorTaskReading("刘敏", null, "赛湖农场", "转发《九江瑞昌发布》微博", new DateOnly(2014, 9, 18), 3, 17),
            ],
            reading.CommentatorTasks);
    }

    [Fact]
    public async Task A_GB18030_CSV_saved_by_Chinese_Excel_is_decoded_without_a_declared_charset()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Server.Serve("/export.csv", Encoding.GetEncoding("GB18030").GetBytes(PlatformCsv), "application/octet-stream");

        var reading = await ReadAsync("/export.csv");

        Assert.Equal(["张丽", "王建国", "刘敏"], reading.CommentatorTasks.Select(t => t.Name));
        Assert.Equal("湓城街道", reading.CommentatorTasks[1].Unit);
        Assert.Equal("跟帖评论“瑞昌山药文化节”", reading.CommentatorTasks[1].Task);
    }

    [Fact]
    public async Task A_JSON_export_is_read_from_its_items_path_with_renamed_fields()
    {
        const string json = """
            {"code": 0, "msg": "success", "data": {"total": 2, "tasks": [
              {"userName": "张丽", "memberNo": "RC001", "unit": "市委宣传部", "task": "转发《瑞昌市召开网络宣传工作会议》", "date": "2014-09-03 10:21:00", "reposts": 12, "replies": 5},
              {"userName": "陈志强", "memberNo": null, "unit": "桂林街道", "task": "跟帖评论“南方水泥项目签约”", "date": "2014-09-04", "reposts": "1,024", "replies": 0}
            ]}}
            """;
        Server.Serve("/api/tasks", json, "application/json; charset=utf-8");

        var reading = await ReadAsync("/api/tasks", """{"itemsPath": "$.data.tasks", "fields": {"name": "userName", "id": "memberNo"}}""");

        Assert.Equal(
            [
                new CommentatorTaskReading("张丽", "RC001", "市委宣传部", "转发《瑞昌市召开网络宣传工作会议》", new DateOnly(2014, 9, 3), 12, 5),
                new CommentatorTaskReading("陈志强", null, "桂林街道", "跟帖评论“南方水泥项目签约”", new DateOnly(2014, 9, 4), 1024, 0),
            ],
            reading.CommentatorTasks);
    }

    [Fact]
    public async Task Column_names_set_in_the_options_are_read_instead_of_the_defaults()
    {
        const string csv =
            "评论员,所属单位,完成时间,转发量,评论量\n" +
            "张丽,市委宣传部,2014-10-08,7,2\n";
        Server.Serve("/export", csv, "text/plain; charset=utf-8");

        var reading = await ReadAsync("/export",
            """{"format": "csv", "columns": {"name": "评论员", "unit": "所属单位", "date": "完成时间", "reposts": "转发量", "replies": "评论量"}}""");

        Assert.Equal([new CommentatorTaskReading("张丽", null, "市委宣传部", null, new DateOnly(2014, 10, 8), 7, 2)], reading.CommentatorTasks);
    }

    [Fact]
    public async Task Dates_in_the_formats_Chinese_exports_use_give_the_county_s_date()
    {
        const string csv =
            "姓名,任务,日期,转发数,跟帖数\n" +
            "张丽,短横线,2014-09-03,1,0\n" +
            "张丽,斜线,2014/9/4,1,0\n" +
            "张丽,中文日期,2014年9月5日,1,0\n" +
            "张丽,带时间,2014/9/6 23:30,1,0\n" +
            "张丽,世界时,2014-09-06T20:00:00Z,1,0\n";
        Server.Serve("/export.csv", csv, "text/csv");

        var reading = await ReadAsync("/export.csv");

        // 20:00 UTC on the 6th is 04:00 on the 7th in Asia/Shanghai.
        Assert.Equal(
            [new DateOnly(2014, 9, 3), new DateOnly(2014, 9, 4), new DateOnly(2014, 9, 5), new DateOnly(2014, 9, 6), new DateOnly(2014, 9, 7)],
            reading.CommentatorTasks.Select(t => t.Date));
    }

    [Fact]
    public async Task A_bad_row_fails_the_whole_read_naming_its_row_and_column()
    {
        const string csv =
            "姓名,单位,日期,转发数,跟帖数\n" +
            "张丽,市委宣传部,2014-09-03,12,5\n" +
            "王建国,湓城街道,2014-09-05,abc,3\n" +
            "刘敏,赛湖农场,2014-09-06,4,-2\n" +
            "陈志强,桂林街道,2014-13-01,1,1\n" +
            ",南阳乡,2014-09-08,1,1\n";
        Server.Serve("/export.csv", csv, "text/csv");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/export.csv"));

        Assert.Contains("有 4 处错误", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 3 行「转发数」不是非负整数：abc", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 4 行「跟帖数」不是非负整数：-2", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 5 行「日期」不是日期", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 6 行「姓名」为空", error.Message, StringComparison.Ordinal);
        Assert.Contains("渠道「瑞昌网评员任务平台」", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_first_ten_problems_are_listed_and_the_rest_are_counted()
    {
        var csv = new StringBuilder("姓名,日期,转发数,跟帖数\n");
        for (var i = 0; i < 12; i++)
        {
            csv.Append("张丽,2014-09-03,多,1\n");
        }

        Server.Serve("/export.csv", csv.ToString(), "text/csv");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/export.csv"));

        Assert.Contains("第 11 行「转发数」", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("第 12 行", error.Message, StringComparison.Ordinal);
        Assert.Contains("另有 2 处未列出", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_column_is_named()
    {
        const string csv =
            "姓名,单位,任务,转发数,跟帖数\n" +
            "张丽,市委宣传部,转发,12,5\n";
        Server.Serve("/export.csv", csv, "text/csv");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/export.csv"));

        Assert.Contains("缺少必需的列「日期」", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_JSON_field_is_named()
    {
        Server.Serve("/api/tasks", """[{"name": "张丽", "day": "2014-09-03", "reposts": 1, "replies": 1}]""", "application/json");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/api/tasks"));

        Assert.Contains("必需的字段「date」", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_XLSX_export_with_date_cells_is_read_too()
    {
        using var workbook = new MemoryStream();
        workbook.SaveAs(new[]
        {
            new Dictionary<string, object?> { ["姓名"] = "张丽", ["单位"] = "市委宣传部", ["日期"] = new DateTime(2014, 9, 3), ["转发数"] = 12, ["跟帖数"] = 5 },
            new Dictionary<string, object?> { ["姓名"] = "王建国", ["单位"] = "湓城街道", ["日期"] = new DateTime(2014, 9, 5), ["转发数"] = 8, ["跟帖数"] = null },
        });
        Server.Serve("/export.xlsx", workbook.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        var reading = await ReadAsync("/export.xlsx");

        Assert.Equal(
            [
                new CommentatorTaskReading("张丽", null, "市委宣传部", null, new DateOnly(2014, 9, 3), 12, 5),
                new CommentatorTaskReading("王建国", null, "湓城街道", null, new DateOnly(2014, 9, 5), 8, 0),
            ],
            reading.CommentatorTasks);
    }

    [Fact]
    public async Task An_unknown_column_key_in_the_options_is_a_configuration_error_before_any_request()
    {
        Server.Serve("/export.csv", PlatformCsv, "text/csv");

        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => ReadAsync("/export.csv", """{"columns": {"shares": "转发数"}}"""));

        Assert.Contains("columns", error.Message, StringComparison.Ordinal);
        Assert.Contains("shares", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Server.Hits("/export.csv"));
    }

    [Fact]
    public async Task Failures_never_show_the_export_address_query_where_access_keys_travel()
    {
        Server.Serve("/export.csv", "<html>系统维护中</html>", "text/html", status: 503);
        Server.Serve("/garbage.csv", "这不是导出文件", "text/csv");

        var status = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/export.csv?access_key=SECRET"));
        var garbage = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync("/garbage.csv?access_key=SECRET"));
        var notHttp = await Assert.ThrowsAsync<SourceConfigurationException>(() => new CommentatorExportAdapter(Host.Http, Host.Services.GetRequiredService<IOptionsMonitor<SpreadsheetOptions>>()).ReadAsync(
            new Channel { Kind = ChannelKinds.CommentatorPlatform, Name = "瑞昌网评员任务平台", Url = "ftp://tasks.example/export.csv?access_key=SECRET" },
            Host.Context(),
            CancellationToken.None));

        Assert.All(new Exception[] { status, garbage, notHttp }, e => Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal));
        Assert.Contains("HTTP 503", status.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://tasks.example/export.csv", notHttp.Message, StringComparison.Ordinal);
    }

    private Task<SourceReading> ReadAsync(string path, string options = "{}")
    {
        var channel = new Channel
        {
            Kind = ChannelKinds.CommentatorPlatform,
            Name = "瑞昌网评员任务平台",
            Url = Server.Url(path).ToString(),
            OptionsJson = options,
        };
        return new CommentatorExportAdapter(Host.Http, Host.Services.GetRequiredService<IOptionsMonitor<SpreadsheetOptions>>()).ReadAsync(channel, Host.Context(), CancellationToken.None);
    }
}
