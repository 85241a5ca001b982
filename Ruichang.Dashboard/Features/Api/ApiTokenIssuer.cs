using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

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
        var token = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(new ApiToken { Name = name, Role = role, TokenHash = Hash(token), CreatedAtUtc = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes, as stored in <see cref="ApiToken.TokenHash"/>.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
