using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Channels;

/// <summary>What the channel admin page reads: channels with their county and status, counties, metric names.</summary>
public sealed class ChannelQueries(IDbContextFactory<DashboardDbContext> factory)
{
    /// <summary>Every channel with its <see cref="Channel.County"/>, in the counties' display order.</summary>
    public async Task<IReadOnlyList<Channel>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AsNoTracking().Include(c => c.County)
            .OrderBy(c => c.County!.DisplayOrder).ThenBy(c => c.Kind).ThenBy(c => c.Id)
            .ToListAsync(ct);
    }

    /// <summary>One channel with its county, as a collector would read it now; null when it is gone.</summary>
    public async Task<Channel?> FindAsync(int channelId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AsNoTracking().Include(c => c.County).SingleOrDefaultAsync(c => c.Id == channelId, ct);
    }

    public async Task<IReadOnlyList<County>> CountiesAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<MetricDefinition>> MetricsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Metrics.AsNoTracking().OrderBy(m => m.DisplayOrder).ToListAsync(ct);
    }
}
