using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Ruichang.Dashboard.Components.Layout;
using Ruichang.Dashboard.Features.Localization;

namespace Ruichang.Dashboard.Components.Shared;

/// <summary>One line, area or bar series; a null point is a gap (a month without figures).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Data);

public enum ChartImageFormat
{
    Png,
    Svg,
}

/// <summary>
/// An ApexCharts chart. It is created once in the browser and updated in place when its
/// parameters change, so a page that stays open for weeks does not pile up charts.
/// </summary>
public sealed partial class ApexChart : ComponentBase, IAsyncDisposable
{
    internal const string ModulePath = "./Components/Shared/ApexChart.razor.js";

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // The JS module keeps its charts in a map under this id.
    private readonly string _id = "apex-" + Guid.NewGuid().ToString("N");
    private ElementReference _element;
    private IJSObjectReference? _module;
    private string _config = "";
    private string? _sentConfig;
    private bool _disposed;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>"line", "area" or "bar".</summary>
    [Parameter, EditorRequired]
    public string Type { get; set; } = "line";

    [Parameter, EditorRequired]
    public IReadOnlyList<ChartSeries> Series { get; set; } = [];

    /// <summary>The x axis labels, e.g. "2014-01"; for a horizontal bar chart the bars' labels.</summary>
    [Parameter]
    public IReadOnlyList<string> Categories { get; set; } = [];

    /// <summary>A CSS length ("320px") or a number of pixels ("320").</summary>
    [Parameter]
    public string Height { get; set; } = "320px";

    /// <summary>Bars run from left to right (bar charts only).</summary>
    [Parameter]
    public bool Horizontal { get; set; }

    /// <summary>
    /// ApexCharts options merged over the component's own, e.g. <c>["colors"] = new[] { "#B71C1C" }</c> or
    /// <c>["theme"] = new { Mode = "dark" }</c>. Objects merge key by key; anything else replaces; a null value is ignored.
    /// </summary>
    [Parameter]
    public IReadOnlyDictionary<string, object?>? Options { get; set; }

    [Parameter]
    public string? Title { get; set; }

    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    /// <summary>
    /// Saves the chart as an image. The browser draws the image and downloads it itself: an image sent
    /// back over the circuit would exceed the hub's 32 KB message limit and end the circuit.
    /// </summary>
    public async Task SaveImageAsync(ChartImageFormat format, string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var formatName = format switch
        {
            ChartImageFormat.Png => "png",
            ChartImageFormat.Svg => "svg",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };

        // Before the first render has loaded the module there is no chart to save.
        if (_module is null || _disposed)
        {
            return;
        }

        await _module.InvokeVoidAsync("saveImage", _id, formatName, fileName);
    }

    protected override void OnParametersSet() => _config = BuildConfig();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            if (firstRender)
            {
                var module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
                if (_disposed)
                {
                    await module.DisposeAsync();
                    return;
                }

                // Set before initialize completes: a dispose in the meantime must still destroy the chart.
                _module = module;
                _sentConfig = _config;
                await module.InvokeVoidAsync("initialize", _id, _element, _sentConfig);
            }

            // Also catches parameters that changed while the module was loading or the chart was being created.
            if (_module is not null && !_disposed && _config != _sentConfig)
            {
                _sentConfig = _config;
                await _module.InvokeVoidAsync("update", _id, _sentConfig);
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; so is the browser's chart.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_module is not { } module)
        {
            return;
        }

        try
        {
            await module.InvokeVoidAsync("destroy", _id);
            await module.DisposeAsync();
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException or ObjectDisposedException)
        {
            // The circuit is gone (or going) and the browser took the chart with it: nothing is left to free.
        }
    }

    private string BuildConfig()
    {
        // Only what JSON can carry: the module adds the locale texts and the number formatters.
        var ours = new
        {
            Chart = new
            {
                Type,
                Height,
                FontFamily = DashboardTheme.CssFontFamily,
                DefaultLocale = Ui.IsEnglish ? "en" : "zh-cn",
                Toolbar = new { Show = false },
                Zoom = new { Enabled = false },
            },
            Series = Series.Select(s => new { s.Name, Data = s.Data.Select(Finite) }),
            Xaxis = new { Categories },
            PlotOptions = Horizontal ? new { Bar = new { Horizontal } } : null,
            DataLabels = new { Enabled = Type == "bar" },
            Title = Title is null ? null : new { Text = Title },
        };

        var config = JsonSerializer.SerializeToNode(ours, SerializerOptions)!.AsObject();
        foreach (var (key, value) in Options ?? new Dictionary<string, object?>())
        {
            if (value is not null)
            {
                MergeInto(config, key, JsonSerializer.SerializeToNode(value, SerializerOptions));
            }
        }

        return config.ToJsonString();
    }

    // NaN and infinities are not JSON; they are drawn as gaps like missing figures.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static void MergeInto(JsonObject target, string key, JsonNode? value)
    {
        if (target[key] is JsonObject existing && value is JsonObject overrides)
        {
            foreach (var (childKey, child) in overrides)
            {
                MergeInto(existing, childKey, child?.DeepClone());
            }

            return;
        }

        target[key] = value;
    }
}
