using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>
/// What one read of a channel found, before anything is stored: the admin page's "test fetch"
/// shows it as it is, a job run hands it to the source store.
/// </summary>
public sealed record SourceReading
{
    /// <summary>The channel's own figures (followers on a day, issues in a month).</summary>
    public IReadOnlyList<FigureReading> Figures { get; init; } = [];

    /// <summary>Stories found; placements are counted from them, deduplicated by canonical URL.</summary>
    public IReadOnlyList<ArticleReading> Articles { get; init; } = [];

    /// <summary>Commentator task rows; the months they cover are replaced by their totals.</summary>
    public IReadOnlyList<CommentatorTaskReading> CommentatorTasks { get; init; } = [];

    public IReadOnlyList<RankingReading> Rankings { get; init; } = [];

    /// <summary>How many items the source delivered (posts, feed items, rows), whether stored or not.</summary>
    public int ItemsRead { get; init; }
}

/// <summary>A figure of the channel itself for a period.</summary>
public sealed record FigureReading(string MetricKey, Period Period, double Value);

/// <summary>A story and the counties (division codes) whose keywords it mentions.</summary>
public sealed record ArticleReading(string Url, string CanonicalUrl, string Title, DateTime PublishedAtUtc, IReadOnlyList<string> CountyCodes);

/// <summary>One task of one commentator, from a tasking platform's export.</summary>
public sealed record CommentatorTaskReading(string Name, string? ExternalId, string? Unit, string? Task, DateOnly Date, int Reposts, int Replies);

/// <summary>A published ranking list for a period.</summary>
public sealed record RankingReading(
    string ListName, string? Publisher, string PeriodLabel, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly? PublishedOn,
    IReadOnlyList<RankingEntryReading> Entries);

/// <summary>An entry of a ranking list; <paramref name="CountyCode"/> when the account belongs to a known county.</summary>
public sealed record RankingEntryReading(
    string AccountName, string? CountyCode, int Rank, double? Score, double? Influence, double? Activity, double? Coverage, double? Spread);

/// <summary>What an adapter may know besides its channel: the counties (for keywords) and the county's calendar.</summary>
public sealed record SourceContext(IReadOnlyList<County> Counties, CountyClock Clock);

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
