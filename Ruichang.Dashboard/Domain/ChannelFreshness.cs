namespace Ruichang.Dashboard.Domain;

/// <summary>
/// Whether a channel's figures are stale: its last read failed (it keeps its last good figures,
/// which may be old), or its last good read is more than <see cref="MaxAge"/> ago (the collector
/// has stopped reaching it).
/// </summary>
public static class ChannelFreshness
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    public static bool IsStale(Channel channel, DateTime nowUtc) =>
        channel.LastError is not null || (channel.LastSuccessAtUtc is { } at && nowUtc - at > MaxAge);
}
