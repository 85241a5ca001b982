using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

public sealed class ChannelFreshnessTests
{
    private static readonly DateTime Now = new(2014, 10, 15, 4, 0, 0, DateTimeKind.Utc);

    private static Channel Read(DateTime? lastSuccess, string? lastError = null) =>
        new() { Kind = ChannelKinds.Weibo, Name = "九江瑞昌发布", LastSuccessAtUtc = lastSuccess, LastAttemptAtUtc = lastSuccess, LastError = lastError };

    [Fact]
    public void A_channel_read_within_a_day_is_fresh() => Assert.False(ChannelFreshness.IsStale(Read(Now.AddHours(-23)), Now));

    [Fact]
    public void A_channel_last_read_more_than_a_day_ago_is_stale() => Assert.True(ChannelFreshness.IsStale(Read(Now.AddHours(-25)), Now));

    [Fact]
    public void A_channel_whose_last_try_failed_is_stale_however_recent_its_data() =>
        Assert.True(ChannelFreshness.IsStale(Read(Now.AddMinutes(-5), "HTTP 500"), Now));

    [Fact]
    public void A_channel_never_collected_is_not_called_stale() => Assert.False(ChannelFreshness.IsStale(Read(null), Now));
}
