using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Admin;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Admin;

/// <summary>The users page over a real database and Identity's real user manager, as an administrator unless a test says otherwise.</summary>
public sealed class UsersPageTests : AdminPageTestBase
{
    private UserAccounts Accounts => Services.GetRequiredService<UserAccounts>();

    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<UsersPage> Page)> OpenAsync()
    {
        await StartAsync();
        await EnsureUserAsync("wangwu", Roles.Staff);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=user-name]").Count));
        return (dialogs, page);
    }

    private async Task<DashboardUser?> FindAsync(string name)
    {
        await using var scope = Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync(name);
    }

    private async Task<bool> PasswordWorksAsync(string name, string password)
    {
        await using var scope = Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        return await users.FindByNameAsync(name) is { } user && await users.CheckPasswordAsync(user, password);
    }

    [Fact]
    public async Task An_admin_creates_a_user_whose_password_is_shown_once_and_must_be_changed()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (dialogs, page) = await OpenAsync();

        await page.Find("[data-testid=new-user-name]").ChangeAsync(new() { Value = "zhaoliu" });
        var click = page.Find("[data-testid=create-user]").ClickAsync(new());
        var shown = dialogs.WaitForElement("[data-testid=shown-password]").TextContent;
        Assert.Contains("密码只显示这一次", dialogs.Markup, StringComparison.Ordinal);
        await dialogs.Find(".mud-dialog .mud-dialog-actions button").ClickAsync(new());
        await click;

        Assert.True(await PasswordWorksAsync("zhaoliu", shown));
        var user = await FindAsync("zhaoliu");
        Assert.True(user!.MustChangePassword);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=user-name]").Count));
        Assert.DoesNotContain(shown, page.Markup, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll("[data-testid=shown-password]"));
    }

    [Fact]
    public async Task An_admin_disables_and_enables_a_user()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (_, page) = await OpenAsync();

        await page.Find("[data-testid=disable-user][data-user=wangwu]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已停用", page.Find("[data-testid=user-state][data-user=wangwu]").TextContent, StringComparison.Ordinal));
        Assert.True(UserAccounts.IsDisabled((await FindAsync("wangwu"))!));

        await page.Find("[data-testid=enable-user][data-user=wangwu]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("启用", page.Find("[data-testid=user-state][data-user=wangwu]").TextContent, StringComparison.Ordinal));
        Assert.False(UserAccounts.IsDisabled((await FindAsync("wangwu"))!));
        Assert.Contains("停用", page.Find("[data-testid=user-events]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_enabled_admin_cannot_disable_themselves()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (_, page) = await OpenAsync();

        await page.Find("[data-testid=disable-user][data-user=admin]").ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("不能停用最后一个启用的管理员", StringComparison.Ordinal));
        Assert.False(UserAccounts.IsDisabled((await FindAsync("admin"))!));
    }

    [Fact]
    public async Task An_admin_changes_a_role()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (_, page) = await OpenAsync();
        var select = page.FindComponents<MudSelect<string>>().Single(s => s.Markup.Contains("data-user=\"wangwu\"", StringComparison.Ordinal));

        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Roles.Leader));

        var user = await FindAsync("wangwu");
        await using var scope = Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        Assert.Equal([Roles.Leader], await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().GetRolesAsync(user!));
        Assert.Contains(SnackbarMessages, m => m.Contains("已将“wangwu”的角色改为领导", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reset_password_is_shown_once_works_and_must_be_changed()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (dialogs, page) = await OpenAsync();

        var click = page.Find("[data-testid=reset-password][data-user=wangwu]").ClickAsync(new());
        var shown = dialogs.WaitForElement("[data-testid=shown-password]").TextContent;
        await dialogs.Find(".mud-dialog .mud-dialog-actions button").ClickAsync(new());
        await click;

        Assert.True(await PasswordWorksAsync("wangwu", shown));
        Assert.True((await FindAsync("wangwu"))!.MustChangePassword);
    }

    [Fact]
    public async Task Someone_who_is_no_longer_an_admin_cannot_disable_anyone()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (_, page) = await OpenAsync();

        SignInAs("someone", Roles.Staff);
        await page.Find("[data-testid=disable-user][data-user=wangwu]").ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.False(UserAccounts.IsDisabled((await FindAsync("wangwu"))!));
    }
}
