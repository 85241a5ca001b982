using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.ReferenceData;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Channels;

/// <summary>What a channel write did: the channel as written, or the errors per field.</summary>
public sealed record ChannelWriteResult(IReadOnlyDictionary<string, string[]> Errors, ChannelDto? Channel)
{
    public bool Succeeded => Channel is not null;

    public static ChannelWriteResult Failed(IReadOnlyDictionary<string, string[]> errors) => new(errors, null);
}

/// <summary>
/// Adds, edits, enables and disables channels, for the API and the admin page; every write is
/// checked by <see cref="ChannelValidator"/>. A channel's URL decides which hosts collectors may
/// call, so each write makes <see cref="HostPolicy"/> read them again.
/// </summary>
public sealed class ChannelCommands(IDbContextFactory<DashboardDbContext> factory, ChannelValidator validator, HostPolicy hosts)
{
    public async Task<ChannelWriteResult> AddAsync(ChannelInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, null, ct);
        if (validation.Channel is not { } valid)
        {
            return ChannelWriteResult.Failed(validation.Errors);
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = new Channel { CountyId = valid.CountyId, Kind = valid.Kind, Name = valid.Name };
        Apply(channel, valid);
        db.Channels.Add(channel);
        return await SaveAsync(db, channel, valid, input, null, ct);
    }

    public async Task<ChannelWriteResult> UpdateAsync(int channelId, ChannelInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, channelId, ct);
        if (validation.Channel is not { } valid)
        {
            return ChannelWriteResult.Failed(validation.Errors);
        }

        // Tracked, so that only the settings are written: a collector may be recording the
        // channel's status at the same time.
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, ct);
        if (channel is null)
        {
            return ChannelWriteResult.Failed(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["id"] = [$"渠道 {channelId} 不存在（可能已被删除）。"] });
        }

        Apply(channel, valid);
        return await SaveAsync(db, channel, valid, input, channelId, ct);
    }

    /// <summary>Turns collection of a channel on or off; false when there is no such channel.</summary>
    public async Task<bool> SetEnabledAsync(int channelId, bool enabled, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsEnabled, enabled), ct);
        hosts.Invalidate();
        return changed > 0;
    }

    private static void Apply(Channel channel, ValidChannel valid)
    {
        channel.CountyId = valid.CountyId;
        channel.Kind = valid.Kind;
        channel.Name = valid.Name;
        channel.Platform = valid.Platform;
        channel.ExternalId = valid.ExternalId;
        channel.Url = valid.Url;
        channel.OptionsJson = valid.OptionsJson;
    }

    private async Task<ChannelWriteResult> SaveAsync(
        DashboardDbContext db, Channel channel, ValidChannel valid, ChannelInput input, int? channelId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone wrote the same (county, kind, name) between the check and the save: the
            // unique index refused it, and a second check says so in words.
            var again = await validator.ValidateAsync(input, channelId, ct);
            if (again.IsValid)
            {
                throw;
            }

            return ChannelWriteResult.Failed(again.Errors);
        }

        hosts.Invalidate();
        return new ChannelWriteResult(new Dictionary<string, string[]>(), ChannelDto.From(channel, valid.CountyCode));
    }
}
