using System.Net;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Account;

public sealed class SignInTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task Anonymous_overview_redirects_to_the_sign_in_page()
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith("/account/login?", DashboardAppFactory.RedirectTarget(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_page_is_Chinese_with_an_antiforgery_token()
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync("/account/login");

        var html = await DashboardAppFactory.ReadHtmlAsync(response);
        Assert.Contains("登录", html, StringComparison.Ordinal);
        Assert.Contains("用户名", html, StringComparison.Ordinal);
        Assert.Contains("密码", html, StringComparison.Ordinal);
        Assert.NotEmpty(DashboardAppFactory.AntiforgeryToken(html));
        Assert.DoesNotContain("注册", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Right_credentials_sign_in_and_go_to_the_return_url()
    {
        await app.CreateUserAsync("signin-ok", Roles.Leader);
        using var browser = app.CreateBrowserClient();

        using var response = await DashboardAppFactory.PostLoginAsync(browser, "signin-ok", DashboardAppFactory.UserPassword, returnUrl: "/rankings?metric=weibo_followers");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/rankings?metric=weibo_followers", DashboardAppFactory.RedirectTarget(response));
        using var overview = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }

    [Fact]
    public async Task The_return_url_the_cookie_middleware_adds_is_followed()
    {
        await app.CreateUserAsync("signin-return", Roles.Staff);
        using var browser = app.CreateBrowserClient();
        using var challenge = await browser.GetAsync("/");
        var loginUrl = DashboardAppFactory.RedirectTarget(challenge);
        var page = await browser.GetStringAsync(loginUrl);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = DashboardAppFactory.AntiforgeryToken(page),
            ["Input.UserName"] = "signin-return",
            ["Input.Password"] = DashboardAppFactory.UserPassword,
        });

        using var response = await browser.PostAsync(loginUrl, form);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/", DashboardAppFactory.RedirectTarget(response));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task A_return_url_to_another_site_is_not_followed(string returnUrl)
    {
        var userName = $"signin-evil-{Guid.NewGuid():N}";
        await app.CreateUserAsync(userName, Roles.Leader);
        using var browser = app.CreateBrowserClient();

        using var response = await DashboardAppFactory.PostLoginAsync(browser, userName, DashboardAppFactory.UserPassword, returnUrl);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/", DashboardAppFactory.RedirectTarget(response));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_message()
    {
        await app.CreateUserAsync("signin-wrong", Roles.Leader);
        using var browser = app.CreateBrowserClient();

        using var wrongPassword = await DashboardAppFactory.PostLoginAsync(browser, "signin-wrong", "not-the-password");
        using var unknownUser = await DashboardAppFactory.PostLoginAsync(browser, "nobody-by-this-name", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        var wrongHtml = await DashboardAppFactory.ReadHtmlAsync(wrongPassword);
        var unknownHtml = await DashboardAppFactory.ReadHtmlAsync(unknownUser);
        Assert.Contains("用户名或密码错误", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("用户名或密码错误", unknownHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", wrongHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_fields_are_asked_for_in_Chinese()
    {
        using var browser = app.CreateBrowserClient();

        using var response = await DashboardAppFactory.PostLoginAsync(browser, "", "");

        var html = await DashboardAppFactory.ReadHtmlAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("请输入用户名", html, StringComparison.Ordinal);
        Assert.Contains("请输入密码", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused_as_locked_out()
    {
        await app.CreateUserAsync("signin-lockout", Roles.Staff);
        using var browser = app.CreateBrowserClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await DashboardAppFactory.PostLoginAsync(browser, "signin-lockout", $"wrong-password-{attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var sixth = await DashboardAppFactory.PostLoginAsync(browser, "signin-lockout", DashboardAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.OK, sixth.StatusCode);
        var html = await DashboardAppFactory.ReadHtmlAsync(sixth);
        Assert.Contains("用户名或密码错误，或账户已被锁定，请稍后再试", html, StringComparison.Ordinal);
        using var overview = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Found, overview.StatusCode);
    }

    [Fact]
    public async Task Logout_without_an_antiforgery_token_is_refused_and_keeps_the_session()
    {
        await app.CreateUserAsync("logout-forged", Roles.Leader);
        using var browser = await app.SignInAsync("logout-forged");

        using var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var overview = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }

    [Fact]
    public async Task Logout_with_the_page_token_signs_out_and_goes_to_the_sign_in_page()
    {
        await app.CreateUserAsync("logout-ok", Roles.Leader);
        using var browser = await app.SignInAsync("logout-ok");
        var overview = await browser.GetStringAsync("/");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = DashboardAppFactory.AntiforgeryToken(overview) });
        using var response = await browser.PostAsync("/account/logout", form);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account/login", DashboardAppFactory.RedirectTarget(response));
        using var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Found, after.StatusCode);
    }

    [Fact]
    public async Task A_user_without_a_role_is_sent_to_the_Chinese_denied_page()
    {
        await app.CreateUserAsync("no-role", role: null);
        using var browser = await app.SignInAsync("no-role");

        using var overview = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Found, overview.StatusCode);
        var target = DashboardAppFactory.RedirectTarget(overview);
        Assert.StartsWith("/account/denied", target, StringComparison.Ordinal);
        using var denied = await browser.GetAsync(target);
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        Assert.Contains("没有权限", await DashboardAppFactory.ReadHtmlAsync(denied), StringComparison.Ordinal);
    }

    [Fact]
    public async Task There_is_no_self_registration_page()
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync("/account/register");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/entry?month=2014-09", "/entry?month=2014-09")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/\r\n//evil.example", "/")]
    [InlineData("evil.example", "/")]
    public void Only_local_return_urls_are_kept(string? returnUrl, string expected) =>
        Assert.Equal(expected, LoginPage.LocalReturnUrl(returnUrl));
}
