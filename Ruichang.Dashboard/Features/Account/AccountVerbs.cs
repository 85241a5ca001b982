using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Features.Account;

/// <summary><c>create-user &lt;name&gt; --role &lt;Admin|Staff|Leader&gt; [--password &lt;pw&gt;]</c>.</summary>
internal sealed class CreateUserVerb(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity) : ICommandLineVerb
{
    public string Name => "create-user";

    public string Usage => "<用户名> --role <Admin|Staff|Leader> [--password <密码>] —— 创建用户；不给密码时生成一个并只显示一次";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var arguments = VerbArguments.Parse(args, "用户名", "role", "password");
        var role = arguments.Role();
        var given = arguments.Option("password");
        var password = given ?? PasswordPolicy.Generate(identity.Value.Password);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.FindByNameAsync(arguments.Name) is not null)
        {
            throw new CommandLineException($"用户 \"{arguments.Name}\" 已存在；要重设密码请用 reset-password。");
        }

        await AccountVerbs.EnsureRoleAsync(scope.ServiceProvider, role);
        var user = new DashboardUser { UserName = arguments.Name };
        AccountVerbs.Check(await users.CreateAsync(user, password), $"无法创建用户 \"{arguments.Name}\"");
        AccountVerbs.Check(await users.AddToRoleAsync(user, role), $"无法授予用户 \"{arguments.Name}\" 角色 {role}");

        if (given is null)
        {
            await output.WriteLineAsync("密码只显示这一次，请立即转交用户。The password is shown only once.");
            await output.WriteLineAsync($"created user {user.UserName} ({role}) with password: {password}");
        }
        else
        {
            await output.WriteLineAsync($"created user {user.UserName} ({role})");
        }

        return 0;
    }
}

/// <summary><c>reset-password &lt;name&gt; [--password &lt;pw&gt;]</c>: also ends a lockout.</summary>
internal sealed class ResetPasswordVerb(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity) : ICommandLineVerb
{
    public string Name => "reset-password";

    public string Usage => "<用户名> [--password <密码>] —— 重设密码并解除锁定；不给密码时生成一个并只显示一次";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var arguments = VerbArguments.Parse(args, "用户名", "password");
        var given = arguments.Option("password");
        var password = given ?? PasswordPolicy.Generate(identity.Value.Password);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await users.FindByNameAsync(arguments.Name)
            ?? throw new CommandLineException($"找不到用户 \"{arguments.Name}\"。");

        // The reset token path validates the password and renews the security stamp, which signs
        // the user out of existing sessions.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        AccountVerbs.Check(await users.ResetPasswordAsync(user, token, password), $"无法重设用户 \"{user.UserName}\" 的密码");
        // Someone else chose this password: the user picks their own at the next sign-in. A lockout
        // ends; a disabled account stays disabled (UserAccounts says how the two differ).
        user.MustChangePassword = true;
        user.AccessFailedCount = 0;
        var disabled = UserAccounts.IsDisabled(user);
        if (!disabled)
        {
            user.LockoutEnd = null;
        }

        AccountVerbs.Check(await users.UpdateAsync(user), $"无法解除用户 \"{user.UserName}\" 的锁定");
        if (disabled)
        {
            await output.WriteLineAsync($"用户 \"{user.UserName}\" 已停用，重设密码不会启用该账户。");
        }

        if (given is null)
        {
            await output.WriteLineAsync("密码只显示这一次，请立即转交用户。The password is shown only once.");
            await output.WriteLineAsync($"reset password of {user.UserName} (lockout cleared), new password: {password}");
        }
        else
        {
            await output.WriteLineAsync($"reset password of {user.UserName} (lockout cleared)");
        }

        return 0;
    }
}

/// <summary><c>disable-user &lt;name&gt;</c>: no more sign-ins, and the user's open sessions end within <c>Sessions:RevalidationInterval</c> (a minute by default).</summary>
internal sealed class DisableUserVerb(UserAccounts accounts) : ICommandLineVerb
{
    public string Name => "disable-user";

    public string Usage => "<用户名> —— 停用用户：不能再登录，已打开的页面在一分钟内失去权限（在 /admin/users 重新启用）";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var arguments = VerbArguments.Parse(args, "用户名");
        try
        {
            var id = await accounts.IdOfAsync(arguments.Name);
            await accounts.DisableAsync(id, AccountAudit.CommandLineActor, ct);
        }
        catch (AccountException ex)
        {
            throw new CommandLineException(ex.Message);
        }

        await output.WriteLineAsync($"disabled user {arguments.Name}");
        return 0;
    }
}

internal static class AccountVerbs
{
    /// <summary>Verbs run without the start-up seeders, so a fresh database may not have the roles yet.</summary>
    public static async Task EnsureRoleAsync(IServiceProvider services, string role)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            Check(await roles.CreateAsync(new IdentityRole(role)), $"无法创建角色 {role}");
        }
    }

    public static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new CommandLineException($"{what}：{string.Join("；", result.Errors.Select(e => e.Description))}");
        }
    }
}
