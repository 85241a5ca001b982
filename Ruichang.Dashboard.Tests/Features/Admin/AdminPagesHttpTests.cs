using System.Net;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Admin;

/// <summary>The admin pages as a signed-in browser gets them from the running app: the server decides who may open them.</summary>
public sealed class AdminPagesHttpTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Theory]
    [InlineData(Roles.Staff, "/admin/channels")]
    [InlineData(Roles.Leader, "/admin/channels")]
    [InlineData(Roles.Staff, "/admin/jobs")]
    [InlineData(Roles.Leader, "/admin/jobs")]
    [InlineData(Roles.Staff, "/admin")]
    [InlineData(Roles.Staff, "/admin/users")]
    [InlineData(Roles.Leader, "/admin/users")]
    [InlineData(Roles.Staff, "/admin/tokens")]
    [InlineData(Roles.Leader, "/admin/tokens")]
    [InlineData(Roles.Staff, "/admin/counties")]
    [InlineData(Roles.Leader, "/admin/counties")]
    [InlineData(Roles.Staff, "/admin/metrics")]
    [InlineData(Roles.Leader, "/admin/metrics")]
    public async Task A_user_who_is_not_an_admin_gets_the_denied_page(string role, string path)
    {
        var name = $"no-admin-{role}-{path.Replace('/', '-')}".ToLowerInvariant();
        await app.CreateUserAsync(name, role);
        using var browser = await app.SignInAsync(name);

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var target = DashboardAppFactory.RedirectTarget(response);
        Assert.StartsWith(AccountFeature.DeniedPath, target, StringComparison.Ordinal);
        var denied = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync(target));
        Assert.Contains("没有权限", denied, StringComparison.Ordinal);
        Assert.DoesNotContain("九江瑞昌发布", denied, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/channels")]
    [InlineData("/admin/users")]
    [InlineData("/admin/tokens")]
    [InlineData("/admin/counties")]
    [InlineData("/admin/metrics")]
    public async Task Nobody_signed_in_is_sent_to_sign_in(string path)
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_gets_the_channels_the_jobs_and_the_landing_page_in_Chinese()
    {
        using var browser = await app.SignInAsync(DashboardAppFactory.AdminUserName, DashboardAppFactory.AdminPassword);

        var channels = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin/channels"));
        var jobs = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin/jobs"));
        var landing = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin"));

        Assert.Contains("渠道管理", channels, StringComparison.Ordinal);
        Assert.Contains("九江瑞昌发布", channels, StringComparison.Ordinal);
        Assert.Contains("测试采集", channels, StringComparison.Ordinal);
        Assert.Contains("采集任务", jobs, StringComparison.Ordinal);
        Assert.Contains("立即运行", jobs, StringComparison.Ordinal);
        Assert.Contains("未启用", jobs, StringComparison.Ordinal);
        Assert.Contains("href=\"admin/channels\"", landing, StringComparison.Ordinal);
        Assert.Contains("href=\"admin/jobs\"", landing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_gets_the_users_tokens_counties_and_metrics_pages_in_Chinese_linked_from_the_landing_page()
    {
        await app.CreateApiTokenAsync(Roles.Leader, "listed-token");
        using var browser = await app.SignInAsync(DashboardAppFactory.AdminUserName, DashboardAppFactory.AdminPassword);

        var users = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin/users"));
        var tokens = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin/tokens"));
        var counties = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin/counties"));
        var metrics = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin/metrics"));
        var landing = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin"));

        Assert.Contains("用户管理", users, StringComparison.Ordinal);
        Assert.Contains(DashboardAppFactory.AdminUserName, users, StringComparison.Ordinal);
        Assert.Contains("API 令牌", tokens, StringComparison.Ordinal);
        Assert.Contains("listed-token", tokens, StringComparison.Ordinal);
        Assert.Contains("href=\"admin/users\"", landing, StringComparison.Ordinal);
        Assert.Contains("href=\"admin/tokens\"", landing, StringComparison.Ordinal);
        Assert.Contains("区县管理", counties, StringComparison.Ordinal);
        Assert.Contains("共青城市", counties, StringComparison.Ordinal);
        Assert.Contains("href=\"admin/counties\"", landing, StringComparison.Ordinal);
        Assert.Contains("指标管理", metrics, StringComparison.Ordinal);
        Assert.Contains("journalist_visits", metrics, StringComparison.Ordinal);
        Assert.Contains("href=\"admin/metrics\"", landing, StringComparison.Ordinal);
    }
}
