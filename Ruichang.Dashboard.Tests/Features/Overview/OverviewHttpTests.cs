using System.Net;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Overview;

/// <summary>The overview as a signed-in browser gets it from the running app with the demo history.</summary>
[Collection(DemoAppGroup.Name)]
public sealed class OverviewHttpTests(DemoAppFactory app)
{
    [Fact]
    public async Task A_signed_in_leader_sees_the_Chinese_KPI_cards_of_Ruichang()
    {
        await app.CreateUserAsync("overview-leader", Roles.Leader);
        using var browser = await app.SignInAsync("overview-leader");

        using var response = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await DashboardAppFactory.ReadHtmlAsync(response);
        Assert.Contains("瑞昌市", html, StringComparison.Ordinal);
        foreach (var card in new[] { "稿件刊发", "微博粉丝", "微博发布", "手机报期数", "手机报用户", "网评转发", "网评跟帖" })
        {
            Assert.Contains(card, html, StringComparison.Ordinal);
        }

        Assert.Equal(7, CountOf(html, "data-testid=\"kpi-card\""));
        Assert.Contains("本年累计", html, StringComparison.Ordinal);
        Assert.Contains("万", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_English_switch_turns_the_overview_into_English_and_back()
    {
        await app.CreateUserAsync("overview-english", Roles.Staff);
        using var browser = await app.SignInAsync("overview-english");

        using var toEnglish = await browser.GetAsync("/culture?name=en&redirectUri=%2F");
        Assert.Equal("/", DashboardAppFactory.RedirectTarget(toEnglish));
        var english = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/"));
        Assert.Contains("Article placements", english, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", english, StringComparison.Ordinal);

        using var toChinese = await browser.GetAsync("/culture?name=zh-CN&redirectUri=%2F");
        var chinese = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/"));
        Assert.Contains("稿件刊发", chinese, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\"", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_asking_for_English_still_gets_Chinese_until_the_user_switches()
    {
        await app.CreateUserAsync("overview-accept", Roles.Leader);
        using var browser = await app.SignInAsync("overview-accept");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var html = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/"));

        Assert.Contains("稿件刊发", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task The_language_switch_only_goes_back_to_the_app(string redirectUri)
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync($"/culture?name=en&redirectUri={Uri.EscapeDataString(redirectUri)}");

        Assert.Equal("/", DashboardAppFactory.RedirectTarget(response));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
