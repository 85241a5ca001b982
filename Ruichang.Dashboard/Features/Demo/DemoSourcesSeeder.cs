using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// With the demo on, points the home county's channels that have no source yet (no URL and no
/// external id) at the demo sources under <c>{base}demo/</c> (<see cref="DemoSourcesAddress"/>), so
/// that the collectors have something to read: the Sina account gets its demo uid, the outlets and
/// the own site a feed, the mobile paper and WeChat a counter URL with their field paths, the
/// commentator team the export. A channel already pointed at a demo source under another address (the
/// app listens on another port since the last start) is pointed at this one. A channel an
/// administrator has configured is never touched. Weibo accounts no API can read in the demo — the
/// closed Tencent account and the Jiangxi Weibo account — are disabled instead of failing every
/// hour; their history stays.
/// </summary>
/// <remarks>
/// It runs once the host has started (<see cref="IHostedLifecycleService.StartedAsync"/>): only then
/// does the server know the address it listens on. A collection that fires before that (a run missed
/// while the app was stopped) reads the URLs of the last start.
/// </remarks>
public sealed class DemoSourcesSeeder(
    IDbContextFactory<DashboardDbContext> factory,
    DemoSourcesAddress address,
    CountyClock clock,
    ILogger<DemoSourcesSeeder> logger) : IHostedLifecycleService
{
    /// <summary>Returns how many channels it changed.</summary>
    public async Task<int> ConfigureChannelsAsync(CancellationToken ct)
    {
        var prefix = address.Prefix;
        await using var db = await factory.CreateDbContextAsync(ct);
        var home = await db.Counties.AsNoTracking().SingleAsync(c => c.Code == ReferenceCatalog.HomeCountyCode, ct);
        var channels = await db.Channels.Where(c => c.CountyId == home.Id && !c.IsDemo).OrderBy(c => c.Id).ToListAsync(ct);
        var today = clock.Today;
        var changed = 0;
        foreach (var channel in channels)
        {
            if (DemoSourceLinks.SourcePathOf(channel.Url, address.BaseUrl) is { } path)
            {
                if (channel.Url != prefix + path)
                {
                    channel.Url = prefix + path;
                    changed++;
                }

                continue;
            }

            if (!string.IsNullOrWhiteSpace(channel.Url) || !string.IsNullOrWhiteSpace(channel.ExternalId))
            {
                continue;
            }

            if (channel.Kind == ChannelKinds.Weibo && (channel.ClosedOn <= today || channel.Platform != "sina"))
            {
                if (channel.IsEnabled)
                {
                    channel.IsEnabled = false;
                    changed++;
                }

                continue;
            }

            if (DemoSourceLinks.For(channel, home.Code, prefix) is not { } source)
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
            logger.DemoSourcesConfigured(changed, prefix);
        }

        return changed;
    }

    async Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken)
    {
        address.Resolve();
        await ConfigureChannelsAsync(cancellationToken);
    }

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsEmpty(string? json) => string.IsNullOrWhiteSpace(json) || json.Trim() == "{}";
}

internal static partial class DemoSourcesSeederLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Demo sources: {Count} home channels pointed at {Prefix} or disabled")]
    public static partial void DemoSourcesConfigured(this ILogger logger, int count, string prefix);
}
