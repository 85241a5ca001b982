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

    /// <summary>Stores a new token for <paramref name="role"/> that does not expire and returns it; it cannot be read back later.</summary>
    public Task<string> IssueAsync(string name, string role, CancellationToken ct) => IssueAsync(name, role, lifetime: null, ct);

    /// <summary>
    /// Stores a new token for <paramref name="role"/>, which stops signing in after <paramref name="lifetime"/>
    /// (null: only when revoked), and returns it; it cannot be read back later.
    /// </summary>
    public async Task<string> IssueAsync(string name, string role, TimeSpan? lifetime, CancellationToken ct)
    {
        var token = BearerSecrets.New(Prefix);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(new ApiToken
        {
            Name = name,
            Role = role,
            TokenHash = BearerSecrets.Hash(token),
            CreatedAtUtc = now,
            ExpiresAtUtc = lifetime is { } span ? now + span : null,
        });
        await db.SaveChangesAsync(ct);
        return token;
    }
}
