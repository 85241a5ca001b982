using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;

namespace Ruichang.Dashboard.Features.Displays;

/// <summary>A wall-display key as the admin page lists it; never the key itself.</summary>
public sealed record DisplayKeyInfo(
    int Id, string Name, DateTime CreatedAtUtc, string CreatedBy, DateTime? RevokedAtUtc, string? RevokedBy, DateTime? LastUsedAtUtc)
{
    public bool IsRevoked => RevokedAtUtc is not null;
}

/// <summary>A key just made: <see cref="Key"/> is the only time the secret is seen.</summary>
public sealed record CreatedDisplayKey(DisplayKeyInfo Info, string Key);

/// <summary>A name or key the rules refuse; the message is for the person who asked.</summary>
public sealed class DisplayKeyException(string message) : Exception(message);

/// <summary>
/// Makes, lists, revokes and checks wall-display keys: <c>rcs_</c> and 32 random bytes in base64url,
/// safe in a query string as it is. Only the SHA-256 of a key is stored, as for API tokens, so a copy
/// of the database opens no wall.
/// </summary>
public sealed class DisplayKeys(IDbContextFactory<DashboardDbContext> factory, TimeProvider time)
{
    public const string Prefix = "rcs_";
    public const int MaxNameLength = 100;

    // Writing the last use at every page load and reconnect would make every wall a writer.
    internal static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    /// <summary>Stores a new key named <paramref name="name"/> and returns it; it cannot be read back later.</summary>
    /// <exception cref="DisplayKeyException">The name is empty, too long, or taken by a key not revoked.</exception>
    public async Task<CreatedDisplayKey> CreateAsync(string? name, string createdBy, CancellationToken ct)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new DisplayKeyException("请填写大屏名称，例如“三楼会议室大屏”。");
        }

        if (trimmed.Length > MaxNameLength)
        {
            throw new DisplayKeyException($"大屏名称最长 {MaxNameLength} 个字符。");
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        // Names tell the walls apart in the list, where one is revoked: two live keys may not share one.
        if (await db.DisplayKeys.AnyAsync(k => k.Name == trimmed && k.RevokedAtUtc == null, ct))
        {
            throw new DisplayKeyException($"已有名为“{trimmed}”的有效大屏链接；请换一个名称，或先撤销原链接。");
        }

        var key = BearerSecrets.New(Prefix);
        var entity = new DisplayKey { Name = trimmed, KeyHash = BearerSecrets.Hash(key), CreatedAtUtc = time.GetUtcNow().UtcDateTime, CreatedBy = createdBy };
        db.DisplayKeys.Add(entity);
        await db.SaveChangesAsync(ct);
        return new CreatedDisplayKey(ToInfo(entity), key);
    }

    /// <summary>Every key, live ones first, newest first.</summary>
    public async Task<IReadOnlyList<DisplayKeyInfo>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var keys = await db.DisplayKeys.AsNoTracking().ToListAsync(ct);
        return [.. keys.OrderBy(k => k.RevokedAtUtc is not null).ThenByDescending(k => k.CreatedAtUtc).ThenByDescending(k => k.Id).Select(ToInfo)];
    }

    /// <summary>Revokes a key; false when there is no such key or it was revoked already.</summary>
    public async Task<bool> RevokeAsync(int id, string revokedBy, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.DisplayKeys
            .Where(k => k.Id == id && k.RevokedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAtUtc, now).SetProperty(k => k.RevokedBy, revokedBy), ct) > 0;
    }

    /// <summary>The id of the live key <paramref name="key"/>, noting its use; null for a wrong or revoked key.</summary>
    public async Task<int?> ValidateAsync(string? key, CancellationToken ct)
    {
        // Anything that is not shaped like a key is refused without asking the database.
        if (key is null || key.Length is < 10 or > 100 || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = BearerSecrets.Hash(key);
        await using var db = await factory.CreateDbContextAsync(ct);
        var found = await db.DisplayKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAtUtc == null)
            .Select(k => new { k.Id, k.LastUsedAtUtc })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (found.LastUsedAtUtc is null || now - found.LastUsedAtUtc >= LastUsedResolution)
        {
            var since = now - LastUsedResolution;
            await db.DisplayKeys
                .Where(k => k.Id == found.Id && (k.LastUsedAtUtc == null || k.LastUsedAtUtc <= since))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAtUtc, now), ct);
        }

        return found.Id;
    }

    /// <summary>Whether the key with this id exists and is not revoked.</summary>
    public async Task<bool> IsLiveAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.DisplayKeys.AnyAsync(k => k.Id == id && k.RevokedAtUtc == null, ct);
    }


    /// <summary>
    /// The wall's link: <c>{base}screen?key=…</c> under <paramref name="baseUrl"/> (with its trailing
    /// slash), or <c>/screen?key=…</c> when the app does not know its public address.
    /// </summary>
    public static string Link(Uri? baseUrl, string key)
    {
        var relative = "screen?key=" + Uri.EscapeDataString(key);
        return baseUrl is null ? "/" + relative : new Uri(baseUrl, relative).ToString();
    }

    private static DisplayKeyInfo ToInfo(DisplayKey k) =>
        new(k.Id, k.Name, k.CreatedAtUtc, k.CreatedBy, k.RevokedAtUtc, k.RevokedBy, k.LastUsedAtUtc);
}
