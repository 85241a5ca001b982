using Microsoft.Playwright;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>A member of staff keys in and pastes a month's figures in headless Chromium.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class EntryBrowserTests(BrowserFixture browser) : IAsyncLifetime, IDisposable
{
    private readonly DashboardAppFactory _app = new();
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _baseUrl = _app.StartOnLoopback();
        await _app.CreateUserAsync("entry-staff", Roles.Staff);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();

    [BrowserFact]
    public async Task Enter_moves_down_a_block_pasted_from_Excel_fills_the_cells_and_one_save_stores_them_all()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("/entry?month=2014-09");
        await page.GetByLabel("用户名").FillAsync("entry-staff");
        await page.GetByLabel("密码").FillAsync(DashboardAppFactory.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        var first = page.Locator("tr[data-county='360402'] input[aria-label='濂溪区 稿件刊发']");
        // The inputs are enabled once the circuit is up; the keys move between cells once the grid's script is attached.
        await Assertions.Expect(first).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=entry-grid]")).ToHaveAttributeAsync("data-entry-grid", "ready");
        await Assertions.Expect(page.Locator("[data-testid=month]")).ToHaveValueAsync("2014年9月");

        await first.FillAsync("120");
        await first.PressAsync("Enter");
        await Assertions.Expect(page.Locator("tr[data-county='360403'] input[aria-label='浔阳区 稿件刊发']")).ToBeFocusedAsync();

        // As Excel puts two rows of two cells on the clipboard.
        await page.Locator("tr[data-county='360403'] input[aria-label='浔阳区 稿件刊发']").EvaluateAsync("""
            cell => {
              const data = new DataTransfer();
              data.setData("text/plain", "30\t4\r\n1,500\t6\r\n");
              cell.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """);

        await Assertions.Expect(page.Locator("input[aria-label='柴桑区 新闻网发稿']")).ToHaveValueAsync("6");
        await Assertions.Expect(page.Locator("[data-testid=save]")).ToContainTextAsync("保存 5 处修改");
        await page.Locator("[data-testid=save]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=entry-message]")).ToContainTextAsync("已保存：新增 5 个");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("input[aria-label='柴桑区 稿件刊发']")).ToHaveValueAsync("1500");
        await Assertions.Expect(page.Locator("input[aria-label='浔阳区 新闻网发稿']")).ToHaveValueAsync("4");
        await BrowserFixture.ScreenshotAsync(page, "entry");
        Assert.Empty(errors);
    }
}
