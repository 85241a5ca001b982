using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// With the demo on, points the home county's channels that have no source yet (no URL and no
/// external id) at the demo sources under <c>{Demo:SourcesBaseUrl}demo/</c>, so that the collectors
/// have something to read on a fresh development start: the Sina account gets its demo uid, the
/// outlets and the own site a feed, the mobile paper and WeChat a counter URL with their field
/// paths, the commentator team the export. A channel an administrator has configured is never
/// touched. Weibo accounts no API can read in the demo — the closed Tencent account and the Jiangxi
/// Weibo account — are disabled instead of failing every hour; their history stays.
/// </summary>
public sealed class DemoSourcesSeeder(
    IDbContextFactory<DashboardDbContext> factory,
    DemoOptions options,
    CountyClock clock,
    ILogger<DemoSourcesSeeder> logger) : IStartupSeeder
{
    /// <summary>After the demo history (100), which adds the peers' channels.</summary>
    public int Order => 110;

    public async Task SeedAsync(CancellationToken ct) => await ConfigureChannelsAsync(ct);

    /// <summary>Returns how many channels it changed.</summary>
    public async Task<int> ConfigureChannelsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var home = await db.Counties.AsNoTracking().SingleAsync(c => c.Code == ReferenceCatalog.HomeCountyCode, ct);
        var channels = await db.Channels.Where(c => c.CountyId == home.Id && !c.IsDemo).OrderBy(c => c.Id).ToListAsync(ct);
        var today = clock.Today;
        var changed = 0;
        foreach (var channel in channels.Where(c => string.IsNullOrWhiteSpace(c.Url) && string.IsNullOrWhiteSpace(c.ExternalId)))
        {
            if (channel.Kind == ChannelKinds.Weibo && (channel.ClosedOn <= today || channel.Platform != "sina"))
            {
                if (channel.IsEnabled)
                {
                    channel.IsEnabled = false;
                    changed++;
                }

                continue;
            }

            if (DemoSourceLinks.For(channel, home.Code, options.SourcesPrefix) is not { } source)
            {
                continue;
            }

            channel.Url = source.Url;
            channel.ExternalId = source.ExternalId;
            if (source.OptionsJson is not null && IsEmpty(channel.OptionsJson))
            {
                channel.OptionsJson = source.OptionsJson;
            }

            channel.IsEnabled = true;
            changed++;
        }

        await db.SaveChangesAsync(ct);
        if (changed > 0)
        {
            logger.DemoSourcesConfigured(changed, options.SourcesPrefix);
        }

        return changed;
    }

    private static bool IsEmpty(string? json) => string.IsNullOrWhiteSpace(json) || json.Trim() == "{}";
}

internal static partial class DemoSourcesSeederLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Demo sources: {Count} home channels pointed at {Prefix} or disabled")]
    public static partial void DemoSourcesConfigured(this ILogger logger, int count, string prefix);
}
