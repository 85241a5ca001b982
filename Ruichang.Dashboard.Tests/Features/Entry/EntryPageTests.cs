using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary>The monthly figures grid over a real SQLite database, on 15 October 2014, as a member of staff.</summary>
public sealed class EntryPageTests : BunitTestBase
{
    private readonly TestDatabase _database = new();
    private readonly SignedInUser _user = new();
    private readonly BunitJSModuleInterop _module;
    private Dictionary<string, int> _counties = [];
    private Dictionary<string, int> _metrics = [];

    public EntryPageTests()
    {
        Services.AddEntryPages(_database, new FakeTimeProvider(new DateTimeOffset(2014, 10, 15, 2, 0, 0, TimeSpan.Zero)), _user);
        _user.Set("zhang", Roles.Staff);
        JSInterop.Mode = JSRuntimeMode.Loose;
        _module = JSInterop.SetupModule(EntryGridScript.ModulePath);
        _module.SetupVoid("initialize", _ => true).SetVoidResult();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    private int Home => _counties["360481"];

    private int Posts => _metrics[MetricKeys.WeiboPosts];

    private async Task SeedAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        _counties = await db.Counties.ToDictionaryAsync(c => c.Code, c => c.Id);
        _metrics = await db.Metrics.ToDictionaryAsync(m => m.Key, m => m.Id);
        var weibo = await db.Channels.FirstAsync(c => c.Kind == ChannelKinds.Weibo && c.CountyId == Home);
        await new ObservationWriter(TimeProvider.System).UpsertAsync(
            db,
            [new(Posts, Home, weibo.Id, Period.Month(2014, 9), 140), new(Posts, Home, weibo.Id, Period.Month(2014, 8), 100)],
            new WriteProvenance(ObservationSource.Collector, "weibo"),
            CancellationToken.None);
    }

    private IRenderedComponent<EntryPage> RenderAt(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/entry" + query);
        return Render<EntryPage>();
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<EntryPage> page, string county, string metricName) =>
        page.Find($"tr[data-county='{county}'] input[aria-label$=' {metricName}']");

    private async Task<List<(int CountyId, double Value, string? By)>> EnteredPostsAsync()
    {
        await using var db = _database.CreateContext();
        return (await db.Observations.Where(o => o.MetricId == Posts && o.ChannelId == null).ToListAsync())
            .Select(o => (o.CountyId, o.Value, o.RecordedBy)).ToList();
    }

    [Fact]
    public async Task The_grid_shows_every_county_and_metric_with_the_collected_figure_as_a_placeholder_and_wires_the_keyboard()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();

        var page = RenderAt("?month=2014-09");

        page.WaitForAssertion(() => Assert.Equal(13, page.FindAll("tbody tr").Count));
        Assert.Equal(13 * _metrics.Count, page.FindAll("input.entry-input").Count);
        var posts = Input(page, "360481", "微博发布");
        Assert.Equal("140", posts.GetAttribute("placeholder"));
        Assert.Equal("", posts.GetAttribute("value") ?? "");
        Assert.Contains("上月 100", posts.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Single(_module.Invocations, i => i.Identifier == "initialize");

        Assert.Empty(page.FindAll("[data-testid=channel-row]"));
        await page.Find("[data-testid=toggle-channels]").ClickAsync(new());
        var channel = Assert.Single(page.FindAll("[data-testid=channel-row]"));
        Assert.Contains("140", channel.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_cell_is_saved_as_the_countys_figure_and_shown_beside_the_collected_one()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        var page = RenderAt("?month=2014-09");
        page.WaitForAssertion(() => Assert.Equal(13, page.FindAll("tbody tr").Count));

        Input(page, "360481", "微博发布").Change("150");
        Input(page, "360423", "微博发布").Change("１，２００");
        Assert.Contains("保存 2 处修改", page.Find("[data-testid=save]").TextContent, StringComparison.Ordinal);
        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已保存：新增 2 个", page.Find("[data-testid=entry-message]").TextContent, StringComparison.Ordinal));
        Assert.Equal([(Home, 150.0, "zhang"), (_counties["360423"], 1200.0, "zhang")], (await EnteredPostsAsync()).OrderBy(e => e.Value));
        var saved = Input(page, "360481", "微博发布");
        Assert.Equal("150", saved.GetAttribute("value"));
        Assert.Contains("采集 140", saved.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("entry-source-manual", saved.ParentElement!.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_cell_is_marked_with_its_reason_and_nothing_is_saved()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        var page = RenderAt("?month=2014-09");
        page.WaitForAssertion(() => Assert.Equal(13, page.FindAll("tbody tr").Count));

        Input(page, "360481", "微博发布").Change("150");
        Input(page, "360423", "微博发布").Change("三百");
        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("有 1 个单元格填写有误", page.Find("[data-testid=entry-message]").TextContent, StringComparison.Ordinal));
        var bad = Input(page, "360423", "微博发布");
        Assert.Contains("请填写整数", bad.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("entry-invalid", bad.ParentElement!.ClassName, StringComparison.Ordinal);
        Assert.Empty(await EnteredPostsAsync());
        // What was typed stays for the user to correct.
        Assert.Equal("150", Input(page, "360481", "微博发布").GetAttribute("value"));
    }

    [Fact]
    public async Task A_jump_is_listed_for_confirmation_and_saved_once_confirmed()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        var page = RenderAt("?month=2014-09");
        page.WaitForAssertion(() => Assert.Equal(13, page.FindAll("tbody tr").Count));

        Input(page, "360481", "微博发布").Change("400");
        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("瑞昌市 · 微博发布：比上月（100）增加了 300%", page.Find("[data-testid=entry-warnings]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await EnteredPostsAsync());
        await page.Find("[data-testid=confirm-save]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("已保存", page.Find("[data-testid=entry-message]").TextContent, StringComparison.Ordinal));
        Assert.Equal([(Home, 400.0, "zhang")], await EnteredPostsAsync());
    }

    [Fact]
    public async Task An_approved_county_is_locked_for_staff_and_open_to_an_admin()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        await using (var db = _database.CreateContext())
        {
            db.Submissions.Add(new Submission { CountyId = Home, Month = new DateOnly(2014, 9, 1), Status = SubmissionStatus.Approved });
            await db.SaveChangesAsync();
        }

        var page = RenderAt("?month=2014-09");
        page.WaitForAssertion(() => Assert.Equal(13, page.FindAll("tbody tr").Count));
        Assert.True(Input(page, "360481", "微博发布").HasAttribute("disabled"));
        Assert.False(Input(page, "360423", "微博发布").HasAttribute("disabled"));
        Assert.Contains("已审核", page.Find("tr[data-county='360481']").TextContent, StringComparison.Ordinal);

        _user.Set("admin", Roles.Admin);
        var asAdmin = RenderAt("?month=2014-09");
        asAdmin.WaitForAssertion(() => Assert.False(Input(asAdmin, "360481", "微博发布").HasAttribute("disabled")));
    }

    [Fact]
    public async Task A_month_that_has_not_begun_cannot_be_entered()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();

        var page = RenderAt("?month=2014-11");

        page.WaitForAssertion(() => Assert.Contains("2014年11月还没有到，不能填报。", page.Markup, StringComparison.Ordinal));
        Assert.All(page.FindAll("input.entry-input"), i => Assert.True(i.HasAttribute("disabled")));
    }

    [Fact]
    public async Task Staff_submit_the_month_an_admin_approves_it_and_reopens_one_county_with_a_reason()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        var page = RenderAt("?month=2014-09");
        page.WaitForAssertion(() => Assert.Equal(13, page.FindAll("tbody tr").Count));

        await page.Find("[data-testid=submit-all]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("已提交审核", page.Find("[data-testid=entry-message]").TextContent, StringComparison.Ordinal));
        Assert.All(page.FindAll("[data-testid=status]"), s => Assert.Contains("已提交", s.TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=approve]"));

        _user.Set("admin", Roles.Admin);
        var admin = RenderAt("?month=2014-09");
        admin.WaitForAssertion(() => Assert.Equal(13, admin.FindAll("[data-testid=approve]").Count));
        await admin.Find("[data-testid=approve-all]").ClickAsync(new());
        admin.WaitForAssertion(() => Assert.All(admin.FindAll("[data-testid=status]"), s => Assert.Contains("已审核", s.TextContent, StringComparison.Ordinal)));

        await admin.Find("tr[data-county='360481'] [data-testid=reopen]").ClickAsync(new());
        Assert.True(admin.Find("[data-testid=confirm-reopen]").HasAttribute("disabled"));
        admin.Find("input[data-testid=reopen-reason]").Input("通报数字有误，重新核对");
        await admin.Find("[data-testid=confirm-reopen]").ClickAsync(new());

        admin.WaitForAssertion(() => Assert.Contains("草稿", admin.Find("tr[data-county='360481'] [data-testid=status]").TextContent, StringComparison.Ordinal));
        await using var db = _database.CreateContext();
        var trail = await db.AuditEntries.Where(a => a.EntityType == AuditEntities.Submission && a.CountyId == Home).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(
            [(AuditActions.Submit, "zhang", (string?)null), (AuditActions.Approve, "admin", null), (AuditActions.Reopen, "admin", "通报数字有误，重新核对")],
            trail.Select(a => (a.Action, a.UserName, a.Reason)));
        Assert.Equal(("Approved", "Draft"), (trail[2].OldValue, trail[2].NewValue));
    }
}
