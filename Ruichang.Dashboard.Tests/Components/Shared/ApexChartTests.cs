using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.JSInterop;
using Ruichang.Dashboard.Components.Shared;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Components.Shared;

public sealed class ApexChartTests : BunitTestBase
{
    private const string ModulePath = "./Components/Shared/ApexChart.razor.js";

    private static readonly string[] Months = ["2014-01", "2014-02", "2014-03"];
    private static readonly string[] RedOnly = ["#B71C1C"];

    private readonly BunitJSModuleInterop _module;
    private readonly JSRuntimeInvocationHandler<bool> _initialize;
    private readonly JSRuntimeInvocationHandler _update;
    private readonly JSRuntimeInvocationHandler _saveImage;
    private readonly JSRuntimeInvocationHandler _destroy;
    private readonly FakeLogger<ApexChart> _log = new();

    public ApexChartTests()
    {
        Services.AddSingleton<ILogger<ApexChart>>(_log);
        _module = JSInterop.SetupModule(ModulePath);
        _initialize = _module.Setup<bool>("initialize", _ => true);
        _initialize.SetResult(true);
        _update = _module.SetupVoid("update", _ => true);
        _update.SetVoidResult();
        _saveImage = _module.SetupVoid("saveImage", _ => true);
        _saveImage.SetVoidResult();
        _destroy = _module.SetupVoid("destroy", _ => true);
        _destroy.SetVoidResult();
    }

    /// <summary>How a call into the browser goes wrong: a script error, or no answer within Blazor's interop timeout.</summary>
    public enum BrowserFailure
    {
        ScriptError,
        Timeout,
    }

    [Fact]
    public void First_render_imports_the_module_and_initializes_the_chart_on_its_div_once()
    {
        var cut = RenderChart(Visits(1200, null, 3400));

        var import = Assert.Single(JSInterop.Invocations["import"]);
        Assert.Equal(ModulePath, import.Arguments[0]);
        var initialize = Assert.Single(_module.Invocations["initialize"]);
        Assert.IsType<string>(initialize.Arguments[0]);
        var element = Assert.IsType<ElementReference>(initialize.Arguments[1]);
        Assert.Equal(element.Id, cut.Find("div").GetAttribute("blazor:elementReference"));
        Assert.Equal(["initialize"], _module.Invocations.Select(i => i.Identifier));
    }

    [Fact]
    public void Initial_config_has_the_series_with_gaps_the_categories_and_the_Chinese_locale()
    {
        using var culture = UiCulture.Use("zh-CN");

        RenderChart(Visits(1200, null, 3400));

        var config = ConfigOf(Assert.Single(_module.Invocations["initialize"]));
        Assert.Equal("line", (string?)config["chart"]!["type"]);
        Assert.Equal("zh-cn", (string?)config["chart"]!["defaultLocale"]);
        Assert.False((bool)config["chart"]!["toolbar"]!["show"]!);
        var series = Assert.Single(config["series"]!.AsArray())!;
        Assert.Equal("网站访问量", (string?)series["name"]);
        Assert.Equal("[1200,null,3400]", series["data"]!.ToJsonString());
        Assert.Equal("""["2014-01","2014-02","2014-03"]""", config["xaxis"]!["categories"]!.ToJsonString());
    }

    [Fact]
    public void English_UI_culture_gives_the_English_locale()
    {
        using var culture = UiCulture.Use("en");

        RenderChart(Visits(1, 2, 3));

        var config = ConfigOf(Assert.Single(_module.Invocations["initialize"]));
        Assert.Equal("en", (string?)config["chart"]!["defaultLocale"]);
    }

    [Fact]
    public void New_series_update_the_chart_in_place()
    {
        var cut = RenderChart(Visits(1, 2, 3));
        var id = _module.Invocations["initialize"][0].Arguments[0];

        cut.Render(p => p.Add(c => c.Series, Visits(1, 2, 99)));

        var update = Assert.Single(_module.Invocations["update"]);
        Assert.Equal(id, update.Arguments[0]);
        Assert.True(update.IsVoidResultInvocation);
        Assert.Equal("[1,2,99]", ConfigOf(update)["series"]![0]!["data"]!.ToJsonString());
        Assert.Single(_module.Invocations["initialize"]);
        Assert.Empty(_module.Invocations["destroy"]);
    }

    [Fact]
    public void A_paused_chart_is_created_holds_its_updates_and_sends_only_the_newest_when_resumed()
    {
        var cut = Render<ApexChart>(p => p
            .Add(c => c.Type, "line")
            .Add(c => c.Series, Visits(1, 2, 3))
            .Add(c => c.Categories, [.. Months])
            .Add(c => c.Paused, true));
        Assert.Single(_module.Invocations["initialize"]);

        cut.Render(p => p.Add(c => c.Series, Visits(1, 2, 4)));
        cut.Render(p => p.Add(c => c.Series, Visits(1, 2, 5)));
        Assert.Empty(_module.Invocations["update"]);

        cut.Render(p => p.Add(c => c.Paused, false));

        var update = Assert.Single(_module.Invocations["update"]);
        Assert.Equal("[1,2,5]", ConfigOf(update)["series"]![0]!["data"]!.ToJsonString());
    }

    [Fact]
    public void Equal_parameters_in_new_instances_send_nothing()
    {
        var cut = RenderChart(Visits(1, 2, 3));

        cut.Render(p => p
            .Add(c => c.Series, Visits(1, 2, 3))
            .Add(c => c.Categories, [.. Months]));

        Assert.Equal(["initialize"], _module.Invocations.Select(i => i.Identifier));
    }

    [Fact]
    public void Charts_given_the_same_figures_share_a_config_only_when_everything_else_is_the_same_too()
    {
        using var culture = UiCulture.Use("zh-CN");
        double?[] figures = [1, 2, 3];
        IRenderedComponent<ApexChart> Chart(string title, string[] categories, string seriesName = "网站访问量") => Render<ApexChart>(p => p
            .Add(c => c.Type, "line")
            .Add(c => c.Series, [new ChartSeries(seriesName, figures)])
            .Add(c => c.Categories, categories)
            .Add(c => c.Title, title));

        Chart("甲", [.. Months]);
        Chart("乙", [.. Months]);
        Chart("甲", ["2015-01", "2015-02", "2015-03"]);
        Chart("甲", [.. Months], "网站访客数");
        Chart("甲", [.. Months]);
        using (UiCulture.Use("en"))
        {
            Chart("甲", [.. Months]);
        }

        var configs = _module.Invocations["initialize"].Select(i => (string)i.Arguments[2]!).ToList();
        Assert.Equal("乙", (string?)JsonNode.Parse(configs[1])!["title"]!["text"]);
        Assert.Equal("""["2015-01","2015-02","2015-03"]""", JsonNode.Parse(configs[2])!["xaxis"]!["categories"]!.ToJsonString());
        Assert.Equal("网站访客数", (string?)JsonNode.Parse(configs[3])!["series"]![0]!["name"]);
        Assert.Equal(configs[0], configs[4]);
        Assert.Equal("en", (string?)JsonNode.Parse(configs[5])!["chart"]!["defaultLocale"]);
        Assert.Equal(6, configs.Distinct().Count() + 1);
    }

    [Theory]
    [InlineData(ChartImageFormat.Png, "png", "x.png")]
    [InlineData(ChartImageFormat.Svg, "svg", "访问量.svg")]
    public async Task SaveImageAsync_asks_the_browser_to_save_the_file_and_gets_nothing_back(
        ChartImageFormat format, string formatName, string fileName)
    {
        var cut = RenderChart(Visits(1, 2, 3));
        var id = _module.Invocations["initialize"][0].Arguments[0];

        var caption = new ChartCaption("访问量", "2014年9月", "数据来源：测试");
        await cut.InvokeAsync(() => cut.Instance.SaveImageAsync(format, fileName, caption));

        var save = Assert.Single(_module.Invocations["saveImage"]);
        Assert.Equal([id, formatName, fileName, caption], save.Arguments);
        Assert.True(save.IsVoidResultInvocation);
    }

    [Fact]
    public async Task Disposing_destroys_the_chart()
    {
        RenderChart(Visits(1, 2, 3));
        var id = _module.Invocations["initialize"][0].Arguments[0];

        await DisposeComponentsAsync();

        var destroy = Assert.Single(_module.Invocations["destroy"]);
        Assert.Equal(id, destroy.Arguments[0]);
    }

    [Fact]
    public async Task Disposing_after_the_circuit_is_gone_does_not_throw()
    {
        var cut = RenderChart(Visits(1, 2, 3));
        _destroy.SetException(new JSDisconnectedException("The circuit is gone."));

        await cut.Instance.DisposeAsync();

        Assert.Single(_destroy.Invocations);
        Assert.Empty(_log.Collector.GetSnapshot());
    }

    [Theory]
    [InlineData(BrowserFailure.ScriptError)]
    [InlineData(BrowserFailure.Timeout)]
    public void A_creation_that_fails_in_the_browser_is_logged_and_rendering_goes_on(BrowserFailure failure)
    {
        Fail(_initialize, failure);

        var cut = RenderChart(Visits(1, 2, 3));

        AssertLoggedOnce("initialize", failure);
        cut.Render(p => p.Add(c => c.Series, Visits(1, 2, 99)));
        Assert.Equal(2, _module.Invocations["initialize"].Count);
    }

    [Theory]
    [InlineData(BrowserFailure.ScriptError)]
    [InlineData(BrowserFailure.Timeout)]
    public void An_update_that_fails_in_the_browser_is_logged_and_sent_again_on_the_next_render(BrowserFailure failure)
    {
        var cut = RenderChart(Visits(1, 2, 3));
        Fail(_update, failure);

        cut.Render(p => p.Add(c => c.Series, Visits(1, 2, 99)));
        AssertLoggedOnce("update", failure);

        // The browser may or may not have the failed config: the next render sends it again, whole.
        _update.SetVoidResult();
        cut.Render();
        Assert.Equal(2, _module.Invocations["update"].Count);
        Assert.Equal("[1,2,99]", ConfigOf(_module.Invocations["update"][1])["series"]![0]!["data"]!.ToJsonString());
    }

    [Theory]
    [InlineData(BrowserFailure.ScriptError)]
    [InlineData(BrowserFailure.Timeout)]
    public async Task A_save_that_fails_in_the_browser_is_logged_and_does_not_throw(BrowserFailure failure)
    {
        var cut = RenderChart(Visits(1, 2, 3));
        Fail(_saveImage, failure);

        await cut.InvokeAsync(() => cut.Instance.SaveImageAsync(ChartImageFormat.Png, "x.png", new ChartCaption("x", "x", "x")));

        Assert.Single(_module.Invocations["saveImage"]);
        AssertLoggedOnce("saveImage", failure);
    }

    [Theory]
    [InlineData(BrowserFailure.ScriptError)]
    [InlineData(BrowserFailure.Timeout)]
    public async Task Disposing_when_the_browser_fails_to_destroy_the_chart_is_logged_and_does_not_throw(BrowserFailure failure)
    {
        var cut = RenderChart(Visits(1, 2, 3));
        Fail(_destroy, failure);

        await cut.Instance.DisposeAsync();

        Assert.Single(_module.Invocations["destroy"]);
        AssertLoggedOnce("destroy", failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(BrowserFailure.ScriptError)]
    [InlineData(BrowserFailure.Timeout)]
    public void A_chart_whose_creation_failed_is_created_on_the_next_render(BrowserFailure? failure)
    {
        // null: the call succeeded, but the browser answered that it could not draw the chart.
        if (failure is { } f)
        {
            Fail(_initialize, f);
        }
        else
        {
            _initialize.SetResult(false);
        }

        var cut = RenderChart(Visits(1, 2, 3));
        _initialize.SetResult(true);
        cut.Render(p => p.Add(c => c.Series, Visits(1, 2, 99)));

        Assert.Equal(["initialize", "initialize"], _module.Invocations.Select(i => i.Identifier));
        Assert.Equal("[1,2,99]", ConfigOf(_module.Invocations["initialize"][1])["series"]![0]!["data"]!.ToJsonString());

        // Created now: from here on the chart is updated in place.
        cut.Render(p => p.Add(c => c.Series, Visits(1, 2, 100)));
        Assert.Equal(["initialize", "initialize", "update"], _module.Invocations.Select(i => i.Identifier));
    }

    [Fact]
    public void Parameters_changed_while_the_chart_is_being_created_are_sent_once_it_exists()
    {
        var initialize = _module.Setup<bool>("initialize", _ => true);
        var cut = RenderChart(Visits(1, 2, 3));

        cut.Render(p => p.Add(c => c.Series, Visits(1, 2, 99)));
        cut.Render(p => p.Add(c => c.Series, Visits(1, 2, 100)));

        // Not a second chart, and no update for a chart the browser may yet fail to draw.
        Assert.Equal(["initialize"], _module.Invocations.Select(i => i.Identifier));

        initialize.SetResult(true);
        cut.WaitForAssertion(() => Assert.Equal(["initialize", "update"], _module.Invocations.Select(i => i.Identifier)));
        Assert.Equal("[1,2,100]", ConfigOf(_module.Invocations["update"][0])["series"]![0]!["data"]!.ToJsonString());
    }

    [Fact]
    public void Options_merge_over_the_components_own()
    {
        RenderChart(Visits(1, 2, 3), new Dictionary<string, object?>
        {
            ["chart"] = new { Background = "#0B1A33" },
            ["colors"] = RedOnly,
            ["dataLabels"] = new { Enabled = true },
            ["theme"] = null,
        });

        var config = ConfigOf(Assert.Single(_module.Invocations["initialize"]));
        Assert.Equal("#0B1A33", (string?)config["chart"]!["background"]);
        Assert.Equal("line", (string?)config["chart"]!["type"]);
        Assert.Equal("""["#B71C1C"]""", config["colors"]!.ToJsonString());
        Assert.True((bool)config["dataLabels"]!["enabled"]!);
        Assert.False(config.AsObject().ContainsKey("theme"));
    }

    [Fact]
    public void Horizontal_bars_and_the_title_reach_the_config()
    {
        Render<ApexChart>(p => p
            .Add(c => c.Type, "bar")
            .Add(c => c.Series, Visits(1, 2, 3))
            .Add(c => c.Horizontal, true)
            .Add(c => c.Title, "乡镇排名"));

        var config = ConfigOf(Assert.Single(_module.Invocations["initialize"]));
        Assert.True((bool)config["plotOptions"]!["bar"]!["horizontal"]!);
        Assert.Equal("乡镇排名", (string?)config["title"]!["text"]);
    }

    [Fact]
    public void Unmatched_attributes_land_on_the_div()
    {
        var cut = Render<ApexChart>(p => p
            .Add(c => c.Type, "area")
            .Add(c => c.Series, Visits(1, 2, 3))
            .AddUnmatched("data-testid", "visits-chart"));

        Assert.Equal("visits-chart", cut.Find("div").GetAttribute("data-testid"));
    }

    private IRenderedComponent<ApexChart> RenderChart(
        IReadOnlyList<ChartSeries> series, IReadOnlyDictionary<string, object?>? options = null)
    {
        return Render<ApexChart>(p => p
            .Add(c => c.Type, "line")
            .Add(c => c.Series, series)
            .Add(c => c.Categories, Months)
            .Add(c => c.Options, options));
    }

    private static void Fail(JSRuntimeInvocationHandler<bool> handler, BrowserFailure failure)
    {
        if (failure == BrowserFailure.Timeout)
        {
            handler.SetCanceled();
        }
        else
        {
            handler.SetException(new JSException("ApexCharts is not defined"));
        }
    }

    private static void Fail(JSRuntimeInvocationHandler handler, BrowserFailure failure)
    {
        if (failure == BrowserFailure.Timeout)
        {
            handler.SetCanceled();
        }
        else
        {
            handler.SetException(new JSException("ApexCharts is not defined"));
        }
    }

    private void AssertLoggedOnce(string operation, BrowserFailure failure)
    {
        var record = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains(operation, record.Message, StringComparison.Ordinal);
        if (failure == BrowserFailure.Timeout)
        {
            Assert.IsAssignableFrom<OperationCanceledException>(record.Exception);
        }
        else
        {
            Assert.IsType<JSException>(record.Exception);
        }
    }

    private static ChartSeries[] Visits(params double?[] data) => [new("网站访问量", data)];

    private static JsonNode ConfigOf(JSRuntimeInvocation invocation) =>
        JsonNode.Parse(Assert.IsType<string>(invocation.Arguments[^1]))!;
}
