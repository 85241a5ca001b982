using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Counters;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Counters;

/// <summary>The counter adapter against JSON and CSV exports of a mobile-newspaper and a WeChat platform on loopback.</summary>
public sealed class CounterAdapterTests() : CollectorTest(MidOctober)
{
    // 10:00 on 15 October 2014 in Ruichang.
    private static readonly DateTimeOffset MidOctober = new(2014, 10, 15, 2, 0, 0, TimeSpan.Zero);

    private const string PaperJson = """
        {"code":0,"msg":"成功","data":{"paper":"江西手机报瑞昌报","updated":"2014-10-15 09:30:00",
         "统计":[{"月份":"2014-09","订阅用户":"1.8万","本月期数":"21"},{"月份":"2014-10","订阅用户":"1.9万","本月期数":"11"}],
         "subscribers":"19,000","issues_this_month":11,"series":[[9,21],[10,11]]}}
        """;

    private static readonly Encoding Gb18030 = CodePages("GB18030");

    [Fact]
    public async Task JSON_fields_are_found_by_path_through_arrays_and_Chinese_keys_and_read_as_Chinese_numbers()
    {
        Server.Serve("/api/stat", PaperJson, "application/json; charset=utf-8");

        var reading = await ReadAsync(Paper("""
            {"format": "json", "fields": {"mobile_paper_subscribers": "$.data['统计'][1]['订阅用户']", "mobile_paper_issues": "$.data.统计[1].本月期数"}}
            """));

        // "1.9万" is 19,000 exactly: the subscribers' level today, and so their month's latest; the issues are for the
        // current month, the default period.
        Assert.Equal(
            [("mobile_paper_subscribers", "2014-10-15", 19000d), ("mobile_paper_subscribers", "2014-10", 19000d), ("mobile_paper_issues", "2014-10", 11d)],
            Rows(reading));
        Assert.Equal(1, reading.ItemsRead);
    }

    [Fact]
    public async Task With_period_day_a_gauge_is_todays_figure_and_its_months_while_a_counter_is_only_todays()
    {
        Server.Serve("/api/stat", PaperJson, "application/json");

        var reading = await ReadAsync(Paper("""
            {"fields": {"mobile_paper_subscribers": "$.data.subscribers", "mobile_paper_issues": "$.data.series[1][1]"}, "period": "day"}
            """));

        Assert.Equal(
            [("mobile_paper_subscribers", "2014-10-15", 19000d), ("mobile_paper_subscribers", "2014-10", 19000d), ("mobile_paper_issues", "2014-10-15", 11d)],
            Rows(reading));
    }

    [Fact]
    public async Task A_path_that_is_not_in_the_answer_is_named_with_the_channel()
    {
        Server.Serve("/api/stat", PaperJson, "application/json");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(Paper("""{"fields": {"mobile_paper_subscribers": "$.data.统计[2].订阅用户"}}""")));

        Assert.Contains("渠道「江西手机报瑞昌报」", error.Message, StringComparison.Ordinal);
        Assert.Contains("没有字段 $.data.统计[2].订阅用户", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_that_is_not_a_number_is_named()
    {
        Server.Serve("/api/stat", PaperJson, "application/json");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(Paper("""{"fields": {"mobile_paper_issues": "$.data.paper"}}""")));

        Assert.Contains("字段 $.data.paper 的值 \"江西手机报瑞昌报\" 不是数字", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_JSON_answer_fails_the_read()
    {
        Server.Serve("/api/stat", """{"code":0,"msg":"成功","data":{"subscribers":"19,000",""", "application/json");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(Paper("""{"fields": {"mobile_paper_subscribers": "$.data.subscribers"}}""")));

        Assert.Contains("江西手机报瑞昌报」返回的不是有效的 JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_metric_is_a_configuration_error_and_nothing_is_fetched()
    {
        Server.Serve("/api/stat", PaperJson, "application/json");

        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => ReadAsync(Paper("""{"fields": {"mobile_paper_readers": "$.data.subscribers"}}""")));

        Assert.Contains("指标 mobile_paper_readers 不存在", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Server.Hits("/api/stat"));
    }

    [Theory]
    [InlineData("""{"fields": {"mobile_paper_subscribers": "$.data["}}""", "fields.mobile_paper_subscribers")]
    [InlineData("""{"fields": {"mobile_paper_subscribers": "data.subscribers"}}""", "fields.mobile_paper_subscribers")]
    [InlineData("""{"fields": {"mobile_paper_subscribers": "$.data.subscribers"}, "period": "week"}""", "period")]
    [InlineData("""{"format": "xml", "fields": {}}""", "format")]
    [InlineData("""{"format": "csv"}""", "columns")]
    [InlineData("""{"colums": {"wechat_followers": "关注人数"}}""", "colums")]
    public async Task Wrong_options_are_configuration_errors_naming_the_option(string options, string named)
    {
        var error = await Assert.ThrowsAsync<SourceConfigurationException>(() => ReadAsync(Paper(options)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("江西手机报瑞昌报", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_UTF8_CSV_with_a_byte_order_mark_gives_its_last_row_as_this_months_figures()
    {
        var csv = "日期,关注人数,发文数,阅读量\r\n2014-10-13,1188,2,\"3,120\"\r\n2014-10-14,1203,3,\"4,512\"\r\n";
        Server.Serve("/export.csv", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv)], "text/csv");

        var reading = await ReadAsync(WeChat("""{"format": "csv", "columns": {"wechat_followers": "关注人数", "wechat_articles": "发文数"}}"""));

        // Without a date column the last row is read today: the followers' level today (and their month's), the articles so far this month.
        Assert.Equal([("wechat_followers", "2014-10-15", 1203d), ("wechat_followers", "2014-10", 1203d), ("wechat_articles", "2014-10", 3d)], Rows(reading));
        Assert.Equal(2, reading.ItemsRead);
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("text/csv; charset=gbk")]
    [InlineData("application/vnd.ms-excel; charset=GB2312")]
    public async Task A_CSV_saved_by_Chinese_Excel_in_GB18030_is_read(string contentType)
    {
        var bytes = Gb18030.GetBytes("统计日期,公众号名称,关注人数,发文数\r\n2014-10-14,瑞昌发布,\"1,203\",3\r\n,,,\r\n");
        Assert.ThrowsAny<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        Server.Serve("/export.csv", bytes, contentType);

        var reading = await ReadAsync(WeChat("""{"format": "csv", "columns": {"wechat_followers": "关注人数"}, "period": "day"}"""));

        // Without a date column the last row is today's: a gauge's day and its month.
        Assert.Equal([("wechat_followers", "2014-10-15", 1203d), ("wechat_followers", "2014-10", 1203d)], Rows(reading));
        Assert.Equal(1, reading.ItemsRead);
    }

    [Fact]
    public async Task The_charset_a_server_declares_wins_over_detection()
    {
        // GB18030 bytes that the server calls UTF-8: read as UTF-8, as declared, the header is garbage.
        Server.Serve("/export.csv", Gb18030.GetBytes("日期,关注人数\r\n2014-10-14,1203\r\n"), "text/csv; charset=utf-8");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(WeChat("""{"columns": {"wechat_followers": "关注人数"}}""")));

        Assert.Contains("没有列「关注人数」", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_date_column_each_row_is_its_days_figure_and_a_gauges_month_is_its_latest_day()
    {
        // Rows out of order, a blank cell and Excel's trailing row of bare separators, as real exports have them.
        var csv = "日期,关注人数,发文数\r\n2014/9/29,980,2\r\n2014/9/30,1003,1\r\n2014/10/2,1030,3\r\n2014/10/1,1011,\r\n,,\r\n";
        Server.Serve("/export.csv", Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8");

        var reading = await ReadAsync(WeChat("""{"format": "csv", "columns": {"wechat_followers": "关注人数", "wechat_articles": "发文数"}, "dateColumn": "日期"}"""));

        Assert.Equal(
            new[]
            {
                ("wechat_articles", "2014-09-29", 2d),
                ("wechat_articles", "2014-09-30", 1d),
                ("wechat_articles", "2014-10-02", 3d),
                ("wechat_followers", "2014-09", 1003d),
                ("wechat_followers", "2014-09-29", 980d),
                ("wechat_followers", "2014-09-30", 1003d),
                ("wechat_followers", "2014-10", 1030d),
                ("wechat_followers", "2014-10-01", 1011d),
                ("wechat_followers", "2014-10-02", 1030d),
            },
            Rows(reading).Order());
        Assert.Equal(4, reading.ItemsRead);
    }

    [Fact]
    public async Task A_date_column_of_months_gives_each_row_as_its_months_figure()
    {
        Server.Serve("/export.csv", "月份,关注人数,发文数\n2014-09,1100,40\n2014年10月,1203,31\n", "text/csv; charset=utf-8");

        var reading = await ReadAsync(WeChat("""{"columns": {"wechat_followers": "关注人数", "wechat_articles": "发文数"}, "dateColumn": "月份"}"""));

        Assert.Equal(
            [("wechat_followers", "2014-09", 1100d), ("wechat_followers", "2014-10", 1203d), ("wechat_articles", "2014-09", 40d), ("wechat_articles", "2014-10", 31d)],
            Rows(reading));
    }

    [Fact]
    public async Task A_JSON_date_field_that_is_not_a_date_is_named()
    {
        Server.Serve("/api/stat", """{"data": {"issues_this_month": 11, "date": "上周"}}""", "application/json");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(Paper("""{"fields": {"mobile_paper_issues": "$.data.issues_this_month"}, "dateField": "$.data.date"}""")));

        Assert.Contains("$.data.date", error.Message, StringComparison.Ordinal);
        Assert.Contains("不是日期或月份", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cell_that_is_not_a_number_is_named_by_row_and_column()
    {
        var csv = "日期,关注人数,发文数\r\n2014-10-13,1188,2\r\n2014-10-14,abc,3\r\n";
        Server.Serve("/export.csv", Encoding.UTF8.GetBytes(csv), "text/csv");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(WeChat("""{"columns": {"wechat_followers": "关注人数"}, "dateColumn": "日期"}""")));

        Assert.Contains("渠道「瑞昌发布」返回的 CSV 第 3 行列「关注人数」的值「abc」不是数字", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_rows_for_one_day_are_refused_rather_than_guessed()
    {
        var csv = "日期,发文数\r\n2014-10-13,2\r\n2014年10月13日,3\r\n";
        Server.Serve("/export.csv", Encoding.UTF8.GetBytes(csv), "text/csv");

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(WeChat("""{"columns": {"wechat_articles": "发文数"}, "dateColumn": "日期"}""")));

        Assert.Contains("第 3 行与第 2 行是同一天（2014-10-13）", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CSV_rows_stop_being_read_once_the_sources_time_is_up()
    {
        var options = CounterOptions.Parse(WeChat("""{"format": "csv", "columns": {"wechat_followers": "关注人数"}, "dateColumn": "日期"}"""));
        var clock = Host.Services.GetRequiredService<CountyClock>();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            CounterAdapter.ReadCsv("日期,关注人数\r\n2014-10-13,1188\r\n2014-10-14,1203\r\n", options, clock, "渠道「瑞昌发布」", new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Failures_never_show_the_counter_address_query_where_access_keys_travel()
    {
        // 403, not a 5xx: the host's fake clock would hold a retry's back-off for ever.
        Server.Serve("/api/stat", "Forbidden: bad access_key", "text/plain", status: 403);
        var options = """{"fields": {"mobile_paper_subscribers": "$.data.subscribers"}}""";
        var failing = Paper(options);
        failing.Url = Server.Url("/api/stat?paper=ruichang&access_key=SECRET").ToString();
        var notHttp = Paper(options);
        notHttp.Url = "ftp://stats.example/api/stat?access_key=SECRET";

        var status = await Assert.ThrowsAsync<SourceFetchException>(() => ReadAsync(failing));
        var config = await Assert.ThrowsAsync<SourceConfigurationException>(() => ReadAsync(notHttp));

        Assert.DoesNotContain("SECRET", status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", config.Message, StringComparison.Ordinal);
        Assert.Contains(Server.Url("/api/stat").AbsoluteUri + " 返回 HTTP 403", status.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://stats.example/api/stat", config.Message, StringComparison.Ordinal);
    }

    private async Task<SourceReading> ReadAsync(Channel channel) =>
        await ActivatorUtilities.CreateInstance<CounterAdapter>(Host.Services).ReadAsync(channel, Host.Context(), CancellationToken.None);

    private Channel Paper(string options) => new()
    {
        Id = 12, Kind = ChannelKinds.MobilePaper, Name = "江西手机报瑞昌报", Platform = "jxmobile", Url = Server.Url("/api/stat?paper=ruichang").ToString(), OptionsJson = options,
    };

    private Channel WeChat(string options) => new()
    {
        Id = 13, Kind = ChannelKinds.WeChat, Name = "瑞昌发布", Url = Server.Url("/export.csv").ToString(), OptionsJson = options,
    };

    // Month-to-date counters of an undated source are items of their own (their month is decided when stored).
    private static IEnumerable<(string, string, double)> Rows(SourceReading reading) =>
        reading.Figures.Concat(reading.ItemsOf<MonthToDateItems>()?.Figures ?? []).Select(f => (f.MetricKey, f.Period.ToString(), f.Value));

    private static Encoding CodePages(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }
}
