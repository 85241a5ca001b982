using Microsoft.Playwright;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>A person signs in through the real page in headless Chromium and watches the overview render.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class OverviewBrowserTests(BrowserFixture browser) : IAsyncLifetime, IDisposable
{
    private readonly DemoAppFactory _app = new();
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _baseUrl = _app.StartOnLoopback();
        await _app.CreateUserAsync("browser-leader", Roles.Leader);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();

    [BrowserFact]
    public async Task A_leader_signs_in_and_sees_the_overview_with_its_charts()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"HTTP {response.Status} {response.Url}");
            }
        };

        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await BrowserFixture.ScreenshotAsync(page, "sign-in");
        await page.GetByLabel("用户名").FillAsync("browser-leader");
        await page.GetByLabel("密码").FillAsync(DashboardAppFactory.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "总览" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=kpi-card]")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("[data-testid=kpi-card][data-metric=weibo_followers]")).ToContainTextAsync("微博粉丝");

        // The demo's current month is to date, and is compared with the same days of other months only.
        await Assertions.Expect(page.Locator("[data-testid=overview-month]")).ToContainTextAsync("本月至今（截至");
        await Assertions.Expect(page.Locator("[data-testid=kpi-card][data-metric=article_placements]")).Not.ToContainTextAsync("环比");

        // The chart is drawn in the browser by ApexCharts, from the series the circuit sent.
        var trend = page.Locator("[data-testid=trend][data-metric=article_placements]");
        await Assertions.Expect(trend.Locator("svg.apexcharts-svg")).ToBeVisibleAsync();
        await Assertions.Expect(trend.Locator(".apexcharts-series path").First).ToBeAttachedAsync();
        await Assertions.Expect(trend.Locator(".apexcharts-legend")).ToContainTextAsync("全市平均");
        await Assertions.Expect(trend.Locator(".apexcharts-title-text")).ToContainTextAsync("稿件刊发");
        await BrowserFixture.ScreenshotAsync(page, "overview");
        Assert.Empty(errors);
    }
}
