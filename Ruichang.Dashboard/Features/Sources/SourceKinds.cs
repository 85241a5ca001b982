using Ruichang.Dashboard.Features.Localization;
using Ruichang.Dashboard.Features.Sources.Articles;
using Ruichang.Dashboard.Features.Sources.Commentators;
using Ruichang.Dashboard.Features.Sources.Counters;
using Ruichang.Dashboard.Features.Sources.Rankings;
using Ruichang.Dashboard.Features.Sources.Weibo;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>
/// A kind of channel the collectors read (<see cref="Domain.ChannelKinds"/>): what it is called, which
/// collection job reads it, and what a channel of it must have. Each kind's folder declares its own.
/// </summary>
public sealed record SourceKind(string Key, string Name, string NameEn, string JobKey, bool NeedsUrl = false, bool NeedsExternalId = false);

/// <summary>Every source kind, from the kinds' folders: what the channel rules, the pages and the jobs know of kinds.</summary>
public static class SourceKinds
{
    public static readonly IReadOnlyList<SourceKind> All =
        [.. WeiboSource.Kinds, .. ArticleSources.Kinds, .. CounterSource.Kinds, .. CommentatorSource.Kinds, .. RankingSource.Kinds];

    public static SourceKind? Find(string? key) => All.FirstOrDefault(k => k.Key == key);

    /// <summary>The kind's Chinese name, for messages that are always Chinese.</summary>
    public static string Chinese(string key) => Find(key)?.Name ?? key;

    /// <summary>The kind's name in the current UI language.</summary>
    public static string Label(string key) => Find(key) is { } kind ? Ui.Text(kind.Name, kind.NameEn) : key;
}
