using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>
/// Creates the first administrator (<c>Bootstrap:AdminUserName</c>) when no user has the Admin
/// role. Without <c>Bootstrap:AdminPassword</c> a password is generated and printed on the console
/// this one time (straight to standard output, not through the logger, which would copy it into
/// every log sink), and must be changed at the first sign-in: only its hash is kept, so it can
/// never be shown again.
/// </summary>
internal sealed partial class BootstrapAdminSeeder(
    IServiceScopeFactory scopes,
    BootstrapOptions options,
    IOptions<IdentityOptions> identity,
    ILogger<BootstrapAdminSeeder> logger) : IStartupSeeder
{
    // After the roles (10).
    public int Order => 20;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        var userName = options.AdminUserName.Trim();
        if (await users.FindByNameAsync(userName) is not null)
        {
            // Someone took the Admin role away from this user on purpose; giving it back on every
            // start would undo that. The command line can make a new administrator.
            LogNameTakenWithoutAdmin(logger, userName);
            return;
        }

        var generated = string.IsNullOrEmpty(options.AdminPassword);
        var password = generated ? PasswordPolicy.Generate(identity.Value.Password) : options.AdminPassword!;
        var user = new DashboardUser { UserName = userName, DisplayName = "管理员", MustChangePassword = generated };
        Check(await users.CreateAsync(user, password), userName);
        Check(await users.AddToRoleAsync(user, Roles.Admin), userName);

        if (generated)
        {
            await Console.Out.WriteLineAsync(
                $"已创建初始管理员 {userName}，生成的密码：{password}\n" +
                $"  此密码只显示这一次，以后不会再显示；首次登录后必须修改。忘记时可运行 reset-password {userName} 重新设置，或在首次启动前设置 {BootstrapOptions.AdminPasswordKey}。" +
                " This password is shown only once and must be changed at the first sign-in.");
            await Console.Out.FlushAsync(ct);
            LogGeneratedPassword(logger, userName);
        }
        else
        {
            LogCreated(logger, userName, BootstrapOptions.AdminPasswordKey);
        }
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"无法创建初始管理员 {userName}：{string.Join("；", result.Errors.Select(e => e.Description))}（{BootstrapOptions.AdminUserNameKey}）");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "已创建初始管理员 {UserName}，生成的密码已打印在控制台（只显示这一次，不写入日志）。The generated password was printed on the console only.")]
    private static partial void LogGeneratedPassword(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "已创建初始管理员 {UserName}，密码取自 {Key}。")]
    private static partial void LogCreated(ILogger logger, string userName, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "没有管理员，但用户 {UserName} 已存在且不是管理员：未自动授予权限。请用 create-user <名称> --role Admin 创建管理员。")]
    private static partial void LogNameTakenWithoutAdmin(ILogger logger, string userName);
}
