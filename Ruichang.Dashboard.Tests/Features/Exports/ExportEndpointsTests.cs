using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Exports;

/// <summary>
/// The app on its own database with September 2014's figures imported through <c>POST /api/v1/imports</c>, seven counties
/// renamed so that each name starts with one of the formula triggers, and a Weibo channel whose name is a formula.
/// </summary>
public sealed class ExportsApp : IAsyncLifetime
{
    public const string Department = "瑞昌市委宣传部（测试）";
    public const string StaffTokenName = "export-staff";

    /// <summary>Counties renamed to start with every trigger character, by division code.</summary>
    public static readonly Dictionary<string, string> Renamed = new()
    {
        ["360402"] = "=濂溪区", ["360403"] = "+浔阳区", ["360404"] = "-柴桑区", ["360423"] = "@武宁县",
        ["360424"] = "\t修水县", ["360425"] = "\r永修县", ["360426"] = "\n德安县",
    };

    public const string EvilCommentator = "=张三";

    public const string EvilChannel = "=HYPERLINK(\"http://evil.example/\",\"点我\")";

    public DashboardAppFactory App { get; } = new();

    public string StaffToken { get; private set; } = "";

    public string LeaderToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App.Settings["Department:Name"] = Department;
        var factory = App.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        int channelId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            foreach (var county in await db.Counties.ToListAsync())
            {
                county.Name = Renamed.GetValueOrDefault(county.Code, county.Name);
            }

            var home = await db.Counties.SingleAsync(c => c.Code == "360481");
            var channel = new Channel { CountyId = home.Id, Kind = "weibo", Name = EvilChannel, Platform = "sina" };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            channelId = channel.Id;

            // Two of the home county's commentators: one active in September under a formula-like name, one with no record.
            var active = new Commentator { CountyId = home.Id, Name = EvilCommentator, ExternalId = "001", IsRecommended = true };
            db.Commentators.AddRange(active, new Commentator { CountyId = home.Id, Name = "李四", ExternalId = "002" });
            await db.SaveChangesAsync();
            db.CommentatorActivity.Add(new CommentatorActivity { CommentatorId = active.Id, Month = new DateOnly(2014, 9, 1), Reposts = 10, Replies = 4 });
            db.CommentatorTasks.AddRange(
                new CommentatorTask { CommentatorId = active.Id, ChannelId = channelId, Task = "转发通报", Date = new DateOnly(2014, 9, 3), Reposts = 6, Replies = 1 },
                new CommentatorTask { CommentatorId = active.Id, ChannelId = channelId, Task = "评论要闻", Date = new DateOnly(2014, 9, 20), Reposts = 4, Replies = 3 });
            await db.SaveChangesAsync();
        }

        StaffToken = await App.CreateApiTokenAsync(Roles.Staff, StaffTokenName);
        LeaderToken = await App.CreateApiTokenAsync(Roles.Leader, "export-leader");

        // September: twelve counties (武宁县 and 修水县 tie), 庐山市 none; August for the previous ranks; a channel
        // figure, a county's own, a Weibo index with decimals.
        string[] codes = ["360402", "360403", "360404", "360423", "360424", "360425", "360426", "360428", "360429", "360430", "360481", "360482"];
        var lines = new List<string> { "月份,区县代码,指标代码,数值,区县名称,指标名称,渠道" };
        lines.AddRange(codes.Select((c, i) => $"2014-09,{c},weibo_followers,{c switch { "360423" or "360424" => 20000, "360481" => 30125, _ => 10000 + (i * 1500) }},,,"));
        lines.AddRange(codes.Select((c, i) => $"2014-08,{c},weibo_followers,{10000 + ((codes.Length - i) * 1000)},,,"));
        lines.Add($"2014-09,360481,weibo_followers,1234,,,{channelId}");
        lines.Add("2014-09,360481,opinion_bulletins,12,,,");
        lines.Add("2014-09,360481,weibo_bci,512.34,,,");
        using var staff = App.CreateApiClient(StaffToken);
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join("\r\n", lines)));
        using var form = new MultipartFormDataContent { { file, "file", "seed.csv" } };
        using var response = await staff.PostAsync("/api/v1/imports", form);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        }
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class ExportEndpointsTests(ExportsApp fixture) : IClassFixture<ExportsApp>
{
    private const string Ranking = "metric=weibo_followers&period=2014-09";
    private DashboardAppFactory App => fixture.App;

    private static string Expected(string text) => FormulaGuard.Triggers.Contains(text[0]) ? "'" + text : text;

    // An XLSX is XML, which reads a bare CR as LF (the sheet holds the line break, not its bytes); a CSV keeps it.
    private static string InSheet(string text) => text.ReplaceLineEndings("\n");

    private async Task<List<RankingDto>> ApiRankingAsync()
    {
        using var leader = App.CreateApiClient(fixture.LeaderToken);
        return (await leader.GetFromJsonAsync<List<RankingDto>>($"/api/v1/rankings?{Ranking}"))!;
    }

    [Fact]
    public async Task The_ranking_xlsx_has_the_period_the_source_Chinese_headers_and_the_apis_numbers_as_numeric_cells()
    {
        using var leader = App.CreateApiClient(fixture.LeaderToken);

        using var response = await leader.GetAsync($"/api/v1/exports/rankings.xlsx?{Ranking}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TableFileResult.XlsxContentType, response.Content.Headers.ContentType!.MediaType);
        var rows = ExportedFiles.Xlsx(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(new SheetCell(false, "九江各县（市、区）微博粉丝排名"), rows[0][0]);
        Assert.Equal(new SheetCell(false, "期间：2014年9月　单位：人"), rows[1][0]);
        Assert.Equal(new SheetCell(false, $"数据来源：{ExportsApp.Department}"), rows[2][0]);
        Assert.Equal(ExportTables.RankingColumns.Select(h => new SheetCell(false, h)), rows[3]);

        var expected = await ApiRankingAsync();
        var data = rows.Skip(4).ToList();
        Assert.Equal(13, data.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (row, item) = (data[i], expected[i]);
            Assert.Equal(Number(item.Rank), Cell(row, 0));
            Assert.Equal(new SheetCell(false, InSheet(Expected(item.Name))), Cell(row, 1));
            Assert.Equal(new SheetCell(false, item.County), Cell(row, 2));
            Assert.Equal(Number(item.Value), Cell(row, 3));
            Assert.Equal(Number(item.PreviousRank), Cell(row, 4));
            Assert.Equal(Number(item.GapToAbove), Cell(row, 6));
        }

        // Every trigger character, neutralised; 武宁县 and 修水县 share sixth place and the next is eighth; 庐山市 is listed unranked.
        Assert.Equal(
            ExportsApp.Renamed.Values.Select(n => InSheet("'" + n)).Order(StringComparer.Ordinal),
            data.Select(r => r[1]!.Text).Where(n => n.StartsWith('\'')).Order(StringComparer.Ordinal));
        Assert.Equal(["'@武宁县", "'\t修水县"], data.Where(r => Cell(r, 0) == new SheetCell(true, "6")).Select(r => r[1]!.Text));
        Assert.Equal(new SheetCell(true, "8"), Cell(data[7], 0));
        Assert.Equal((null, new SheetCell(false, "本期无数据，未参与排名")), (Cell(data[^1], 0), Cell(data[^1], 7)));
    }

    [Fact]
    public async Task The_ranking_csv_is_utf8_with_a_bom_neutralises_every_trigger_and_writes_plain_numbers()
    {
        using var leader = App.CreateApiClient(fixture.LeaderToken);

        using var response = await leader.GetAsync($"/api/v1/exports/rankings.csv?{Ranking}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var records = ExportedFiles.Csv(bytes);
        Assert.Equal(["九江各县（市、区）微博粉丝排名", "", "", "", "", "", "", ""], records[0]);
        Assert.Equal($"数据来源：{ExportsApp.Department}", records[2][0]);
        Assert.Equal(ExportTables.RankingColumns, records[3]);

        var expected = await ApiRankingAsync();
        var data = records.Skip(4).ToList();
        Assert.Equal(
            expected.Select(i => new[] { Text(i.Rank), Expected(i.Name), i.County, Text(i.Value), Text(i.PreviousRank), Text(i.GapToAbove) }),
            data.Select(r => new[] { r[0], r[1], r[2], r[3], r[4], r[6] }));
        Assert.Equal(ExportsApp.Renamed.Count, data.Count(r => r[1].StartsWith('\'')));
        Assert.Equal("30125", data.Single(r => r[2] == "360481")[3]);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task The_file_name_is_set_by_the_server_in_Chinese_with_an_ascii_fallback(string format)
    {
        using var leader = App.CreateApiClient(fixture.LeaderToken);

        using var response = await leader.GetAsync($"/api/v1/exports/rankings.{format}?{Ranking}");

        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"排名-微博粉丝-2014年9月.{format}", disposition.FileNameStar);
        Assert.Equal($"ranking-weibo_followers-2014-09.{format}", disposition.FileName);
        var raw = string.Join(";", response.Content.Headers.GetValues("Content-Disposition"));
        Assert.Contains($"filename*=UTF-8''{Uri.EscapeDataString($"排名-微博粉丝-2014年9月.{format}")}", raw, StringComparison.Ordinal);
        Assert.True(raw.All(char.IsAscii));
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task A_months_figures_exported_and_imported_again_change_nothing(string format)
    {
        using var staff = App.CreateApiClient(fixture.StaffToken);
        var before = await StoredAsync();

        using var export = await staff.GetAsync($"/api/v1/exports/figures.{format}?month=2014-09");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var file = await export.Content.ReadAsByteArrayAsync();
        var upload = new ByteArrayContent(file);
        using var form = new MultipartFormDataContent { { upload, "file", export.Content.Headers.ContentDisposition!.FileName! } };
        using var import = await staff.PostAsync("/api/v1/imports", form);

        Assert.True(import.StatusCode == HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
        var september = before.Figures.Count(f => f.StartsWith("2014-09-01|", StringComparison.Ordinal));
        Assert.Equal(new UpsertResult(0, 0, september, 0), await import.Content.ReadFromJsonAsync<UpsertResult>());
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task The_figures_export_is_the_importers_long_form_naming_a_formula_like_channel_safely()
    {
        using var staff = App.CreateApiClient(fixture.StaffToken);

        var rows = ExportedFiles.Xlsx(await staff.GetByteArrayAsync("/api/v1/exports/figures.xlsx?month=2014-09"));

        Assert.Equal(ExportTables.FigureColumns.Select(h => new SheetCell(false, h)), rows[0]);
        var channel = Assert.Single(rows.Skip(1), r => r.Length > 6 && r[6] is not null);
        Assert.Equal(
            [new(false, "2014-09"), new(false, "360481"), new(false, "weibo_followers"), new(true, "1234"), new(false, "瑞昌市"), new(false, "微博粉丝"), new(false, "'" + ExportsApp.EvilChannel)],
            channel.AsEnumerable());
        Assert.Contains(rows, r => r[2]!.Text == "weibo_bci" && r[3] == new SheetCell(true, "512.34"));
    }

    [Fact]
    public async Task The_history_export_lists_the_filtered_changes_as_the_page_words_them()
    {
        using var staff = App.CreateApiClient(fixture.StaffToken);

        var rows = ExportedFiles.Xlsx(await staff.GetByteArrayAsync("/api/v1/exports/history.xlsx?month=2014-09&county=360481"));

        Assert.Equal("数据修改记录", rows[0][0]!.Text);
        Assert.StartsWith("筛选：月份 2014年9月，区县 瑞昌市", rows[1][0]!.Text, StringComparison.Ordinal);
        Assert.Equal($"数据来源：{ExportsApp.Department}", rows[2][0]!.Text);
        Assert.Equal(ExportTables.HistoryColumns.Select(h => new SheetCell(false, h)), rows[3]);
        var data = rows.Skip(4).ToList();
        Assert.Equal(4, data.Count);
        var followers = Assert.Single(data, r => r[4]!.Text == "微博粉丝" && Cell(r, 5) is null);
        Assert.Equal(
            [new(false, ExportsApp.StaffTokenName), new(false, "新增"), new(false, "瑞昌市"), new(false, "微博粉丝"), null, new(false, "2014年9月"), null, new(true, "30125"), new(false, "导入")],
            Enumerable.Range(1, 9).Select(i => Cell(followers, i)));
        Assert.Contains(data, r => Cell(r, 5) == new SheetCell(false, "'" + ExportsApp.EvilChannel));
    }

    [Fact]
    public async Task Without_a_token_the_api_exports_answer_401()
    {
        using var anonymous = App.CreateApiClient(null);

        foreach (var path in new[] { $"rankings.xlsx?{Ranking}", "history.csv", "figures.xlsx?month=2014-09" })
        {
            using var response = await anonymous.GetAsync($"/api/v1/exports/{path}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_leader_may_export_rankings_but_not_the_history_or_the_figures()
    {
        using var leader = App.CreateApiClient(fixture.LeaderToken);

        using var rankings = await leader.GetAsync($"/api/v1/exports/rankings.csv?{Ranking}");
        using var history = await leader.GetAsync("/api/v1/exports/history.xlsx");
        using var figures = await leader.GetAsync("/api/v1/exports/figures.csv?month=2014-09");

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            (rankings.StatusCode, history.StatusCode, figures.StatusCode));
    }

    [Fact]
    public async Task The_pages_download_links_work_with_the_sign_in_cookie_within_the_users_role()
    {
        await App.CreateUserAsync("export-cookie-leader", Roles.Leader);
        using var browser = await App.SignInAsync("export-cookie-leader");
        using var anonymous = App.CreateBrowserClient();

        using var rankings = await browser.GetAsync($"{ExportsFeature.PagePrefix}/rankings.xlsx?{Ranking}");
        using var history = await browser.GetAsync($"{ExportsFeature.PagePrefix}/history.xlsx");
        using var signedOut = await anonymous.GetAsync($"{ExportsFeature.PagePrefix}/rankings.csv?{Ranking}");
        using var api = await browser.GetAsync($"/api/v1/exports/rankings.xlsx?{Ranking}");

        Assert.Equal(HttpStatusCode.OK, rankings.StatusCode);
        Assert.Equal(17, ExportedFiles.Xlsx(await rankings.Content.ReadAsByteArrayAsync()).Count);
        Assert.StartsWith(AccountFeature.DeniedPath, DashboardAppFactory.RedirectTarget(history), StringComparison.Ordinal);
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(signedOut), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task The_commentators_export_lists_the_home_countys_month_with_names_made_safe_and_no_record_left_empty()
    {
        using var leader = App.CreateApiClient(fixture.LeaderToken);

        using var response = await leader.GetAsync("/api/v1/exports/commentators.csv?month=2014-09");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = ExportedFiles.Csv(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("合计：转发 10，评论 4", records[1][0], StringComparison.Ordinal);
        Assert.Equal(ExportTables.CommentatorColumns, records[3]);
        Assert.Equal(
            [["'" + ExportsApp.EvilCommentator, "001", "", "是", "2", "1", "10", "4"], ["李四", "002", "", "", "", "", "", ""]],
            records.Skip(4).Select(r => r.ToArray()));
    }

    [Theory]
    [InlineData("rankings.xlsx?period=2014-09", "metric")]
    [InlineData("rankings.csv?metric=nope&period=2014-09", "metric")]
    [InlineData("rankings.xlsx?metric=weibo_posts", "period")]
    [InlineData("rankings.xlsx?metric=weibo_posts&period=2014-Q5", "period")]
    [InlineData("history.xlsx?month=2014-13", "month")]
    [InlineData("history.csv?county=999999", "county")]
    [InlineData("history.xlsx?metric=nope", "metric")]
    [InlineData("figures.xlsx", "month")]
    [InlineData("figures.csv?month=2999-01", "month")]
    [InlineData("commentators.csv", "month")]
    [InlineData("commentators.xlsx?month=2999-01", "month")]
    public async Task Bad_parameters_get_400_with_a_Chinese_message_naming_the_parameter(string path, string field)
    {
        using var staff = App.CreateApiClient(fixture.StaffToken);

        using var response = await staff.GetAsync($"/api/v1/exports/{path}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    private static SheetCell? Cell(SheetCell?[] row, int column) => column < row.Length ? row[column] : null;

    private static SheetCell? Number(double? value) => value is { } v ? new SheetCell(true, v.ToString(CultureInfo.InvariantCulture)) : null;

    private static string Text(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private sealed record Stored(List<string> Figures, int AuditEntries)
    {
        public bool Equals(Stored? other) => other is not null && Figures.SequenceEqual(other.Figures) && AuditEntries == other.AuditEntries;

        public override int GetHashCode() => AuditEntries;
    }

    // Every figure with its provenance and version, and the audit trail's length: a round trip must leave all of it.
    private async Task<Stored> StoredAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var figures = (await db.Observations.AsNoTracking().OrderBy(o => o.Id).ToListAsync())
            .Select(o => FormattableString.Invariant($"{o.PeriodStart:yyyy-MM-dd}|{o.Id}|{o.MetricId}|{o.CountyId}|{o.ChannelId}|{o.Value}|{o.Source}|{o.RecordedBy}|{o.RecordedAtUtc:O}|{o.Version}"))
            .ToList();
        return new Stored(figures, await db.AuditEntries.CountAsync());
    }
}
