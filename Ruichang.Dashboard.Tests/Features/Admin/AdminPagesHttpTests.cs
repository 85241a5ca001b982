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

    [Fact]
    public async Task Nobody_signed_in_is_sent_to_sign_in()
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync("/admin/channels");

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
}
