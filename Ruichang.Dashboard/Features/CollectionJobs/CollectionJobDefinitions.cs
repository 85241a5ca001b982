using Ruichang.Dashboard.Features.Sources;

namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>One collection job: its key (design.md), its default schedule, and the channel kinds it reads (those whose <see cref="SourceKind.JobKey"/> it is).</summary>
public sealed record CollectionJobDefinition(string Key, string Name, string NameEn, string DefaultCron)
{
    public IReadOnlyList<string> Kinds => [.. SourceKinds.All.Where(k => k.JobKey == Key).Select(k => k.Key)];
}

/// <summary>The collection jobs, one per source kind, and the monthly work summary; each on its own schedule in the county's time zone.</summary>
public static class CollectionJobDefinitions
{
    public const string Weibo = "weibo";
    public const string Articles = "articles";
    public const string Counters = "counters";
    public const string Commentators = "commentators";
    public const string Rankings = "rankings";
    public const string Reports = "reports";

    public static readonly IReadOnlyList<CollectionJobDefinition> All =
    [
        // Followers are a daily snapshot; hourly keeps the wall screen current without pressing the API's quota.
        new(Weibo, "政务微博", "Government Weibo", "0 5 * * * ?"),
        new(Articles, "稿件刊发", "Article placements", "0 20 * * * ?"),
        // Counters that report "this month so far" are final with the month's last read: hourly, the last at 23:55.
        new(Counters, "手机报与微信", "Mobile paper and WeChat", "0 55 * * * ?"),
        new(Commentators, "网络评论员", "Network commentators", "0 0 7 * * ?"),
        new(Rankings, "排行榜", "Published rankings", "0 0 8 * * ?"),
        // Reads no channel: writes last month's work summary (Features/Reports), on the 1st at 06:00, once the
        // month's last counter reads (23:55) are in.
        new(Reports, "工作总结", "Work summary", "0 0 6 1 * ?"),
    ];

    public static CollectionJobDefinition? Find(string key) => All.FirstOrDefault(j => j.Key == key);
}
