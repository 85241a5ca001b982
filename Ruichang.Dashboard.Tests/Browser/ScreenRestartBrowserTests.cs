using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>
/// A wall whose server goes away for longer than Blazor's own reconnection would wait, and comes back
/// on the same address with none of the old circuits. The server is stopped and a new one started on
/// the same database and port inside the test process: a fresh process would spend most of the test
/// compiling itself on a busy machine, and the browser cannot tell the difference.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ScreenRestartBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private void Note(string line) => ScreenWall.Note(output, _clock, line);

    private static DashboardAppFactory StartServer(TestDatabase database, int port)
    {
        var app = DashboardAppFactory.On(database);
        // Short waits keep the test short; what is tested is that the wall never stops trying.
        app.Settings["Displays:RetryInterval"] = "00:00:00.050";
        app.Settings["Displays:MaxRetryInterval"] = "00:00:00.080";
        // The wall reconnects at once while the host is stopping, and a stop waits 30 s for open
        // connections by default: cut them short, as a crash or a pulled cable would.
        app.ShutdownTimeout = TimeSpan.FromMilliseconds(500);
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        app.StartServer();
        return app;
    }

    [BrowserFact]
    public async Task A_wall_outlasts_a_server_stopped_for_longer_than_the_default_retries_and_comes_back_by_itself()
    {
        using var database = new TestDatabase();
        var first = StartServer(database, port: 0);
        var baseUrl = first.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(baseUrl).Port;
        var key = await first.Services.GetRequiredService<DisplayKeys>().CreateAsync("重启大屏", "cli:test", CancellationToken.None);
        await using var context = await ScreenWall.NewContextAsync(browser.Browser, baseUrl, output, clock: _clock);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/screen?key={key.Key}");
        await ScreenWall.ExpectConnectedAsync(page);
        await page.EvaluateAsync("() => { window.wallMarker = 'before the restart'; }");

        Note("stopping the server");
        await first.DisposeAsync();

        await Assertions.Expect(ScreenWall.Html(page)).ToHaveAttributeAsync("data-connection", "reconnecting");
        await Assertions.Expect(page.Locator("#screen-connection")).ToHaveTextAsync("连接中断，正在重连…");
        // Blazor's default gives up after 30 tries (maxRetries) and then waits for the tab to become
        // visible, which a wall never does; this one is still trying after more than that.
        await page.WaitForFunctionAsync(
            "() => Number(document.documentElement.dataset.reconnectAttempts) > 30", null, new() { Timeout = 20_000, PollingInterval = 100 });
        Assert.Equal("reconnecting", await ScreenWall.Html(page).GetAttributeAsync("data-connection"));
        await Assertions.Expect(page.Locator("#screen-connection")).ToBeVisibleAsync();

        Note("starting the server again");
        await using var second = StartServer(database, port);
        Note("the server listens");

        // The new server does not know the old circuit: the wall loads its link again and starts afresh.
        await ScreenWall.ExpectConnectedAsync(page, timeout: 20_000);
        Assert.Null(await page.EvaluateAsync<string?>("() => window.wallMarker"));
        await Assertions.Expect(page.Locator("#screen-connection")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "瑞昌网络宣传指标看板" })).ToBeVisibleAsync();
        await ScreenWall.ExpectClockTicksAsync(page);
    }
}
