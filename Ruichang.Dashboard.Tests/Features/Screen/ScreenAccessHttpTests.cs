using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Features.Screen;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Screen;

/// <summary>
/// Who gets the big screen and its circuit, as browsers get them from the running app: a wall with
/// a live key, or a signed-in user; nobody else, and the key's cookie opens nothing but the screen.
/// </summary>
public sealed class ScreenAccessHttpTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    private DisplayKeys Keys => app.Services.GetRequiredService<DisplayKeys>();

    private async Task<CreatedDisplayKey> CreateKeyAsync() =>
        await Keys.CreateAsync($"大屏-{Guid.NewGuid():N}", "user:admin", CancellationToken.None);

    // What blazor.web.js asks first when it opens the circuit's connection.
    private static Task<HttpResponseMessage> NegotiateAsync(HttpClient browser) =>
        browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", content: null);

    [Fact]
    public async Task Nobody_signed_in_without_a_key_is_sent_to_sign_in()
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync("/screen");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Fscreen", DashboardAppFactory.RedirectTarget(response));
    }

    [Fact]
    public async Task A_live_key_opens_the_screen_and_its_circuit_without_a_sign_in()
    {
        var key = await CreateKeyAsync();
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync($"/screen?key={key.Key}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await DashboardAppFactory.ReadHtmlAsync(response);
        Assert.Contains("data-screen-stage", html, StringComparison.Ordinal);
        Assert.Contains("瑞昌网络宣传指标看板", html, StringComparison.Ordinal);
        Assert.Contains("数据截至", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\" class=\"screen\">", html, StringComparison.Ordinal);
        Assert.Contains("autostart=\"false\"", html, StringComparison.Ordinal);
        Assert.Matches("""<script src="screen/screen\.[a-z0-9]+\.js" data-retry-ms="2000" data-max-retry-ms="30000">""", html);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DisplayKeyAuthentication.CookieName + "=", StringComparison.Ordinal));
        Assert.DoesNotContain(key.Key[DisplayKeys.Prefix.Length..], cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        using var negotiate = await NegotiateAsync(browser);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Contains("connectionToken", await negotiate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_circuit_is_refused_to_nobody()
    {
        using var browser = app.CreateBrowserClient();

        using var negotiate = await NegotiateAsync(browser);

        Assert.Equal(HttpStatusCode.Found, negotiate.StatusCode);
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(negotiate), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rcs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nonsense")]
    [InlineData("")]
    public async Task A_wrong_key_gets_the_Chinese_message_instead_of_a_sign_in(string key)
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync($"/screen?key={key}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await DashboardAppFactory.ReadHtmlAsync(response);
        Assert.Contains("此大屏链接已失效或被撤销，请联系管理员重新生成。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-screen-stage", html, StringComparison.Ordinal);
        using var negotiate = await NegotiateAsync(browser);
        Assert.NotEqual(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_loses_its_circuit_and_its_screen()
    {
        var key = await CreateKeyAsync();
        using var browser = app.CreateBrowserClient();
        using (var opened = await browser.GetAsync($"/screen?key={key.Key}"))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }

        await Keys.RevokeAsync(key.Info.Id, "user:admin", CancellationToken.None);

        // The wall's next reconnect: its cookie no longer opens the hub.
        using var negotiate = await NegotiateAsync(browser);
        Assert.Equal(HttpStatusCode.Found, negotiate.StatusCode);
        // And the reload that follows shows why.
        using var reloaded = await browser.GetAsync($"/screen?key={key.Key}");
        Assert.Equal(HttpStatusCode.Forbidden, reloaded.StatusCode);
        Assert.Contains(ScreenPage.RefusedMessage, await DashboardAppFactory.ReadHtmlAsync(reloaded), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/displays")]
    [InlineData("/admin")]
    public async Task The_key_opens_no_other_page(string path)
    {
        var key = await CreateKeyAsync();
        using var browser = app.CreateBrowserClient();
        using (await browser.GetAsync($"/screen?key={key.Key}"))
        {
        }

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_is_no_API_token()
    {
        var key = await CreateKeyAsync();
        using var api = app.CreateApiClient(key.Key);

        using var response = await api.GetAsync("/api/v1/counties");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Leader)]
    [InlineData(Roles.Staff)]
    public async Task A_signed_in_user_of_any_role_opens_the_screen_without_a_key(string role)
    {
        var name = $"screen-{role}".ToLowerInvariant();
        await app.CreateUserAsync(name, role);
        using var browser = await app.SignInAsync(name);

        using var response = await browser.GetAsync("/screen");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-screen-stage", await DashboardAppFactory.ReadHtmlAsync(response), StringComparison.Ordinal);
        using var negotiate = await NegotiateAsync(browser);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task Other_pages_keep_Blazors_default_start()
    {
        using var browser = await app.SignInAsync(DashboardAppFactory.AdminUserName, DashboardAppFactory.AdminPassword);

        var html = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin"));

        Assert.Contains("<script>Blazor.start();</script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src=\"screen/", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"screen\"", html, StringComparison.Ordinal);
    }
}
