using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Channels;
using Ruichang.Dashboard.Tests.Features.Admin;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Channels;

/// <summary>The channel admin page over a real database with the seeded channels, as an administrator unless a test says otherwise.</summary>
public sealed class ChannelsPageTests : AdminPageTestBase
{
    private async Task StartWithStatusesAsync()
    {
        await StartAsync();
        await using var db = Database.CreateContext();
        var now = Time.GetUtcNow().UtcDateTime;
        // Read an hour ago: current.
        await SetStatusAsync(db, "九江瑞昌发布", lastSuccess: now.AddHours(-1), lastError: null);
        // Last read two days ago, nothing tried since: stale by age.
        await SetStatusAsync(db, "瑞昌市民生博客", lastSuccess: now.AddDays(-2), lastError: null);
        // The last try failed: stale, with the error, keeping its earlier "as of".
        await SetStatusAsync(db, "江西手机报瑞昌报", lastSuccess: now.AddHours(-3), lastError: "HTTP 500：服务器错误");
    }

    private static Task<int> SetStatusAsync(DashboardDbContext db, string name, DateTime lastSuccess, string? lastError) =>
        db.Channels.Where(c => c.Name == name).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.LastSuccessAtUtc, lastSuccess)
            .SetProperty(c => c.LastAttemptAtUtc, lastError is null ? lastSuccess : lastSuccess.AddHours(1))
            .SetProperty(c => c.LastError, lastError));

    private static string StatusOf(IRenderedComponent<ChannelsPage> page, int channelId) =>
        page.Find($"[data-testid=channel-status][data-channel='{channelId}']").TextContent;

    private async Task<int> IdOfAsync(string name)
    {
        await using var db = Database.CreateContext();
        return await db.Channels.Where(c => c.Name == name).Select(c => c.Id).FirstAsync();
    }

    [Fact]
    public async Task Lists_the_seeded_channels_with_kind_data_as_of_errors_and_stale_markers()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartWithStatusesAsync();
        await using var db = Database.CreateContext();
        var channelCount = await db.Channels.CountAsync();

        var page = Render<ChannelsPage>();

        page.WaitForAssertion(() => Assert.Equal(channelCount, page.FindAll("[data-testid=channel-name]").Count));
        Assert.Contains("九江瑞昌发布", page.Markup, StringComparison.Ordinal);
        Assert.Contains("政务微博", page.Markup, StringComparison.Ordinal);
        Assert.Contains("瑞昌市", page.Markup, StringComparison.Ordinal);

        var current = StatusOf(page, await IdOfAsync("九江瑞昌发布"));
        Assert.Contains("数据截至 2014-10-15 11:00", current, StringComparison.Ordinal);
        Assert.DoesNotContain("数据过期", current, StringComparison.Ordinal);

        var old = StatusOf(page, await IdOfAsync("瑞昌市民生博客"));
        Assert.Contains("数据截至 2014-10-13 12:00", old, StringComparison.Ordinal);
        Assert.Contains("数据过期", old, StringComparison.Ordinal);

        var failing = page.Find($"[data-testid=channel-status][data-channel='{await IdOfAsync("江西手机报瑞昌报")}']");
        Assert.Contains("数据截至 2014-10-15 09:00", failing.TextContent, StringComparison.Ordinal);
        var error = failing.QuerySelector("[data-testid=channel-error]")!;
        Assert.Equal("HTTP 500：服务器错误", error.TextContent.Trim());
        Assert.Contains("mud-error-text", error.ClassList);
        Assert.NotNull(failing.QuerySelector("[data-testid=stale]"));

        Assert.Contains("尚未采集", StatusOf(page, await IdOfAsync("瑞昌网评员队伍")), StringComparison.Ordinal);
        Assert.Equal(2, page.FindAll("[data-testid=stale]").Count);
    }

    [Fact]
    public async Task Test_fetch_shows_what_one_read_would_store_and_stores_nothing()
    {
        using var culture = UiCulture.Use("zh-CN");
        await using var server = await LoopbackServer.StartAsync();
        server.Serve("/paper.json", """{"data": {"subscribers": 19234, "issues_this_month": 11}}""", "application/json");
        await StartWithStatusesAsync();
        await using (var db = Database.CreateContext())
        {
            await db.Channels.Where(c => c.Kind == ChannelKinds.MobilePaper).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Url, server.Url("/paper.json").ToString())
                .SetProperty(c => c.OptionsJson, """{"format":"json","fields":{"mobile_paper_subscribers":"$.data.subscribers","mobile_paper_issues":"$.data.issues_this_month"}}"""));
        }

        var before = await CountsAsync();
        var page = Render<ChannelsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=test-fetch]")));
        var id = await IdOfAsync("江西手机报瑞昌报");

        var row = page.FindAll("tr").First(r => r.QuerySelector($"[data-channel='{id}']") is not null);
        await row.QuerySelector("[data-testid=test-fetch]")!.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("19,234", page.Find("[data-testid=test-figures]").TextContent, StringComparison.Ordinal));
        Assert.Contains("手机报用户", page.Find("[data-testid=test-figures]").TextContent, StringComparison.Ordinal);
        Assert.Contains("测试采集：江西手机报瑞昌报", page.Find("[data-testid=test-result]").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, server.Hits("/paper.json"));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Test_fetch_of_stories_without_dates_says_a_first_read_keeps_them_uncounted()
    {
        using var culture = UiCulture.Use("zh-CN");
        await using var server = await LoopbackServer.StartAsync();
        server.Serve("/people.xml", """
            <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>人民网</title>
            <item><title>瑞昌铜岭遗址保护工程启动</title><link>https://jx.people.com.cn/n/1.html</link></item>
            <item><title>瑞昌召开宣传工作会议</title><link>https://jx.people.com.cn/n/2.html</link><pubDate>Tue, 30 Sep 2014 08:00:00 +0800</pubDate></item>
            </channel></rss>
            """, "application/rss+xml; charset=utf-8");
        await StartWithStatusesAsync();
        var id = await IdOfAsync("人民网");
        await using (var db = Database.CreateContext())
        {
            await db.Channels.Where(c => c.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Url, server.Url("/people.xml").ToString()).SetProperty(c => c.LastSuccessAtUtc, (DateTime?)null));
        }

        var page = Render<ChannelsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=test-fetch]")));
        var row = page.FindAll("tr").First(r => r.QuerySelector($"[data-channel='{id}']") is not null);
        await row.QuerySelector("[data-testid=test-fetch]")!.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("1 篇稿件没有发布日期。该渠道尚未采集过：首次采集时它们视为已有稿件，不计入刊发量",
            page.Find("[data-testid=test-undated]").TextContent, StringComparison.Ordinal));
        Assert.Contains("无日期", page.Find("[data-testid=test-articles]").TextContent, StringComparison.Ordinal);
        Assert.Contains("2014-09-30 08:00", page.Find("[data-testid=test-articles]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_fetch_shows_the_Chinese_error_of_a_read_that_fails_and_stores_nothing()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartWithStatusesAsync();
        var before = await CountsAsync();
        var page = Render<ChannelsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=test-fetch]")));
        var id = await IdOfAsync("九江瑞昌发布");

        var row = page.FindAll("tr").First(r => r.QuerySelector($"[data-channel='{id}']") is not null);
        await row.QuerySelector("[data-testid=test-fetch]")!.ClickAsync(new());

        // The seeded account has no uid yet: the adapter says which field is missing.
        page.WaitForAssertion(() => Assert.Contains("外部ID", page.Find("[data-testid=test-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Test_fetch_is_refused_on_the_server_to_a_user_who_is_not_an_admin()
    {
        await StartWithStatusesAsync();
        var page = Render<ChannelsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=test-fetch]")));

        // The page was opened as an admin; the role is gone by the time the button is pressed.
        SignInAs("someone", Roles.Staff);
        await page.FindAll("[data-testid=test-fetch]")[0].ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=test-result]"));
    }

    [Fact]
    public async Task The_switch_disables_a_channel_and_enables_it_again()
    {
        await StartWithStatusesAsync();
        var id = await IdOfAsync("九江瑞昌发布");
        var page = Render<ChannelsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=channel-name]")));

        await SwitchOf(page, id).ChangeAsync(new() { Value = false });
        Assert.False(await IsEnabledAsync(id));

        await SwitchOf(page, id).ChangeAsync(new() { Value = true });
        Assert.True(await IsEnabledAsync(id));
    }

    [Fact]
    public async Task The_switch_changes_nothing_for_a_user_who_is_not_an_admin()
    {
        await StartWithStatusesAsync();
        var id = await IdOfAsync("九江瑞昌发布");
        var page = Render<ChannelsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=channel-name]")));
        SignInAs("leader", Roles.Leader);

        // Seeded channels start disabled; a leader cannot switch one on.
        await SwitchOf(page, id).ChangeAsync(new() { Value = true });

        Assert.False(await IsEnabledAsync(id));
        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_a_channel_in_the_dialog_shows_the_validators_errors_then_saves()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartWithStatusesAsync();
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ChannelsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=channel-name]")));

        await page.Find("[data-testid=add-channel]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=channel-form]")));
        // The dialog opens on the home county and a Weibo account; a Weibo account needs its uid.
        await dialogs.Find("[data-testid=form-name]").ChangeAsync(new() { Value = "瑞昌发布新号" });
        await dialogs.Find("[data-testid=form-options]").ChangeAsync(new() { Value = "[1, 2]" });
        await dialogs.Find("[data-testid=form-save]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("必须填写外部 ID", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("选项必须是一个 JSON 对象", dialogs.Markup, StringComparison.Ordinal);
        await using (var db = Database.CreateContext())
        {
            Assert.False(await db.Channels.AnyAsync(c => c.Name == "瑞昌发布新号"));
        }

        await dialogs.Find("[data-testid=form-external-id]").ChangeAsync(new() { Value = "5566778899" });
        await dialogs.Find("[data-testid=form-options]").ChangeAsync(new() { Value = """{"keywords": ["瑞昌"]}""" });
        await dialogs.Find("[data-testid=form-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("瑞昌发布新号", page.Markup, StringComparison.Ordinal));
        await using var check = Database.CreateContext();
        var saved = await check.Channels.Include(c => c.County).SingleAsync(c => c.Name == "瑞昌发布新号");
        Assert.Equal("360481", saved.County!.Code);
        Assert.Equal(ChannelKinds.Weibo, saved.Kind);
        Assert.Equal("5566778899", saved.ExternalId);
        Assert.Equal("""{"keywords":["瑞昌"]}""", saved.OptionsJson);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=channel-form]")));
    }

    [Fact]
    public async Task Editing_a_channel_keeps_its_name_and_status_and_saves_the_new_settings()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartWithStatusesAsync();
        var id = await IdOfAsync("九江瑞昌发布");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ChannelsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=channel-name]")));

        await page.FindAll("tr").First(r => r.QuerySelector($"[data-channel='{id}']") is not null).QuerySelector("[data-testid=edit]")!.ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Equal("九江瑞昌发布", dialogs.Find("[data-testid=form-name]").GetAttribute("value")));
        await dialogs.Find("[data-testid=form-external-id]").ChangeAsync(new() { Value = "2103445435" });
        await dialogs.Find("[data-testid=form-save]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=channel-form]")));
        await using var db = Database.CreateContext();
        var saved = await db.Channels.SingleAsync(c => c.Id == id);
        Assert.Equal("九江瑞昌发布", saved.Name);
        Assert.Equal("2103445435", saved.ExternalId);
        Assert.Equal(Time.GetUtcNow().UtcDateTime.AddHours(-1), saved.LastSuccessAtUtc);
    }

    private static AngleSharp.Dom.IElement SwitchOf(IRenderedComponent<ChannelsPage> page, int channelId) =>
        page.FindAll("tr").First(r => r.QuerySelector($"[data-channel='{channelId}']") is not null).QuerySelector("[data-testid=enabled]")!;

    private async Task<bool> IsEnabledAsync(int channelId)
    {
        await using var db = Database.CreateContext();
        return await db.Channels.Where(c => c.Id == channelId).Select(c => c.IsEnabled).SingleAsync();
    }

    private async Task<(int Observations, int Articles, int Runs, int Failures)> CountsAsync()
    {
        await using var db = Database.CreateContext();
        return (await db.Observations.CountAsync(), await db.Articles.CountAsync(), await db.JobRuns.CountAsync(),
            await db.Channels.CountAsync(c => c.LastError != null));
    }
}
