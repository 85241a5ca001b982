using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>An administrator manages channels and jobs in headless Chromium, with MudBlazor's own JS doing its part.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AdminBrowserTests(BrowserFixture browser) : IAsyncLifetime, IDisposable
{
    private readonly DashboardAppFactory _app = new();
    private string _baseUrl = "";

    public Task InitializeAsync()
    {
        _baseUrl = _app.StartOnLoopback();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();

    [BrowserFact]
    public async Task An_admin_adds_a_channel_in_the_dialog_tests_a_fetch_and_asks_a_job_to_run()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("/account/login?returnUrl=%2Fadmin");
        await page.GetByLabel("用户名").FillAsync(DashboardAppFactory.AdminUserName);
        await page.GetByLabel("密码").FillAsync(DashboardAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "系统管理" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "渠道管理" })).ToHaveAttributeAsync("href", "admin/channels");

        // The buttons stay disabled while the page is prerendered and work once its circuit is up
        // (the clicks below wait for that).
        await page.GetByRole(AriaRole.Link, new() { Name = "渠道管理" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "渠道管理" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=channel-name]", new() { HasText = "九江瑞昌发布" })).ToBeVisibleAsync();

        // Add: the dialog opens on the home county and a Weibo account; without a uid the validator says so.
        await page.Locator("[data-testid=add-channel]").ClickAsync();
        await page.Locator("[data-testid=form-name]").FillAsync("瑞昌发布浏览器");
        await page.Locator("[data-testid=form-save]").ClickAsync();
        await Assertions.Expect(page.GetByText("必须填写外部 ID")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "admin-channel-dialog");
        await page.Locator("[data-testid=form-external-id]").FillAsync("1122334455");
        await page.Locator("[data-testid=form-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=channel-form]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=channel-name]", new() { HasText = "瑞昌发布浏览器" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "admin-channels");

        // Test fetch: the test app has no Weibo token, so the read ends in the adapter's own error naming the setting.
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=channel-name]", new() { HasText = "瑞昌发布浏览器" }) });
        await row.Locator("[data-testid=test-fetch]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=test-error]")).ToContainTextAsync("Sources:Weibo:AccessToken");
        await BrowserFixture.ScreenshotAsync(page, "admin-test-fetch");

        // Filter by kind: only the mobile paper is left.
        await page.Locator("[data-testid=filter-kind]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "手机报" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=channel-name]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=channel-name]")).ToHaveTextAsync("江西手机报瑞昌报");

        await page.GotoAsync("/admin/jobs");
        await Assertions.Expect(page.Locator("[data-testid=job]")).ToHaveCountAsync(6);
        await page.Locator("tr", new() { Has = page.Locator("[data-testid=job][data-key=weibo]") }).Locator("[data-testid=run-now]").ClickAsync();
        await Assertions.Expect(page.GetByText("采集已关闭（Collection:Enabled = false）")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "admin-jobs");

        await using var db = _app.Database.CreateContext();
        Assert.Equal("1122334455", (await db.Channels.SingleAsync(c => c.Name == "瑞昌发布浏览器")).ExternalId);
        Assert.Empty(errors);
    }
}
