using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Features.Screen;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>
/// The big screen in headless Chromium as a wall shows it: opened through its link, fitted to the
/// window, refusing a revoked link, and coming back by itself after the connection or the server went away.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ScreenBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime, IDisposable
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

    private DisplayKeys Keys => _app.Services.GetRequiredService<DisplayKeys>();

    private async Task<CreatedDisplayKey> CreateKeyAsync(string name) => await Keys.CreateAsync(name, "cli:test", CancellationToken.None);

    private Task<IBrowserContext> NewWallAsync(string baseUrl, int width = 1920, int height = 1080, float scale = 1) =>
        ScreenWall.NewContextAsync(browser.Browser, baseUrl, output, width, height, scale);

    [BrowserTheory]
    [InlineData(1920, 1080, 1f)]
    [InlineData(3840, 2160, 1f)]
    [InlineData(1366, 768, 1.25f)]
    [InlineData(2560, 1440, 2f)]
    public async Task The_screen_fills_a_16_by_9_window_with_nothing_cut_off_or_scrolled(int width, int height, float scale)
    {
        var key = await CreateKeyAsync($"大屏 {width}×{height}@{scale}");
        await using var context = await NewWallAsync(_baseUrl, width, height, scale);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"/screen?key={key.Key}");

        await ScreenWall.ExpectConnectedAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "瑞昌网络宣传指标看板" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=screen-as-of]")).ToContainTextAsync("数据截至");
        await Assertions.Expect(page.Locator("[data-region]")).ToHaveCountAsync(4);
        var box = await page.EvaluateAsync<double[]>(
            """
            () => {
              const d = document.documentElement;
              const r = document.querySelector('[data-screen-stage]').getBoundingClientRect();
              return [d.scrollWidth, d.scrollHeight, innerWidth, innerHeight, r.left, r.top, r.right, r.bottom,
                      document.body.scrollWidth, document.body.scrollHeight, devicePixelRatio];
            }
            """);
        Assert.Equal(scale, box[10], 3);
        Assert.Equal((double)width, box[2]);
        Assert.Equal((double)height, box[3]);
        Assert.Equal(box[2], box[0]);
        Assert.Equal(box[3], box[1]);
        Assert.True(box[8] <= box[2] && box[9] <= box[3], $"body scrolls: {box[8]}×{box[9]}");
        Assert.True(box[4] >= -0.5 && box[5] >= -0.5 && box[6] <= box[2] + 0.5 && box[7] <= box[3] + 0.5, $"stage outside the window: {string.Join(", ", box)}");
        // The 1920×1080 stage at the largest scale that fits, centred: a 16:9 window is filled (1366×768
        // is a hair wider than 16:9, so a strip of a pixel is left at each side).
        var scaleToFit = Math.Min(width / 1920.0, height / 1080.0);
        Assert.Equal(1920 * scaleToFit, box[6] - box[4], 0.5);
        Assert.Equal(1080 * scaleToFit, box[7] - box[5], 0.5);
        Assert.Equal(box[4], width - box[6], 0.5);
        Assert.Equal(box[5], height - box[7], 0.5);
        foreach (var region in await page.Locator("[data-region], .screen-title, [data-testid=screen-clock]").AllAsync())
        {
            // When the circuit takes over from the prerendered page, the page checks the key again before it
            // draws the stage, which is gone for that moment: measure each region once it is back.
            var inner = await BoxAsync(region);
            Assert.True(inner.X >= box[4] - 0.5 && inner.Y >= box[5] - 0.5 && inner.X + inner.Width <= box[6] + 0.5 && inner.Y + inner.Height <= box[7] + 0.5,
                $"{await region.GetAttributeAsync("class")} at {inner.X}, {inner.Y}, {inner.Width}×{inner.Height} leaves the stage {string.Join(", ", box)}");
        }

        await ScreenWall.ExpectClockTicksAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"screen-{width}x{height}");
        Assert.Empty(errors);
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator region)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await region.BoundingBoxAsync() is { } box)
            {
                return box;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"{await region.GetAttributeAsync("class")} has no box after 5 s");
    }

    [BrowserFact]
    public async Task A_revoked_link_shows_the_Chinese_message_and_stops_an_open_wall_at_its_next_reconnect()
    {
        var revoked = await CreateKeyAsync("已撤销的大屏");
        await Keys.RevokeAsync(revoked.Info.Id, "user:admin", CancellationToken.None);
        await using var context = await NewWallAsync(_baseUrl);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/screen?key={revoked.Key}");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = ScreenPage.RefusedMessage })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-screen-stage]")).ToHaveCountAsync(0);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/screen\\?key="));
        await BrowserFixture.ScreenshotAsync(page, "screen-refused");

        // A wall open on a key that is revoked meanwhile: at its next reconnect it shows the message.
        var live = await CreateKeyAsync("将被撤销的大屏");
        await page.GotoAsync($"/screen?key={live.Key}");
        await ScreenWall.ExpectConnectedAsync(page);
        await Keys.RevokeAsync(live.Info.Id, "user:admin", CancellationToken.None);

        await page.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = ScreenPage.RefusedMessage })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-screen-stage]")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task A_dropped_connection_comes_back_by_itself_on_the_same_page()
    {
        var key = await CreateKeyAsync("断线大屏");
        await using var context = await NewWallAsync(_baseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/screen?key={key.Key}");
        await ScreenWall.ExpectConnectedAsync(page);
        // A wall that has been running: its first renders are applied (the clock ticks) before the line drops.
        // Dropped within the first renders, the batches were seen to fail and the wall to recover by a reload.
        await ScreenWall.ExpectClockTicksAsync(page);
        Assert.Null(await ScreenWall.Html(page).GetAttributeAsync("data-connection-losses"));
        await page.EvaluateAsync(
            """
            () => {
              window.wallMarker = 'not reloaded';
              window.statusSeen = [];
              const status = document.getElementById('screen-connection');
              new MutationObserver(() => { if (!status.hidden) window.statusSeen.push(status.textContent); })
                .observe(status, { attributes: true });
            }
            """);

        await page.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");

        await Assertions.Expect(ScreenWall.Html(page)).ToHaveAttributeAsync("data-connection-losses", "1");
        await ScreenWall.ExpectConnectedAsync(page);
        await Assertions.Expect(page.Locator("#screen-connection")).ToBeHiddenAsync();
        Assert.Equal("not reloaded", await page.EvaluateAsync<string>("() => window.wallMarker"));
        Assert.Contains("连接中断，正在重连…", await page.EvaluateAsync<string[]>("() => window.statusSeen"));
        await ScreenWall.ExpectClockTicksAsync(page);
    }

    [BrowserFact]
    public async Task A_signed_in_user_follows_the_menu_to_the_screen_which_then_starts_its_own_way()
    {
        await _app.CreateUserAsync("screen-leader", Ruichang.Dashboard.Features.Account.Roles.Leader);
        await using var context = await NewWallAsync(_baseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=%2F");
        await page.GetByLabel("用户名").FillAsync("screen-leader");
        await page.GetByLabel("密码").FillAsync(DashboardAppFactory.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "总览" })).ToBeVisibleAsync();
        // Once the overview's circuit is up, the menu's link is followed inside it.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.GetByRole(AriaRole.Link, new() { Name = "大屏" }).ClickAsync();

        // Loaded afresh, with the screen's styles and reconnection rather than the overview's.
        await Assertions.Expect(ScreenWall.Html(page)).ToHaveClassAsync("screen");
        await ScreenWall.ExpectConnectedAsync(page);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/screen$"));
        await Assertions.Expect(page.Locator("[data-screen-stage]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "总览" })).ToHaveCountAsync(0);
        await ScreenWall.ExpectClockTicksAsync(page);
    }
}
