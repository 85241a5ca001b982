using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Features.Api;

/// <summary><c>create-token &lt;name&gt; --role &lt;role&gt; [--expires &lt;days&gt;]</c>: prints a new API token once.</summary>
internal sealed class CreateTokenVerb(ApiTokenIssuer issuer, IDbContextFactory<DashboardDbContext> factory) : ICommandLineVerb
{
    public const int MaxExpiryDays = 3650;

    public string Name => "create-token";

    public string Usage => "<名称> --role <Admin|Staff|Leader> [--expires <天数>] —— 创建 /api/v1 的访问令牌，令牌只显示一次；给出天数时令牌到期后失效";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var arguments = VerbArguments.Parse(args, "令牌名称", "role", "expires");
        var role = arguments.Role();
        if (arguments.Name.Length > 100)
        {
            throw new CommandLineException("令牌名称最长 100 个字符。");
        }

        TimeSpan? lifetime = null;
        if (arguments.Option("expires") is { } expires)
        {
            if (!int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > MaxExpiryDays)
            {
                throw new CommandLineException($"--expires 应为 1 到 {MaxExpiryDays} 之间的整数天数，现在是 \"{expires}\"。");
            }

            lifetime = TimeSpan.FromDays(days);
        }

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            // Names identify tokens in the log and when revoking one: two live tokens may not share one.
            if (await db.ApiTokens.AnyAsync(t => t.Name == arguments.Name && t.RevokedAtUtc == null, ct))
            {
                throw new CommandLineException($"令牌 \"{arguments.Name}\" 已存在；请换一个名称，或先用 revoke-token 吊销它。");
            }
        }

        var token = await issuer.IssueAsync(arguments.Name, role, lifetime, ct);
        await output.WriteLineAsync("令牌只显示这一次，数据库只保存它的哈希值。The token is shown only once.");
        if (lifetime is { } span)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var expiresAt = await db.ApiTokens.Where(t => t.Name == arguments.Name && t.RevokedAtUtc == null).Select(t => t.ExpiresAtUtc).SingleAsync(ct);
            await output.WriteLineAsync($"created token {arguments.Name} ({role}, expires {TokenListing.Utc(expiresAt)}, in {span.Days} days): {token}");
        }
        else
        {
            await output.WriteLineAsync($"created token {arguments.Name} ({role}): {token}");
        }

        return 0;
    }
}

/// <summary><c>list-tokens</c>: every API token with its role and dates; never a secret (only hashes are stored).</summary>
internal sealed class ListTokensVerb(ApiTokens tokens, TimeProvider time) : ICommandLineVerb
{
    public string Name => "list-tokens";

    public string Usage => "—— 列出 API 令牌（名称、角色、创建、到期、吊销、最近使用；不显示令牌本身）";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        if (args.Count > 0)
        {
            throw new CommandLineException($"多余的参数 \"{args[0]}\"。");
        }

        var list = await tokens.ListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        await output.WriteLineAsync("name\trole\tcreated\texpires\trevoked\tlast used\tstate");
        foreach (var token in list)
        {
            await output.WriteLineAsync(string.Join('\t',
                token.Name, token.Role, TokenListing.Utc(token.CreatedAtUtc), TokenListing.Utc(token.ExpiresAtUtc),
                TokenListing.Utc(token.RevokedAtUtc), TokenListing.Utc(token.LastUsedAtUtc), TokenListing.State(token, now)));
        }

        await output.WriteLineAsync($"listed {list.Count} tokens ({list.Count(t => t.IsLive(now))} live)");
        return 0;
    }
}

/// <summary><c>revoke-token &lt;name&gt;</c>: the live token of that name stops signing in at once.</summary>
internal sealed class RevokeTokenVerb(ApiTokens tokens) : ICommandLineVerb
{
    public string Name => "revoke-token";

    public string Usage => "<名称> —— 吊销该名称的 API 令牌，立即失效";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var arguments = VerbArguments.Parse(args, "令牌名称");
        var revoked = await tokens.RevokeByNameAsync(arguments.Name, AccountAudit.CommandLineActor, ct)
            ?? throw new CommandLineException($"找不到未吊销的令牌 \"{arguments.Name}\"；list-tokens 列出所有令牌。");
        await output.WriteLineAsync($"revoked token {revoked.Name} ({revoked.Role})");
        return 0;
    }
}

internal static class TokenListing
{
    /// <summary>UTC, to the minute, sortable; "-" for none.</summary>
    public static string Utc(DateTime? utc) =>
        utc is { } t ? t.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "-";

    public static string State(ApiTokenInfo token, DateTime nowUtc) =>
        token.IsRevoked ? "revoked" : token.IsExpired(nowUtc) ? "expired" : "live";
}
