using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>
/// Secrets that open something by being shown (API tokens, wall-display keys): a prefix that says what it
/// is and 32 random bytes in base64url. Only their SHA-256 is stored, so a copy of the database hands out
/// no working secret; the secret itself is shown once.
/// </summary>
public static class BearerSecrets
{
    public static string New(string prefix) => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lower-case hex SHA-256 of the secret's UTF-8 bytes, as stored.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
