using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Tests.Features.Admin;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Displays;

/// <summary>The wall-display links page over a real database, as an administrator unless a test says otherwise.</summary>
public sealed class DisplaysPageTests : AdminPageTestBase
{
    public DisplaysPageTests()
    {
        // Made when first asked for, by then on the database StartAsync creates.
        Services.AddSingleton(_ => new DisplayKeys(Database.Factory, Time));
        Services.AddSingleton(Options.Create(new DisplaysOptions()));
    }

    private DisplayKeys Keys => Services.GetRequiredService<DisplayKeys>();

    private async Task<IRenderedComponent<DisplaysPage>> OpenAsync()
    {
        await StartAsync();
        var page = Render<DisplaysPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=create-display]")));
        return page;
    }

    private async Task<int> StoredKeysAsync()
    {
        await using var db = Database.CreateContext();
        return await db.DisplayKeys.CountAsync();
    }

    [Fact]
    public async Task An_admin_makes_a_link_that_is_shown_once_and_works()
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();
        Assert.NotNull(page.Find("[data-testid=no-displays]"));

        await page.Find("[data-testid=display-name]").ChangeAsync(new() { Value = "三楼会议室" });
        await page.Find("[data-testid=create-display]").ClickAsync(new());

        var link = page.WaitForElement("[data-testid=created-link]").TextContent;
        Assert.Matches(@"^http://localhost/screen\?key=rcs_[A-Za-z0-9_-]{43}$", link);
        Assert.Contains("链接只显示这一次", page.Find("[data-testid=created-display]").TextContent, StringComparison.Ordinal);
        Assert.Equal("三楼会议室", page.Find("[data-testid=display-key-name]").TextContent);
        Assert.Contains("有效", page.Find("[data-testid=display-state]").TextContent, StringComparison.Ordinal);
        Assert.Contains("user:admin", page.Markup, StringComparison.Ordinal);
        Assert.NotNull(await Keys.ValidateAsync(link[(link.IndexOf("key=", StringComparison.Ordinal) + 4)..], CancellationToken.None));

        // Opened again, the page lists the key but can no longer show it.
        var again = Render<DisplaysPage>();
        again.WaitForAssertion(() => Assert.Single(again.FindAll("[data-testid=display-key-name]")));
        Assert.Empty(again.FindAll("[data-testid=created-link]"));
        Assert.DoesNotContain("rcs_", again.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_revokes_a_link_and_the_key_stops_working()
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartAsync();
        var created = await Keys.CreateAsync("大厅", "cli:root", CancellationToken.None);
        var page = Render<DisplaysPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=revoke-display]")));

        await page.Find("[data-testid=revoke-display]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已撤销", page.Find("[data-testid=display-state]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=revoke-display]"));
        Assert.Null(await Keys.ValidateAsync(created.Key, CancellationToken.None));
        Assert.Equal("user:admin", Assert.Single(await Keys.ListAsync(CancellationToken.None)).RevokedBy);
    }

    [Fact]
    public async Task A_name_already_in_use_is_refused_with_the_reason()
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();
        await Keys.CreateAsync("大厅", "cli:root", CancellationToken.None);

        await page.Find("[data-testid=display-name]").ChangeAsync(new() { Value = "大厅" });
        await page.Find("[data-testid=create-display]").ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("已有名为“大厅”的有效大屏链接", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=created-link]"));
        Assert.Equal(1, await StoredKeysAsync());
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Leader)]
    public async Task Someone_who_is_no_longer_an_admin_cannot_make_a_link(string role)
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();
        await page.Find("[data-testid=display-name]").ChangeAsync(new() { Value = "大厅" });

        // The page was opened as an admin; the role is gone by the time the button is pressed.
        SignInAs("someone", role);
        await page.Find("[data-testid=create-display]").ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=created-link]"));
        Assert.Equal(0, await StoredKeysAsync());
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Leader)]
    public async Task Someone_who_is_no_longer_an_admin_cannot_revoke_a_link(string role)
    {
        using var culture = UiCulture.Use("zh-CN");
        await StartAsync();
        var created = await Keys.CreateAsync("大厅", "cli:root", CancellationToken.None);
        var page = Render<DisplaysPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=revoke-display]")));

        SignInAs("someone", role);
        await page.Find("[data-testid=revoke-display]").ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.NotNull(await Keys.ValidateAsync(created.Key, CancellationToken.None));
    }
}
