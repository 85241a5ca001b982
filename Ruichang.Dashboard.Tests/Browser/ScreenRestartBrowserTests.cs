using System.Diagnostics;
using Microsoft.Playwright;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>
/// A wall whose server goes away for longer than Blazor's own reconnection would wait, and comes back
/// on the same address: the app runs as its own process here, so that it can be stopped and started.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ScreenRestartBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private void Note(string line) => ScreenWall.Note(output, _clock, line);

    [Fact]
    public async Task A_wall_outlasts_a_server_stopped_for_longer_than_the_default_retries_and_comes_back_by_itself()
    {
        using var database = new TestDatabase();
        // Short waits keep the test short; what is tested is that the wall never stops trying.
        await using var server = await AppServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Dashboard"] = database.ConnectionString,
            ["Bootstrap__AdminPassword"] = DashboardAppFactory.AdminPassword,
            ["Displays__RetryInterval"] = "00:00:00.050",
            ["Displays__MaxRetryInterval"] = "00:00:00.080",
        });
        Note("the server answers");
        // The app has migrated the database by now.
        var key = await new DisplayKeys(database.Factory, TimeProvider.System).CreateAsync("重启大屏", "cli:test", CancellationToken.None);
        await using var context = await ScreenWall.NewContextAsync(browser.Browser, server.BaseUrl, output);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/screen?key={key.Key}");
        await ScreenWall.ExpectConnectedAsync(page);
        await page.EvaluateAsync("() => { window.wallMarker = 'before the restart'; }");

        Note("stopping the server");
        await server.StopAsync();

        await Assertions.Expect(ScreenWall.Html(page)).ToHaveAttributeAsync("data-connection", "reconnecting");
        await Assertions.Expect(page.Locator("#screen-connection")).ToHaveTextAsync("连接中断，正在重连…");
        // Blazor's default gives up after 30 tries (maxRetries) and then waits for the tab to become
        // visible, which a wall never does; this one is still trying after more than that.
        await page.WaitForFunctionAsync(
            "() => Number(document.documentElement.dataset.reconnectAttempts) > 30", null, new() { Timeout = 20_000, PollingInterval = 100 });
        Assert.Equal("reconnecting", await ScreenWall.Html(page).GetAttributeAsync("data-connection"));
        await Assertions.Expect(page.Locator("#screen-connection")).ToBeVisibleAsync();

        Note("starting the server again");
        await server.StartAgainAsync();
        Note("the server answers");

        // The new server does not know the old circuit: the wall loads its link again and starts afresh.
        await ScreenWall.ExpectConnectedAsync(page, timeout: 20_000);
        Assert.Null(await page.EvaluateAsync<string?>("() => window.wallMarker"));
        await Assertions.Expect(page.Locator("#screen-connection")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "瑞昌网络宣传指标看板" })).ToBeVisibleAsync();
        await ScreenWall.ExpectClockTicksAsync(page);
    }
}
