using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Admin;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Admin;

/// <summary>The API tokens page over a real database, as an administrator unless a test says otherwise.</summary>
public sealed class TokensPageTests : AdminPageTestBase
{
    public TokensPageTests()
    {
        Services.AddSingleton(_ => new ApiTokens(Database.Factory, Time));
        Services.AddSingleton(_ => new ApiTokenIssuer(Database.Factory, Time));
    }

    private ApiTokens Tokens => Services.GetRequiredService<ApiTokens>();

    private ApiTokenIssuer Issuer => Services.GetRequiredService<ApiTokenIssuer>();

    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<TokensPage> Page)> OpenWithTokensAsync()
    {
        await StartAsync();
        await Issuer.IssueAsync("reporting", Roles.Leader, CancellationToken.None);
        await Issuer.IssueAsync("short-lived", Roles.Staff, TimeSpan.FromDays(7), CancellationToken.None);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<TokensPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=token-name]").Count));
        return (dialogs, page);
    }

    [Fact]
    public async Task The_page_lists_tokens_with_role_expiry_and_state_and_no_secret()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (_, page) = await OpenWithTokensAsync();

        Assert.Contains("reporting", page.Markup, StringComparison.Ordinal);
        Assert.Contains("领导", page.Markup, StringComparison.Ordinal);
        Assert.Contains("不过期", page.Markup, StringComparison.Ordinal);
        Assert.Contains("2014-10-22", page.Markup, StringComparison.Ordinal);
        Assert.All(page.FindAll("[data-testid=token-state]"), s => Assert.Contains("有效", s.TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("rcd_", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_revokes_a_token_after_confirming()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (dialogs, page) = await OpenWithTokensAsync();

        // The click's handler waits for the dialog's answer.
        var click = page.FindAll("[data-testid=revoke-token]")[0].ClickAsync(new());
        var confirm = dialogs.WaitForElement(".mud-dialog .mud-dialog-actions button:last-child");
        Assert.Contains("确定吊销吗", dialogs.Markup, StringComparison.Ordinal);
        await confirm.ClickAsync(new());
        await click;

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=revoke-token]")));
        var revoked = Assert.Single(await Tokens.ListAsync(CancellationToken.None), t => t.IsRevoked);
        Assert.Contains(SnackbarMessages, m => m.Contains($"已吊销令牌“{revoked.Name}”", StringComparison.Ordinal));
        Assert.Contains("已吊销", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_dialog_revokes_nothing()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (dialogs, page) = await OpenWithTokensAsync();

        var click = page.FindAll("[data-testid=revoke-token]")[0].ClickAsync(new());
        var cancel = dialogs.WaitForElement(".mud-dialog .mud-dialog-actions button:first-child");
        await cancel.ClickAsync(new());
        await click;

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.DoesNotContain(await Tokens.ListAsync(CancellationToken.None), t => t.IsRevoked);
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Leader)]
    public async Task Someone_who_is_no_longer_an_admin_cannot_revoke_a_token(string role)
    {
        using var culture = UiCulture.Use("zh-CN");
        var (dialogs, page) = await OpenWithTokensAsync();

        SignInAs("someone", role);
        await page.FindAll("[data-testid=revoke-token]")[0].ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.DoesNotContain(await Tokens.ListAsync(CancellationToken.None), t => t.IsRevoked);
    }

    [Fact]
    public async Task An_open_page_whose_user_was_disabled_refuses_the_next_action()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (dialogs, page) = await OpenWithTokensAsync();
        await EnsureUserAsync("second-admin", Roles.Admin);
        var accounts = Services.GetRequiredService<UserAccounts>();

        // The circuit's claims still say Admin; the database no longer does.
        await accounts.DisableAsync(await accounts.IdOfAsync("admin"), "second-admin", CancellationToken.None);
        await page.FindAll("[data-testid=revoke-token]")[0].ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.DoesNotContain(await Tokens.ListAsync(CancellationToken.None), t => t.IsRevoked);
    }

    [Fact]
    public async Task An_open_page_whose_user_lost_the_admin_role_refuses_the_next_action()
    {
        using var culture = UiCulture.Use("zh-CN");
        var (dialogs, page) = await OpenWithTokensAsync();
        await EnsureUserAsync("second-admin", Roles.Admin);
        var accounts = Services.GetRequiredService<UserAccounts>();

        await accounts.ChangeRoleAsync(await accounts.IdOfAsync("admin"), Roles.Leader, "second-admin", CancellationToken.None);
        await page.FindAll("[data-testid=revoke-token]")[0].ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
    }
}
