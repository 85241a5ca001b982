using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Account;

/// <summary>The in-app password change, and the redirect to it while a user must change their password.</summary>
public sealed class PasswordChangeTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    private async Task<HttpClient> SignInMustChangeAsync(string name)
    {
        var user = await app.CreateUserAsync(name, Roles.Staff);
        await app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<DashboardUser>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            stored.MustChangePassword = true;
            return await users.UpdateAsync(stored);
        });
        return await app.SignInAsync(name);
    }

    private static async Task<HttpResponseMessage> PostChangeAsync(HttpClient browser, string current, string next, string confirm, string? returnUrl = null)
    {
        var url = returnUrl is null ? "/account/password" : $"/account/password?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await browser.GetStringAsync(url);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = DashboardAppFactory.AntiforgeryToken(page),
            ["Input.Current"] = current,
            ["Input.New"] = next,
            ["Input.Confirm"] = confirm,
        });
        return await browser.PostAsync(url, form);
    }

    [Fact]
    public async Task While_the_password_must_change_every_page_redirects_to_the_password_page_but_static_files_do_not()
    {
        using var browser = await SignInMustChangeAsync("must-change-redirect");

        using var overview = await browser.GetAsync("/rankings?metric=weibo_followers");
        using var password = await browser.GetAsync("/account/password");
        using var file = await browser.GetAsync("/favicon.svg");

        Assert.Equal(HttpStatusCode.Found, overview.StatusCode);
        Assert.Equal("/account/password?returnUrl=%2Frankings%3Fmetric%3Dweibo_followers", DashboardAppFactory.RedirectTarget(overview));
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.Contains("请先设置自己的新密码", await DashboardAppFactory.ReadHtmlAsync(password), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
    }

    [Fact]
    public async Task Logout_still_works_while_the_password_must_change()
    {
        using var browser = await SignInMustChangeAsync("must-change-logout");
        var page = await browser.GetStringAsync("/account/password");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = DashboardAppFactory.AntiforgeryToken(page) });
        using var response = await browser.PostAsync("/account/logout", form);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account/login", DashboardAppFactory.RedirectTarget(response));
    }

    [Theory]
    [InlineData("wrong-current-password", "a-new-password-1", "a-new-password-1", "当前密码不正确")]
    [InlineData(DashboardAppFactory.UserPassword, "a-new-password-1", "a-new-password-2", "两次输入的新密码不一致")]
    [InlineData(DashboardAppFactory.UserPassword, "short", "short", "密码至少需要 8 个字符")]
    [InlineData(DashboardAppFactory.UserPassword, DashboardAppFactory.UserPassword, DashboardAppFactory.UserPassword, "新密码不能与当前密码相同")]
    public async Task A_wrong_change_is_refused_in_Chinese(string current, string next, string confirm, string message)
    {
        using var browser = await SignInMustChangeAsync($"must-change-wrong-{Guid.NewGuid():N}"[..30]);

        using var response = await PostChangeAsync(browser, current, next, confirm);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await DashboardAppFactory.ReadHtmlAsync(response);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("a-new-password", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_sets_the_new_password_ends_the_redirect_and_returns()
    {
        using var browser = await SignInMustChangeAsync("must-change-ok");

        using var response = await PostChangeAsync(browser, DashboardAppFactory.UserPassword, "my-own-new-password", "my-own-new-password", "/rankings");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/rankings", DashboardAppFactory.RedirectTarget(response));
        using var overview = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        using var again = await app.SignInAsync("must-change-ok", "my-own-new-password");
        Assert.False(await app.InScopeAsync(async services =>
            (await services.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync("must-change-ok"))!.MustChangePassword));
    }

    [Fact]
    public async Task Any_signed_in_user_can_change_their_password()
    {
        await app.CreateUserAsync("plain-leader", Roles.Leader);
        using var browser = await app.SignInAsync("plain-leader");

        using var response = await PostChangeAsync(browser, DashboardAppFactory.UserPassword, "leader-new-password", "leader-new-password");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        using var again = await app.SignInAsync("plain-leader", "leader-new-password");
    }
}
