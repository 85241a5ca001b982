using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Features.Api;

/// <summary><c>create-token &lt;name&gt; --role &lt;role&gt;</c>: prints a new API token once.</summary>
internal sealed class CreateTokenVerb(ApiTokenIssuer issuer, IDbContextFactory<DashboardDbContext> factory) : ICommandLineVerb
{
    public string Name => "create-token";

    public string Usage => "<名称> --role <Admin|Staff|Leader> —— 创建 /api/v1 的访问令牌，令牌只显示一次";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var arguments = VerbArguments.Parse(args, "令牌名称", "role");
        var role = arguments.Role();
        if (arguments.Name.Length > 100)
        {
            throw new CommandLineException("令牌名称最长 100 个字符。");
        }

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            // Names identify tokens in the log and when revoking one: two live tokens may not share one.
            if (await db.ApiTokens.AnyAsync(t => t.Name == arguments.Name && t.RevokedAtUtc == null, ct))
            {
                throw new CommandLineException($"令牌 \"{arguments.Name}\" 已存在；请换一个名称。");
            }
        }

        var token = await issuer.IssueAsync(arguments.Name, role, ct);
        await output.WriteLineAsync("令牌只显示这一次，数据库只保存它的哈希值。The token is shown only once.");
        await output.WriteLineAsync($"created token {arguments.Name} ({role}): {token}");
        return 0;
    }
}
