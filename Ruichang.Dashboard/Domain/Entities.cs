namespace Ruichang.Dashboard.Domain;

/// <summary>Where a stored figure came from.</summary>
public enum ObservationSource
{
    Collector = 1,
    Manual = 2,
    Import = 3,
    Demo = 4,
}

public enum MetricKind
{
    /// <summary>Summed over a period (posts in a month).</summary>
    Counter = 1,

    /// <summary>A level read at a time (followers); a period takes the last reading.</summary>
    Gauge = 2,
}

public enum SubmissionStatus
{
    Draft = 1,
    Submitted = 2,
    Approved = 3,
}

public enum JobRunStatus
{
    Running = 0,
    Succeeded = 1,
    PartlyFailed = 2,
    Failed = 3,
}

/// <summary>Entities whose updates are guarded by an application-managed concurrency token.</summary>
public interface IVersioned
{
    long Version { get; set; }
}

/// <summary>Rows generated for the demo; <c>purge-demo</c> removes them.</summary>
public interface IDemoData
{
    bool IsDemo { get; set; }
}

public sealed class County
{
    public int Id { get; set; }

    /// <summary>Administrative division code, e.g. 360481.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string ShortName { get; set; }

    /// <summary>Words that identify the county in an article, separated by commas.</summary>
    public string Keywords { get; set; } = "";
    public int DisplayOrder { get; set; }
    public bool IsHome { get; set; }

    public IReadOnlyList<string> KeywordList =>
        Keywords.Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class Channel : IDemoData
{
    public int Id { get; set; }
    public int CountyId { get; set; }
    public County? County { get; set; }

    /// <summary>One of <see cref="ChannelKinds"/>.</summary>
    public required string Kind { get; set; }
    public required string Name { get; set; }
    public string? Platform { get; set; }
    public string? ExternalId { get; set; }
    public string? Url { get; set; }

    /// <summary>The kind's own settings (selectors, field paths, keywords) as a JSON object.</summary>
    public string OptionsJson { get; set; } = "{}";
    public bool IsEnabled { get; set; } = true;
    public DateOnly? OpenedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }

    /// <summary>When a collector last read this channel successfully: its figures are "as of" then.</summary>
    public DateTime? LastSuccessAtUtc { get; set; }

    /// <summary>When a collector last tried, and what went wrong if that try failed (null after a success).</summary>
    public DateTime? LastAttemptAtUtc { get; set; }
    public string? LastError { get; set; }

    /// <summary>Added by the demo (peer accounts, demo source URLs); <c>purge-demo</c> removes it with its figures.</summary>
    public bool IsDemo { get; set; }
}

public static class ChannelKinds
{
    public const string Weibo = "weibo";
    public const string WeChat = "wechat";
    public const string NewsFeed = "news-feed";
    public const string NewsPage = "news-page";
    public const string OwnSite = "own-site";
    public const string MobilePaper = "mobile-paper";
    public const string CommentatorPlatform = "commentator-platform";
    public const string RankingList = "ranking-list";
}

public sealed class MetricDefinition
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public required string Unit { get; set; }
    public MetricKind Kind { get; set; }
    public bool HigherIsBetter { get; set; } = true;
    public int DisplayOrder { get; set; }
}

/// <summary>
/// One value of one metric for one county (and optionally one of its channels) for one period.
/// Unique on (metric, county, channel, granularity, period start); written only through
/// <c>ObservationWriter</c>, an idempotent upsert.
/// </summary>
public sealed class Observation : IVersioned, IDemoData
{
    public long Id { get; set; }
    public int MetricId { get; set; }
    public MetricDefinition? Metric { get; set; }
    public int CountyId { get; set; }
    public County? County { get; set; }
    public int? ChannelId { get; set; }
    public Channel? Channel { get; set; }
    public PeriodGranularity Granularity { get; set; }

    /// <summary>First day of the period in the county's time zone.</summary>
    public DateOnly PeriodStart { get; set; }
    public double Value { get; set; }
    public ObservationSource Source { get; set; }

    /// <summary>The collector, import file or user that wrote the value.</summary>
    public string? RecordedBy { get; set; }
    public DateTime RecordedAtUtc { get; set; }
    public bool IsDemo { get; set; }
    public long Version { get; set; }
}

/// <summary>
/// The readings of one source (a channel, or the county itself) for one metric in one month, of one
/// granularity, taken together: their sum, how many, and the last one's day and value (a month reading is a
/// group of one). Derived data, kept by the database's own triggers on <c>Observations</c> (migration
/// <c>ObservationMonths</c>) whatever writes the readings, so month figures are read from a row or two per
/// source and month instead of up to 31 day rows. Never written by the app.
/// </summary>
public sealed class ObservationMonth
{
    public long Id { get; set; }
    public int MetricId { get; set; }
    public int CountyId { get; set; }
    public int? ChannelId { get; set; }
    public PeriodGranularity Granularity { get; set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }
    public double Total { get; set; }
    public int Count { get; set; }

    /// <summary>The start of the last reading's period: its day, or for a month reading the month's first day.</summary>
    public DateOnly Last { get; set; }

    /// <summary>The value of the last reading: a gauge's month figure.</summary>
    public double LastValue { get; set; }
}

public sealed class Article : IDemoData
{
    public long Id { get; set; }
    public int ChannelId { get; set; }
    public Channel? Channel { get; set; }
    public int CountyId { get; set; }
    public County? County { get; set; }
    public required string Url { get; set; }
    public required string CanonicalUrl { get; set; }
    public required string Title { get; set; }

    /// <summary>When the story was published; for a story its source gives no date, when it was first seen.</summary>
    public DateTime PublishedAtUtc { get; set; }
    public DateTime CollectedAtUtc { get; set; }

    /// <summary>The source gave no date: <see cref="PublishedAtUtc"/> is when the story was first seen.</summary>
    public bool IsUndated { get; set; }

    /// <summary>
    /// An undated story that was already on its list when the channel was first read: kept so that
    /// it is known, never counted as a placement (its month is unknown).
    /// </summary>
    public bool IsBacklog { get; set; }
    public bool IsDemo { get; set; }
}

public sealed class Commentator : IDemoData
{
    public int Id { get; set; }
    public int CountyId { get; set; }
    public County? County { get; set; }
    public required string Name { get; set; }

    /// <summary>The commentator's number in the county's team (编号), when there is one; ids on each platform are <see cref="CommentatorAccount"/>s.</summary>
    public string? ExternalId { get; set; }
    public string? Unit { get; set; }
    public DateOnly JoinedOn { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>Recommended to serve as a national, provincial or prefectural commentator.</summary>
    public bool IsRecommended { get; set; }
    public bool IsDemo { get; set; }
    public List<CommentatorActivity> Activity { get; set; } = [];
}

/// <summary>A commentator's id on one tasking platform (a <c>commentator-platform</c> channel): tasks are matched by it.</summary>
public sealed class CommentatorAccount
{
    public long Id { get; set; }
    public int CommentatorId { get; set; }
    public Commentator? Commentator { get; set; }
    public int ChannelId { get; set; }
    public required string ExternalId { get; set; }
}

/// <summary>
/// One task of one commentator as a platform's export lists it. Unique on (platform channel,
/// commentator, date, task): an export read again, or one that covers only part of a month,
/// changes only the tasks it lists, and a commentator's month is the sum of their stored tasks.
/// </summary>
public sealed class CommentatorTask : IDemoData
{
    public long Id { get; set; }
    public int CommentatorId { get; set; }
    public Commentator? Commentator { get; set; }
    public int ChannelId { get; set; }

    /// <summary>The task's name as the export gives it ("" when it gives none).</summary>
    public string Task { get; set; } = "";
    public DateOnly Date { get; set; }
    public int Reposts { get; set; }
    public int Replies { get; set; }
    public bool IsDemo { get; set; }
}

/// <summary>A commentator's month: collected, the sum of their stored tasks over every platform.</summary>
public sealed class CommentatorActivity : IDemoData
{
    public long Id { get; set; }
    public int CommentatorId { get; set; }
    public Commentator? Commentator { get; set; }

    /// <summary>First day of the month.</summary>
    public DateOnly Month { get; set; }
    public int Reposts { get; set; }
    public int Replies { get; set; }
    public bool IsDemo { get; set; }
}

/// <summary>A ranking list published by someone else (the provincial government-Weibo ranking, a prefectural notice).</summary>
public sealed class ExternalRanking : IDemoData
{
    public int Id { get; set; }
    public required string ListName { get; set; }
    public string? Publisher { get; set; }
    public required string PeriodLabel { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public DateOnly? PublishedOn { get; set; }
    public bool IsDemo { get; set; }
    public List<ExternalRankingEntry> Entries { get; set; } = [];
}

public sealed class ExternalRankingEntry
{
    public long Id { get; set; }
    public int ExternalRankingId { get; set; }
    public ExternalRanking? Ranking { get; set; }
    public int? CountyId { get; set; }
    public County? County { get; set; }
    public required string AccountName { get; set; }
    public int Rank { get; set; }
    public double? Score { get; set; }

    /// <summary>影响力</summary>
    public double? Influence { get; set; }

    /// <summary>活跃度</summary>
    public double? Activity { get; set; }

    /// <summary>覆盖度</summary>
    public double? Coverage { get; set; }

    /// <summary>传播度</summary>
    public double? Spread { get; set; }
}

public sealed class Target : IVersioned
{
    public int Id { get; set; }
    public int MetricId { get; set; }
    public MetricDefinition? Metric { get; set; }
    public int CountyId { get; set; }
    public County? County { get; set; }
    public int Year { get; set; }
    public double Value { get; set; }
    public long Version { get; set; }
}

public sealed class Submission : IVersioned
{
    public int Id { get; set; }
    public int CountyId { get; set; }
    public County? County { get; set; }

    /// <summary>First day of the month.</summary>
    public DateOnly Month { get; set; }
    public SubmissionStatus Status { get; set; } = SubmissionStatus.Draft;
    public string? SubmittedBy { get; set; }
    public DateTime? SubmittedAtUtc { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAtUtc { get; set; }
    public long Version { get; set; }
}

/// <summary>
/// One change, append-only (the database refuses to update or delete a row): who or what changed which
/// figure, target or month's status, from what to what, when, and why. A figure's change names its metric,
/// county, channel and period, so the trail can be filtered by them; a month's status names its county
/// and month. Written in the same transaction as the change itself.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The user, token (<c>token:</c>name), collector (job:channel) or import that made the change.</summary>
    public required string UserName { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>One of <see cref="AuditEntities"/>.</summary>
    public required string EntityType { get; set; }

    /// <summary>The changed row's natural key, readable (metric:county:channel:period).</summary>
    public required string EntityKey { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public int? MetricId { get; set; }
    public int? CountyId { get; set; }
    public int? ChannelId { get; set; }
    public PeriodGranularity? Granularity { get; set; }

    /// <summary>The first day of the changed period (a target's year starts on 1 January).</summary>
    public DateOnly? PeriodStart { get; set; }

    /// <summary>How the change came in: collected, entered, imported.</summary>
    public ObservationSource? Source { get; set; }

    /// <summary>Why, when the one who made the change said so (an admin's reopening, a confirmed jump).</summary>
    public string? Reason { get; set; }
}

public static class AuditActions
{
    public const string Insert = "insert";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Submit = "submit";
    public const string Approve = "approve";
    public const string Reopen = "reopen";
}

public static class AuditEntities
{
    public const string Observation = "observation";
    public const string Target = "target";
    public const string Submission = "submission";
    public const string User = "user";
    public const string ApiToken = "api-token";
    public const string County = "county";
    public const string Metric = "metric";
}

public sealed class JobRun
{
    public long Id { get; set; }
    public required string JobKey { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime? EndedAtUtc { get; set; }
    public JobRunStatus Status { get; set; }
    public int ItemsRead { get; set; }
    public int ItemsWritten { get; set; }

    /// <summary>A summary of what failed; each source's own error is in <see cref="Sources"/>.</summary>
    public string? Error { get; set; }

    /// <summary>Who started the run: the schedule, a user's "run now", the API.</summary>
    public string? TriggeredBy { get; set; }
    public List<JobRunSource> Sources { get; set; } = [];
}

/// <summary>One source's part in a job run.</summary>
public sealed class JobRunSource
{
    public long Id { get; set; }
    public long JobRunId { get; set; }
    public JobRun? JobRun { get; set; }
    public int? ChannelId { get; set; }
    public required string SourceName { get; set; }
    public bool Succeeded { get; set; }
    public int ItemsRead { get; set; }
    public int ItemsWritten { get; set; }
    public string? Error { get; set; }

    /// <summary>What the read noticed without failing (an ambiguous name, stories without a date), for the admin.</summary>
    public string? Note { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime EndedAtUtc { get; set; }
}

/// <summary>A bearer token for <c>/api/v1</c>; only the SHA-256 of the secret is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public required string Role { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }

    /// <summary>After this the token no longer signs in (null: it does until revoked).</summary>
    public DateTime? ExpiresAtUtc { get; set; }
}

/// <summary>
/// A wall-display link's key: opens <c>/screen</c> read-only without signing in. Only the SHA-256 of
/// the key is stored; the key itself is shown once, in the link, when it is made.
/// </summary>
public sealed class DisplayKey
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string KeyHash { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Who made it: <c>user:&lt;name&gt;</c> on the admin page, <c>cli:&lt;account&gt;</c> from the command line.</summary>
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public string? RevokedBy { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }
}

/// <summary>
/// A change notice on its way to the other app instances (<c>Live:CrossInstance</c>): written by the instance
/// that published it, read by the others, deleted after a day.
/// </summary>
public sealed class SharedChangeNotice
{
    public long Id { get; set; }

    /// <summary>The instance that published it: the others deliver it, it skips its own.</summary>
    public required string InstanceId { get; set; }
    public required string Source { get; set; }

    /// <summary>The metric keys, comma-separated.</summary>
    public required string MetricKeys { get; set; }

    /// <summary>The county ids, comma-separated.</summary>
    public required string CountyIds { get; set; }
    public DateTime AtUtc { get; set; }
}
