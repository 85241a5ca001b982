using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;

namespace Ruichang.Dashboard.Features.Api;

/// <summary>
/// Makes API tokens: <c>rcd_</c> and 32 random bytes in base64url. Only the SHA-256 of the token is
/// stored, so a copy of the database does not hand out working tokens; the token itself is shown once.
/// </summary>
public sealed class ApiTokenIssuer(IDbContextFactory<DashboardDbContext> factory, TimeProvider time)
{
    public const string Prefix = "rcd_";

    /// <summary>Stores a new token for <paramref name="role"/> and returns it; it cannot be read back later.</summary>
    public async Task<string> IssueAsync(string name, string role, CancellationToken ct)
    {
        var token = BearerSecrets.New(Prefix);
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(new ApiToken { Name = name, Role = role, TokenHash = BearerSecrets.Hash(token), CreatedAtUtc = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return token;
    }

}
