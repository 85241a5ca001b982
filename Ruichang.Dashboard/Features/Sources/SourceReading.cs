using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>
/// What one read of a channel found, before anything is stored: the admin page's "test fetch"
/// shows it as it is, a job run hands it to the <see cref="SourceStore"/>.
/// </summary>
public sealed record SourceReading
{
    /// <summary>The channel's own figures (followers on a day, issues in a month).</summary>
    public IReadOnlyList<FigureReading> Figures { get; init; } = [];

    /// <summary>The items of the source's kind (stories, commentator tasks, ranking lists), which store themselves.</summary>
    public IReadOnlyList<ISourceItems> Items { get; init; } = [];

    /// <summary>How many items the source delivered (posts, feed items, rows), whether stored or not.</summary>
    public int ItemsRead { get; init; }

    /// <summary>The items of one kind, or null when the read has none.</summary>
    public T? ItemsOf<T>() where T : class, ISourceItems => Items.OfType<T>().FirstOrDefault();
}

/// <summary>A figure of the channel itself for a period.</summary>
public sealed record FigureReading(string MetricKey, Period Period, double Value);

/// <summary>
/// The items a source kind reads besides figures, and how they are stored: each kind keeps this
/// next to its adapter, so that adding a kind never means editing the store.
/// </summary>
public interface ISourceItems
{
    /// <summary>
    /// The component that shows these items in the admin page's test fetch: it takes the parameters
    /// <c>Items</c> (this object) and <c>Channel</c>.
    /// </summary>
    Type PreviewComponent { get; }

    /// <summary>Stages and saves the items inside the store's transaction; returns how many rows were added or changed.</summary>
    Task<int> StoreAsync(SourceWrite write, CancellationToken ct);
}

/// <summary>
/// What a collection run knows besides each channel, read once per run: every county (for
/// keywords and codes), every metric, and the county's calendar.
/// </summary>
public sealed record SourceContext(IReadOnlyList<County> Counties, IReadOnlyList<MetricDefinition> Metrics, CountyClock Clock)
{
    private readonly Dictionary<string, int> _countyIds = Counties.ToDictionary(c => c.Code, c => c.Id, StringComparer.Ordinal);
    private readonly Dictionary<string, MetricDefinition> _metrics = Metrics.ToDictionary(m => m.Key, StringComparer.Ordinal);
    private readonly Dictionary<int, string> _metricKeys = Metrics.ToDictionary(m => m.Id, m => m.Key);

    /// <summary>Which counties a text is about, built once per run: building its search costs more than many matches.</summary>
    public CountyMatcher CountyMatcher { get; } = new(Counties);

    /// <summary>The id of the county with division code <paramref name="code"/>, or null for an unknown code.</summary>
    public int? CountyId(string code) => _countyIds.TryGetValue(code, out var id) ? id : null;

    /// <summary>The metric <paramref name="key"/>; one that is not defined is a configuration error of the source.</summary>
    public MetricDefinition Metric(string key) =>
        _metrics.TryGetValue(key, out var metric) ? metric : throw new SourceConfigurationException($"未知的指标代码 {key}。");

    /// <summary>The key of the metric with id <paramref name="id"/>.</summary>
    public string MetricKey(int id) => _metricKeys[id];
}

/// <summary>
/// Reads one channel of the kinds it handles. Adapters only read and parse: they never write,
/// and every HTTP call goes through <see cref="Http.SourceHttpClient"/>. A failure is an exception
/// whose message says what went wrong and where, in Chinese (it is shown on the admin pages).
/// </summary>
public interface ISourceAdapter
{
    /// <summary>The channel kinds (<see cref="ChannelKinds"/>) this adapter reads.</summary>
    IReadOnlyCollection<string> Kinds { get; }

    Task<SourceReading> ReadAsync(Channel channel, SourceContext context, CancellationToken ct);
}

/// <summary>A channel's settings are wrong (a missing URL, a bad selector); the message names the field.</summary>
public sealed class SourceConfigurationException(string message) : Exception(message);

/// <summary>Work a job does once all its sources are stored (a county's Weibo index from all its accounts).</summary>
public interface ICollectionCompletion
{
    string JobKey { get; }

    /// <summary>Runs after the job's sources; returns how many rows it added or changed.</summary>
    Task<int> CompleteAsync(IReadOnlyCollection<Channel> succeeded, CancellationToken ct);
}
