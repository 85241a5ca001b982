using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Commentators;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Commentators;

/// <summary>The commentators' monthly table over a real SQLite database, on 15 October 2014.</summary>
public sealed class CommentatorsPageTests : BunitTestBase
{
    private readonly TestDatabase _database = new();

    public CommentatorsPageTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2014, 10, 15, 2, 0, 0, TimeSpan.Zero));
        Services.AddSingleton(_database.Factory);
        Services.AddSingleton(new CountyClock(time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        Services.AddSingleton<CommentatorMonths>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    /// <summary>
    /// 瑞昌市: 王五 (30 reposts, 2 replies, tasks on two platforms), 赵六 (5 and 1), 李四 (active, nothing in September),
    /// 钱七 (left the team, nothing); 武宁县's 孙八 is not Ruichang's.
    /// </summary>
    private async Task SeedAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        var home = await db.Counties.SingleAsync(c => c.IsHome);
        var wuning = await db.Counties.SingleAsync(c => c.Code == "360423");
        var platforms = await db.Channels.Where(c => c.CountyId == home.Id).OrderBy(c => c.Id).Select(c => c.Id).Take(2).ToListAsync();
        Commentator C(string name, int countyId, bool active = true) => new() { CountyId = countyId, Name = name, IsActive = active };
        var (wang, zhao, li, qian, sun) = (C("王五", home.Id), C("赵六", home.Id), C("李四", home.Id), C("钱七", home.Id, active: false), C("孙八", wuning.Id));
        db.Commentators.AddRange(wang, zhao, li, qian, sun);
        await db.SaveChangesAsync();
        var september = new DateOnly(2014, 9, 1);
        db.CommentatorActivity.AddRange(
            new CommentatorActivity { CommentatorId = wang.Id, Month = september, Reposts = 30, Replies = 2 },
            new CommentatorActivity { CommentatorId = zhao.Id, Month = september, Reposts = 5, Replies = 1 },
            new CommentatorActivity { CommentatorId = sun.Id, Month = september, Reposts = 99, Replies = 9 });
        db.CommentatorTasks.AddRange(
            new CommentatorTask { CommentatorId = wang.Id, ChannelId = platforms[0], Task = "甲", Date = september.AddDays(2), Reposts = 20, Replies = 1 },
            new CommentatorTask { CommentatorId = wang.Id, ChannelId = platforms[1], Task = "乙", Date = september.AddDays(9), Reposts = 10, Replies = 1 },
            // October's task is not September's.
            new CommentatorTask { CommentatorId = zhao.Id, ChannelId = platforms[0], Task = "丙", Date = september.AddMonths(1), Reposts = 5, Replies = 1 });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_month_lists_the_home_countys_team_most_active_first_with_no_record_shown_as_a_dash()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/commentators?month=2014-09");

        var page = Render<CommentatorsPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=commentator]").Count));
        var rows = page.FindAll("[data-testid=commentator]").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["王五", "", "", "", "2", "2", "30", "2"], rows[0]);
        Assert.Equal(["赵六", "", "", "", "—", "—", "5", "1"], rows[1]);
        Assert.Equal(["李四", "", "", "", "—", "—", "—", "—"], rows[2]);
        Assert.Contains("2 名网评员有记录，合计转发 35 次、评论 3 条", page.Find("[data-testid=totals]").TextContent, StringComparison.Ordinal);
        Assert.Equal("exports/commentators.xlsx?month=2014-09", page.Find("[data-testid=export-xlsx]").GetAttribute("href"));
    }

    [Fact]
    public async Task In_English_the_month_and_the_columns_are_English()
    {
        using var culture = UiCulture.Use("en");
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/commentators?month=2014-09");

        var page = Render<CommentatorsPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=commentator]").Count));
        Assert.Equal("2014-09", page.Find("[data-testid=month]").TextContent.Trim());
        Assert.Equal(ExportTables.CommentatorColumnsEn, page.FindAll("[data-testid=commentators] th").Select(th => th.TextContent.Trim()));
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", page.Find("[data-testid=commentators] thead").TextContent);
        Assert.Equal(ExportTables.CommentatorColumns.Length, ExportTables.CommentatorColumnsEn.Length);
    }

    [Fact]
    public async Task Without_a_month_it_shows_the_last_whole_month_and_a_month_not_yet_begun_is_not_asked_for()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/commentators?month=2099-01");

        var page = Render<CommentatorsPage>();

        page.WaitForAssertion(() => Assert.Equal("2014年9月", page.Find("[data-testid=month]").TextContent.Trim()));
    }
}
