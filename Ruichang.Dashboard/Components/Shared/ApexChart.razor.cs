using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Ruichang.Dashboard.Components.Layout;
using Ruichang.Dashboard.Features.Localization;

namespace Ruichang.Dashboard.Components.Shared;

/// <summary>
/// One line, area or bar series; a null point is a gap (a month without figures). The data are taken as they are
/// when the chart gets them: new figures come in a new list, never by changing a list a chart was given.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Data);

public enum ChartImageFormat
{
    Png,
    Svg,
}

/// <summary>
/// What a saved chart says around it: a title and the period above, and <see cref="Source"/> (<c>数据来源：…</c>)
/// below, so that an image pasted into a report still says what it shows, when and from whom.
/// </summary>
public sealed record ChartCaption(string Title, string Period, string Source);

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

    // Configs by the first series' data they were built from, shared by every chart given the same inputs: the walls
    // of the big screen draw one shared stage, and each of their renders (a figure changed, a panel's turn) would
    // otherwise serialise every chart again. Held weakly, so a config lives no longer than the figures it shows.
    private static readonly ConditionalWeakTable<IReadOnlyList<double?>, BuiltConfig> Built = new();

    // The JS module keeps its charts in a map under this id.
    private readonly string _id = "apex-" + Guid.NewGuid().ToString("N");
    private ElementReference _element;
    private IJSObjectReference? _module;
    private string _config = "";
    private string? _sentConfig;
    private bool _created;
    private bool _creating;
    private bool _disposed;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<ApexChart> Logger { get; set; } = default!;

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

    /// <summary>
    /// While true the browser keeps its drawing and new parameters wait; the newest are sent once it is false
    /// again. For a chart nobody sees (a big-screen panel off its turn): twenty walls redrawing every hidden
    /// chart on each change hold up what is on show. The chart is still created, so it appears at once.
    /// </summary>
    [Parameter]
    public bool Paused { get; set; }

    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    /// <summary>
    /// Saves the chart as an image with its <paramref name="caption"/>: an SVG, or a PNG at twice the size on screen
    /// for print. The browser draws the image and downloads it itself: an image sent back over the circuit would
    /// exceed the hub's 32 KB message limit and end the circuit. Does nothing before the chart is drawn; a failure
    /// in the browser is logged, not thrown.
    /// </summary>
    public async Task SaveImageAsync(ChartImageFormat format, string fileName, ChartCaption caption)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(caption);
        var formatName = format switch
        {
            ChartImageFormat.Png => "png",
            ChartImageFormat.Svg => "svg",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };

        // Until the browser has drawn the chart there is nothing to save.
        if (_module is not { } module || !_created || _disposed)
        {
            return;
        }

        await CallBrowserAsync("saveImage", () => module.InvokeVoidAsync("saveImage", _id, formatName, fileName, caption));
    }

    protected override void OnParametersSet()
    {
        var inputs = new ConfigInputs(Type, Height, Horizontal, Title, Options, Categories, Ui.IsEnglish, Series);
        if (Series.Count > 0 && Built.TryGetValue(Series[0].Data, out var built) && built.Inputs.SameAs(inputs))
        {
            _config = built.Json;
            return;
        }

        _config = BuildConfig();
        if (Series.Count > 0)
        {
            Built.AddOrUpdate(Series[0].Data, new BuiltConfig(inputs, _config));
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed)
        {
            return;
        }

        if (!_created)
        {
            // One creation at a time: a render while it runs would otherwise draw a second chart. Its
            // parameters are not lost: they are sent below once the chart exists.
            if (_creating)
            {
                return;
            }

            _creating = true;
            try
            {
                await CreateAsync();
            }
            finally
            {
                _creating = false;
            }
        }

        if (_created && !_disposed && !Paused && _config != _sentConfig && _module is { } module)
        {
            _sentConfig = _config;
            if (!await CallBrowserAsync("update", () => module.InvokeVoidAsync("update", _id, _sentConfig)))
            {
                // Whether the browser applied it is unknown; each config is whole, so the next render sends it again.
                _sentConfig = null;
            }
        }
    }

    // The chart exists only once the browser says it drew it; until then every render tries again, so a
    // wall screen whose first attempt failed (a slow start, a script not yet loaded) does not stay blank.
    private async Task CreateAsync()
    {
        var module = _module ?? await ImportModuleAsync();
        if (module is null)
        {
            return;
        }

        var config = _config;
        var created = false;
        if (!await CallBrowserAsync("initialize", async () => created = await module.InvokeAsync<bool>("initialize", _id, _element, config)))
        {
            return;
        }

        if (!created)
        {
            LogNotDrawn(Logger, _id);
            return;
        }

        _created = true;
        _sentConfig = config;
    }

    private async Task<IJSObjectReference?> ImportModuleAsync()
    {
        IJSObjectReference? module = null;
        if (!await CallBrowserAsync("import", async () => module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath)) || module is null)
        {
            return null;
        }

        if (_disposed)
        {
            await CallBrowserAsync("dispose", () => module.DisposeAsync());
            return null;
        }

        return _module = module;
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

        // Also while the chart is still being created: the browser destroys it once it is drawn.
        await CallBrowserAsync("destroy", () => module.InvokeVoidAsync("destroy", _id));
        await CallBrowserAsync("dispose", () => module.DisposeAsync());
    }

    // A chart is not worth a circuit: what the browser does wrong or too slowly is logged, and an exception
    // here would end the whole page on a screen nobody is watching. Returns whether the call succeeded.
    private async Task<bool> CallBrowserAsync(string operation, Func<ValueTask> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser's chart with it.
        }
        catch (ObjectDisposedException) when (_disposed)
        {
            // The circuit is being torn down around the component: nothing is left to free.
        }
        catch (JSException ex)
        {
            LogBrowserCallFailed(Logger, ex, operation, _id);
        }
        catch (OperationCanceledException ex)
        {
            // Blazor cancels an interop call the browser has not answered within its timeout (one minute by default).
            LogBrowserCallTimedOut(Logger, ex, operation, _id);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chart {ChartId}: {Operation} failed in the browser")]
    private static partial void LogBrowserCallFailed(ILogger logger, Exception ex, string operation, string chartId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chart {ChartId}: the browser did not answer {Operation} in time")]
    private static partial void LogBrowserCallTimedOut(ILogger logger, Exception ex, string operation, string chartId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chart {ChartId}: the browser could not draw the chart (see its console); it is tried again on the next render")]
    private static partial void LogNotDrawn(ILogger logger, string chartId);

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

    // What a config is built from: the same texts and categories, the same options object and the same series data
    // (the same lists: figures are never changed in place) give the same config.
    private sealed record ConfigInputs(
        string Type, string Height, bool Horizontal, string? Title, IReadOnlyDictionary<string, object?>? Options,
        IReadOnlyList<string> Categories, bool English, IReadOnlyList<ChartSeries> Series)
    {
        public bool SameAs(ConfigInputs other) =>
            Type == other.Type && Height == other.Height && Horizontal == other.Horizontal && Title == other.Title && English == other.English
            && ReferenceEquals(Options, other.Options) && Categories.SequenceEqual(other.Categories)
            && Series.Count == other.Series.Count
            && Series.Zip(other.Series).All(s => s.First.Name == s.Second.Name && ReferenceEquals(s.First.Data, s.Second.Data));
    }

    private sealed record BuiltConfig(ConfigInputs Inputs, string Json);
}
