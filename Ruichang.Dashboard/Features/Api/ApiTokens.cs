using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;

namespace Ruichang.Dashboard.Features.Api;

/// <summary>An API token as the admin page and <c>list-tokens</c> show it; never the secret, which is not stored.</summary>
public sealed record ApiTokenInfo(
    int Id, string Name, string Role, DateTime CreatedAtUtc, DateTime? ExpiresAtUtc, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc)
{
    public bool IsRevoked => RevokedAtUtc is not null;

    public bool IsExpired(DateTime nowUtc) => ExpiresAtUtc is { } expires && expires <= nowUtc;

    /// <summary>Whether the token still signs in at <paramref name="nowUtc"/>.</summary>
    public bool IsLive(DateTime nowUtc) => !IsRevoked && !IsExpired(nowUtc);
}

/// <summary>Lists and revokes API tokens; a revocation is recorded in the audit trail in the same transaction.</summary>
public sealed class ApiTokens(IDbContextFactory<DashboardDbContext> factory, TimeProvider time)
{
    /// <summary>Every token: live ones first, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var tokens = await db.ApiTokens.AsNoTracking().Select(t => new ApiTokenInfo(
            t.Id, t.Name, t.Role, t.CreatedAtUtc, t.ExpiresAtUtc, t.RevokedAtUtc, t.LastUsedAtUtc)).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return [.. tokens.OrderBy(t => !t.IsLive(now)).ThenByDescending(t => t.CreatedAtUtc).ThenByDescending(t => t.Id)];
    }

    /// <summary>Revokes the token <paramref name="id"/>; null when there is none, or it was revoked already.</summary>
    public async Task<ApiTokenInfo?> RevokeAsync(int id, string revokedBy, CancellationToken ct) =>
        await RevokeWhereAsync(t => t.Id == id, revokedBy, ct);

    /// <summary>Revokes the token not yet revoked that is named <paramref name="name"/>; null when there is none.</summary>
    public async Task<ApiTokenInfo?> RevokeByNameAsync(string name, string revokedBy, CancellationToken ct) =>
        await RevokeWhereAsync(t => t.Name == name, revokedBy, ct);

    private async Task<ApiTokenInfo?> RevokeWhereAsync(System.Linq.Expressions.Expression<Func<ApiToken, bool>> which, string revokedBy, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var token = await db.ApiTokens.Where(which).Where(t => t.RevokedAtUtc == null).OrderByDescending(t => t.Id).FirstOrDefaultAsync(ct);
        if (token is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        token.RevokedAtUtc = now;
        AccountAudit.Add(db, now, revokedBy, AuditEntities.ApiToken, AccountAudit.Revoked, token.Name, oldValue: token.Role);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ApiTokenInfo(token.Id, token.Name, token.Role, token.CreatedAtUtc, token.ExpiresAtUtc, token.RevokedAtUtc, token.LastUsedAtUtc);
    }
}
