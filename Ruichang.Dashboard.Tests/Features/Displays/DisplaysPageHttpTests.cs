using System.Net;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Displays;

/// <summary>The wall-display links page as a signed-in browser gets it: only administrators.</summary>
public sealed class DisplaysPageHttpTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Leader)]
    public async Task A_user_who_is_not_an_admin_gets_the_denied_page(string role)
    {
        var name = $"displays-{role}".ToLowerInvariant();
        await app.CreateUserAsync(name, role);
        using var browser = await app.SignInAsync(name);

        using var response = await browser.GetAsync("/admin/displays");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(AccountFeature.DeniedPath, DashboardAppFactory.RedirectTarget(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_gets_the_page_in_Chinese_and_a_card_on_the_landing_page()
    {
        using var browser = await app.SignInAsync(DashboardAppFactory.AdminUserName, DashboardAppFactory.AdminPassword);

        var page = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin/displays"));
        var landing = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/admin"));

        Assert.Contains("大屏链接", page, StringComparison.Ordinal);
        Assert.Contains("生成链接", page, StringComparison.Ordinal);
        Assert.Contains("href=\"admin/displays\"", landing, StringComparison.Ordinal);
    }
}
