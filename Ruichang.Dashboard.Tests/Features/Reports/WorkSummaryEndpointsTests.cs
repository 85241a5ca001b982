using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Reports;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Reports;

/// <summary><c>GET /api/v1/reports/summary.docx</c> over the seeded demo history, whose 2014 follows the department's own summary.</summary>
[Collection(DemoAppGroup.Name)]
public sealed class WorkSummaryEndpointsTests(DemoAppFactory app)
{
    private async Task<HttpClient> LeaderAsync() => app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Leader));

    private async Task<SummaryDocx> GetAsync(string query)
    {
        using var api = await LeaderAsync();
        using var response = await api.GetAsync($"/api/v1/reports/summary.docx?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return SummaryDocx.Open(bytes);
    }

    [Fact]
    public async Task The_2014_summary_writes_the_seeds_figures_as_the_department_writes_them()
    {
        var doc = await GetAsync("year=2014");

        Assert.Contains("瑞昌市2014年网络宣传工作总结", doc.Paragraphs[0], StringComparison.Ordinal);
        // The seed: "今年以来，人民网、新华网…等各大主流新闻网站共计刊发瑞昌稿件2000余条".
        Assert.Contains(doc.Paragraphs, p => p.StartsWith("今年以来，人民网、新华网、中国广播网、光明网、中国江西网、今视网、九江新闻网、九江传媒网等各大主流新闻网站共计刊发瑞昌稿件2000余条", StringComparison.Ordinal));
        Assert.Contains("瑞昌新闻网今年以来共登载新闻稿件1409条。", doc.Text, StringComparison.Ordinal);
        Assert.Contains("“九江瑞昌发布”新浪微博、“瑞昌市新闻中心”腾讯微博和“瑞昌市民生博客”江西微博三个官方微博粉丝数量达3万余人", doc.Text, StringComparison.Ordinal);
        Assert.Contains("发布微博5800余条", doc.Text, StringComparison.Ordinal);
        Assert.Contains("江西手机报瑞昌报今年以来共发送129期，覆盖瑞昌范围内1.9万手机用户。", doc.Text, StringComparison.Ordinal);
        Assert.Contains("全市网络评论员队伍共106人，其中15人被推荐担任国家、省、九江市网络评论员", doc.Text, StringComparison.Ordinal);
        Assert.Contains("《舆情专报》18期、《舆情信息》37期、舆情处理单172份", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("截至", doc.Paragraphs[2], StringComparison.Ordinal);
        Assert.Empty(doc.ValidationErrors);
    }

    [Fact]
    public async Task The_2014_summary_ranks_every_metric_with_the_numbers_of_the_rankings()
    {
        var doc = await GetAsync("year=2014");
        var rankings = app.Services.GetRequiredService<Ruichang.Dashboard.Features.Rankings.RankingQueries>();
        var metrics = await rankings.GetMetricsAsync(CancellationToken.None);
        var placements = await rankings.GetAsync(metrics.Single(m => m.Key == MetricKeys.ArticlePlacements), RankingPeriod.WholeYear(2014), FigureView.All, CancellationToken.None);
        var followers = await rankings.GetAsync(metrics.Single(m => m.Key == MetricKeys.WeiboFollowers), RankingPeriod.WholeYear(2014), FigureView.All, CancellationToken.None);

        var table = doc.Table("指标", "排名");
        Assert.Equal(["指标", "数值", "排名", "上期排名", "变化"], table[0]);
        Assert.Equal(metrics.Select(m => m.Name), table.Skip(1).Select(r => r[0]));
        var row = table.Single(r => r[0] == "稿件刊发");
        Assert.Equal(placements.Home!.Place.Value!.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), row[1]);
        Assert.Equal($"第{placements.Home.Place.Rank}名", row[2]);
        // 2013 has no figures in the demo: no previous rank, and no change is invented.
        Assert.Equal((WorkSummaryDocument.NoData, "—"), (row[3], row[4]));
        Assert.Contains($"在九江市13个县（市、区）中排第{followers.Home!.Place.Rank}名", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_2014_summary_has_a_table_per_area_with_the_exact_figures()
    {
        var doc = await GetAsync("year=2014");

        var outlets = doc.Table("网站", "稿件");
        Assert.Equal(["人民网", "新华网", "中国广播网", "光明网", "中国江西网", "今视网", "九江新闻网", "九江传媒网", "合计"], outlets.Skip(1).Select(r => r[0]));
        var total = double.Parse(outlets[^1][1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(total, 2000, 2099);
        Assert.Equal(total, outlets.Skip(1).SkipLast(1).Sum(r => double.Parse(r[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)));

        var weibo = doc.Table("账号", "微博粉丝");
        Assert.Equal(["九江瑞昌发布（新浪微博）", "瑞昌市新闻中心（腾讯微博）", "瑞昌市民生博客（江西微博）", "合计"], weibo.Skip(1).Select(r => r[0]));
        Assert.Equal(["江西手机报瑞昌报", "129", "19,000"], doc.Table("名称", "手机报期数")[1]);
        Assert.Equal(["瑞昌新闻网", "1,409"], doc.Table("名称", "新闻网发稿")[1]);
        Assert.Contains(["网评员人数（人）", "106"], doc.Table("项目", "数量"));
        Assert.Contains(["舆情处理单（份）", "172"], doc.Tables.Where(t => t[0][0] == "项目").Last());
    }

    [Fact]
    public async Task The_rankings_are_native_Word_charts_with_their_data_embedded()
    {
        var doc = await GetAsync("year=2014");

        var placements = doc.Charts.Single(c => c.Title.StartsWith("稿件刊发排名", StringComparison.Ordinal));
        Assert.True(placements.HasWorkbook);
        Assert.Contains("瑞昌市", placements.Categories);
        Assert.Equal(placements.Values.OrderByDescending(v => v), placements.Values);
        Assert.Equal(placements.Categories.Count, placements.Values.Count);
        Assert.Contains(doc.Charts, c => c.Title.StartsWith("微博粉丝排名", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_target_for_the_year_is_shown_with_what_was_reached()
    {
        // The demo database is shared by the tests of its group: the target is taken away again afterwards.
        var factory = app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        var target = new Target { Year = 2014, Value = 120 };
        await using (var db = await factory.CreateDbContextAsync())
        {
            target.CountyId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            target.MetricId = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.MobilePaperIssues)).Id;
            db.Targets.Add(target);
            await db.SaveChangesAsync();
        }

        try
        {
            var doc = await GetAsync("year=2014");

            var targets = doc.Table("指标", "目标");
            Assert.Equal(["指标", "2014年目标", "全年完成", "完成率"], targets[0]);
            Assert.Contains(["手机报期数", "120", "129", "107.5%"], targets);
        }
        finally
        {
            await using var db = await factory.CreateDbContextAsync();
            await db.Targets.Where(t => t.Id == target.Id).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_month_summary_speaks_of_the_month()
    {
        var doc = await GetAsync("month=2014-09");

        Assert.Contains("瑞昌市2014年9月网络宣传工作总结", doc.Paragraphs[0], StringComparison.Ordinal);
        Assert.Contains(doc.Paragraphs, p => p.StartsWith("9月份，", StringComparison.Ordinal));
        Assert.Contains("较上月", doc.Text, StringComparison.Ordinal);
        Assert.Empty(doc.ValidationErrors);
    }

    [Fact]
    public async Task The_current_year_is_marked_as_to_date()
    {
        var today = app.Services.GetRequiredService<CountyClock>().Today;

        var doc = await GetAsync($"year={today.Year}");

        Assert.Contains($"本稿数据截至{today.Month}月{today.Day}日", doc.Text, StringComparison.Ordinal);
        Assert.Contains("上年同期", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_is_named_by_the_server_in_Chinese_as_RFC_6266_asks()
    {
        using var api = await LeaderAsync();

        using var year = await api.GetAsync("/api/v1/reports/summary.docx?year=2014");
        using var month = await api.GetAsync("/api/v1/reports/summary.docx?month=2014-09");

        Assert.Equal(WorkSummaryDocument.ContentType, year.Content.Headers.ContentType?.MediaType);
        var disposition = year.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("瑞昌网络宣传工作总结-2014年.docx", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E7%91%9E%E6%98%8C", year.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        Assert.Equal("瑞昌网络宣传工作总结-2014年9月.docx", month.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task The_ascii_file_name_says_work_summary_and_the_period()
    {
        using var api = await LeaderAsync();

        using var year = await api.GetAsync("/api/v1/reports/summary.docx?year=2014");
        using var month = await api.GetAsync("/api/v1/reports/summary.docx?month=2014-09");

        Assert.Equal("work-summary-2014.docx", year.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal("work-summary-2014-09.docx", month.Content.Headers.ContentDisposition!.FileName);
        Assert.True(month.Content.Headers.GetValues("Content-Disposition").Single().All(char.IsAscii));
    }

    [Theory]
    [InlineData("", "year")]
    [InlineData("year=2014&month=2014-09", "year")]
    [InlineData("year=14", "year")]
    [InlineData("year=abcd", "year")]
    [InlineData("year=2099", "year")]
    [InlineData("month=2014-13", "month")]
    [InlineData("month=2014", "month")]
    [InlineData("month=2099-01", "month")]
    public async Task A_bad_or_future_period_is_refused_in_Chinese_naming_the_parameter(string query, string parameter)
    {
        using var api = await LeaderAsync();

        using var response = await api.GetAsync($"/api/v1/reports/summary.docx?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = json.RootElement.GetProperty("errors");
        var message = errors.GetProperty(parameter)[0].GetString();
        Assert.Contains(parameter, message, StringComparison.Ordinal);
        Assert.Matches("[\u4e00-\u9fff]", message);
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401()
    {
        using var anonymous = app.CreateApiClient(null);

        using var response = await anonymous.GetAsync("/api/v1/reports/summary.docx?year=2014");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_page_link_sends_nobody_signed_in_to_sign_in_and_a_user_without_a_role_to_the_denied_page()
    {
        using var anonymous = app.CreateBrowserClient();
        using var refused = await anonymous.GetAsync("/reports/summary.docx?year=2014");
        Assert.Equal(HttpStatusCode.Found, refused.StatusCode);
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(refused), StringComparison.Ordinal);

        await app.CreateUserAsync("summary-no-role", role: null);
        using var roleless = await app.SignInAsync("summary-no-role");
        using var denied = await roleless.GetAsync("/reports/summary.docx?year=2014");
        Assert.Equal(HttpStatusCode.Found, denied.StatusCode);
        Assert.StartsWith(AccountFeature.DeniedPath, DashboardAppFactory.RedirectTarget(denied), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_leader_downloads_it_from_the_page_link()
    {
        await app.CreateUserAsync("summary-leader", Roles.Leader);
        using var browser = await app.SignInAsync("summary-leader");

        using var response = await browser.GetAsync("/reports/summary.docx?month=2014-09");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("瑞昌网络宣传工作总结-2014年9月.docx", response.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Contains("9月份", SummaryDocx.Open(await response.Content.ReadAsByteArrayAsync()).Text, StringComparison.Ordinal);
    }
}
