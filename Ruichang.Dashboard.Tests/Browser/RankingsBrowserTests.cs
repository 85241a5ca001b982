using Microsoft.Playwright;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Browser;

/// <summary>A leader opens the demo's rankings in headless Chromium and saves the chart.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class RankingsBrowserTests(BrowserFixture browser) : IAsyncLifetime, IDisposable
{
    private readonly DemoAppFactory _app = new();
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _baseUrl = _app.StartOnLoopback();
        await _app.CreateUserAsync("rankings-leader", Roles.Leader);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();

    [BrowserFact]
    public async Task The_third_quarter_of_2014_ranks_the_thirteen_and_the_browser_saves_the_chart_as_png_and_svg()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, Locale = "zh-CN", AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("/rankings?metric=article_placements&period=2014-Q3");
        await page.GetByLabel("用户名").FillAsync("rankings-leader");
        await page.GetByLabel("密码").FillAsync(DashboardAppFactory.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=ranking-summary]")).ToContainTextAsync("2014年第三季度");
        await Assertions.Expect(page.Locator("[data-testid=ranking-row]")).ToHaveCountAsync(13);
        await Assertions.Expect(page.Locator("[data-testid=home-place]")).ToContainTextAsync("瑞昌市第");
        // The selects show what a reader says, not the codes in the address.
        await Assertions.Expect(page.Locator("[data-testid=period]")).ToHaveValueAsync("2014年第三季度");
        await Assertions.Expect(page.Locator("[data-testid=metric]")).ToHaveValueAsync("稿件刊发");
        var chart = page.Locator("[data-testid=ranking-chart]");
        await Assertions.Expect(chart.Locator(".apexcharts-bar-area").First).ToBeAttachedAsync();

        var files = new Dictionary<string, byte[]>();
        foreach (var (button, extension) in new[] { ("save-png", ".png"), ("save-svg", ".svg") })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid={button}]").ClickAsync());
            Assert.Equal($"排名-稿件刊发-2014年第三季度{extension}", download.SuggestedFilename);
            files[extension] = await File.ReadAllBytesAsync((await download.PathAsync())!);
            Assert.True(files[extension].Length > 1000, $"{extension} of {files[extension].Length} bytes");
        }

        // The SVG carries its caption: what it ranks, when, and whose figures; the PNG is the same image at twice its size.
        var svg = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(files[".svg"])).Root!;
        var texts = svg.Elements(svg.Name.Namespace + "text").Select(t => t.Value).ToList();
        Assert.Equal(["九江各县（市、区）稿件刊发排名", "2014年第三季度", "数据来源：中共瑞昌市委宣传部"], texts);
        Assert.NotEmpty(svg.Descendants(svg.Name.Namespace + "svg"));
        var png = files[".png"];
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        // IHDR: width and height, big-endian, at bytes 16 and 20.
        var (pngWidth, pngHeight) = (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        int Twice(string attribute) => (int)Math.Round(2 * double.Parse(svg.Attribute(attribute)!.Value, System.Globalization.CultureInfo.InvariantCulture), MidpointRounding.AwayFromZero);
        Assert.Equal((Twice("width"), Twice("height")), (pngWidth, pngHeight));

        await BrowserFixture.ScreenshotAsync(page, "rankings");
        Assert.Empty(errors);
    }
}
