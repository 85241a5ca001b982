using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
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
    private readonly JSRuntimeInvocationHandler _destroy;

    public ApexChartTests()
    {
        _module = JSInterop.SetupModule(ModulePath);
        _module.SetupVoid("initialize", _ => true).SetVoidResult();
        _module.SetupVoid("update", _ => true).SetVoidResult();
        _module.SetupVoid("saveImage", _ => true).SetVoidResult();
        _destroy = _module.SetupVoid("destroy", _ => true);
        _destroy.SetVoidResult();
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
        Assert.Equal("[1,2,99]", ConfigOf(update)["series"]![0]!["data"]!.ToJsonString());
        Assert.Single(_module.Invocations["initialize"]);
        Assert.Empty(_module.Invocations["destroy"]);
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

    [Theory]
    [InlineData(ChartImageFormat.Png, "png", "x.png")]
    [InlineData(ChartImageFormat.Svg, "svg", "访问量.svg")]
    public async Task SaveImageAsync_asks_the_browser_to_save_the_file_and_gets_nothing_back(
        ChartImageFormat format, string formatName, string fileName)
    {
        var cut = RenderChart(Visits(1, 2, 3));
        var id = _module.Invocations["initialize"][0].Arguments[0];

        await cut.InvokeAsync(() => cut.Instance.SaveImageAsync(format, fileName));

        var save = Assert.Single(_module.Invocations["saveImage"]);
        Assert.Equal([id, formatName, fileName], save.Arguments);
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
        var destroy = _module.SetupVoid("destroy", _ => true);
        destroy.SetException(new JSDisconnectedException("The circuit is gone."));

        await cut.Instance.DisposeAsync();

        Assert.Single(destroy.Invocations);
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

    private static ChartSeries[] Visits(params double?[] data) => [new("网站访问量", data)];

    private static JsonNode ConfigOf(JSRuntimeInvocation invocation) =>
        JsonNode.Parse(Assert.IsType<string>(invocation.Arguments[^1]))!;
}
