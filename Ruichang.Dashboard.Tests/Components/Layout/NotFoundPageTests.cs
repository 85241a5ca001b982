using System.Net;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Components.Layout;

public sealed class NotFoundPageTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task A_page_that_does_not_exist_says_so_in_Chinese_with_404()
    {
        await app.CreateUserAsync("notfound-leader", Roles.Leader);
        using var browser = await app.SignInAsync("notfound-leader");

        using var response = await browser.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到页面", await DashboardAppFactory.ReadHtmlAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_page_the_exception_handler_shows_is_Chinese_and_open_to_anyone()
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync("/error");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("出错了", await DashboardAppFactory.ReadHtmlAsync(response), StringComparison.Ordinal);
    }
}
