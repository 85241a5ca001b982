using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Account;

public sealed partial class AccountVerbTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task Create_user_without_a_password_prints_a_generated_one_that_signs_in()
    {
        var result = await app.RunVerbAsync("create-user", "zhangsan", "--role", "Staff");

        Assert.Equal(0, result.ExitCode);
        var password = CreatedWithPassword().Match(result.LastLine);
        Assert.True(password.Success, result.Output);
        Assert.Equal("created user zhangsan (Staff) with password: " + password.Groups[1].Value, result.LastLine);
        Assert.True(await HasRoleAsync("zhangsan", Roles.Staff));
        Assert.True(await PasswordWorksAsync("zhangsan", password.Groups[1].Value));
    }

    [Fact]
    public async Task Create_user_with_a_password_does_not_print_it()
    {
        var result = await app.RunVerbAsync("create-user", "lisi", "--role", "leader", "--password", "lisi-password");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("created user lisi (Leader)", result.LastLine);
        Assert.DoesNotContain("lisi-password", result.Output, StringComparison.Ordinal);
        Assert.True(await HasRoleAsync("lisi", Roles.Leader));
        Assert.True(await PasswordWorksAsync("lisi", "lisi-password"));
    }

    [Theory]
    [InlineData(new[] { "create-user", "wangwu" }, "缺少 --role")]
    [InlineData(new[] { "create-user", "wangwu", "--role", "Boss" }, "未知角色 \"Boss\"")]
    [InlineData(new[] { "create-user", "--role", "Staff" }, "缺少用户名")]
    [InlineData(new[] { "create-user", "wangwu", "--role", "Staff", "--password", "short" }, "至少需要 8 个字符")]
    [InlineData(new[] { "create-user", "wangwu", "--role", "Staff", "--colour", "red" }, "未知选项 --colour")]
    [InlineData(new[] { "create-user", "王五", "--role", "Staff" }, "用户名 \"王五\" 无效")]
    [InlineData(new[] { "reset-password", "nobody-here" }, "找不到用户 \"nobody-here\"")]
    [InlineData(new[] { "create-token", "ci" }, "缺少 --role")]
    [InlineData(new[] { "create-token", "ci", "--role", "root" }, "未知角色 \"root\"")]
    public async Task Wrong_arguments_fail_with_a_Chinese_message(string[] args, string message)
    {
        var result = await app.RunVerbAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Contains("用法：", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_user_refuses_an_existing_name()
    {
        await app.CreateUserAsync("zhaoliu", Roles.Leader);

        var result = await app.RunVerbAsync("create-user", "zhaoliu", "--role", "Admin");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("用户 \"zhaoliu\" 已存在", result.Error, StringComparison.Ordinal);
        Assert.False(await HasRoleAsync("zhaoliu", Roles.Admin));
    }

    [Fact]
    public async Task Reset_password_prints_a_new_password_and_ends_a_lockout()
    {
        await app.CreateUserAsync("sunqi", Roles.Staff);
        using (var browser = app.CreateBrowserClient())
        {
            for (var i = 0; i < 5; i++)
            {
                using var wrong = await DashboardAppFactory.PostLoginAsync(browser, "sunqi", "wrong-password");
            }
        }

        Assert.True(await IsLockedOutAsync("sunqi"));

        var result = await app.RunVerbAsync("reset-password", "sunqi");

        Assert.Equal(0, result.ExitCode);
        var password = ResetWithPassword().Match(result.LastLine);
        Assert.True(password.Success, result.Output);
        Assert.False(await IsLockedOutAsync("sunqi"));
        Assert.True(await PasswordWorksAsync("sunqi", password.Groups[1].Value));
        Assert.False(await PasswordWorksAsync("sunqi", DashboardAppFactory.UserPassword));
        using var signedIn = await app.SignInAsync("sunqi", password.Groups[1].Value);
    }

    [Fact]
    public async Task Reset_password_with_a_password_sets_it_without_printing_it()
    {
        await app.CreateUserAsync("zhouba", Roles.Leader);

        var result = await app.RunVerbAsync("reset-password", "zhouba", "--password", "zhouba-new-password");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("reset password of zhouba (lockout cleared)", result.LastLine);
        Assert.True(await PasswordWorksAsync("zhouba", "zhouba-new-password"));
    }

    [Fact]
    public async Task The_built_app_creates_a_user_on_a_fresh_database_from_the_command_line()
    {
        using var database = new TestDatabase();

        var (exitCode, output, error) = await RunAppAsync(database, "create-user", "qianjiu", "--role", "Admin");

        Assert.True(exitCode == 0, error);
        var password = CreatedWithPassword().Match(output);
        Assert.True(password.Success, output);
        await using var process = DashboardAppFactory.On(database);
        Assert.True(await process.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<DashboardUser>>();
            var user = await users.FindByNameAsync("qianjiu");
            return user is not null && await users.IsInRoleAsync(user, Roles.Admin) && await users.CheckPasswordAsync(user, password.Groups[1].Value);
        }));
    }

    [Fact]
    public async Task The_built_app_stops_with_the_key_when_the_bootstrap_password_breaks_the_policy()
    {
        using var database = new TestDatabase();

        var (exitCode, _, error) = await RunAppAsync(database, ("Bootstrap__AdminPassword", "short"), "migrate");

        Assert.Equal(1, exitCode);
        Assert.Contains("Bootstrap:AdminPassword", error, StringComparison.Ordinal);
    }

    private Task<bool> HasRoleAsync(string userName, string role) => app.InScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserManager<DashboardUser>>();
        return await users.FindByNameAsync(userName) is { } user && await users.IsInRoleAsync(user, role);
    });

    private Task<bool> PasswordWorksAsync(string userName, string password) => app.InScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserManager<DashboardUser>>();
        return await users.FindByNameAsync(userName) is { } user && await users.CheckPasswordAsync(user, password);
    });

    private Task<bool> IsLockedOutAsync(string userName) => app.InScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserManager<DashboardUser>>();
        return await users.IsLockedOutAsync((await users.FindByNameAsync(userName))!);
    });

    private static Task<VerbResult> RunAppAsync(TestDatabase database, params string[] args) =>
        RunAppAsync(database, null, args);

    private static Task<VerbResult> RunAppAsync(TestDatabase database, (string Name, string Value)? environment, params string[] args)
    {
        var variables = new Dictionary<string, string> { ["ConnectionStrings__Dashboard"] = database.ConnectionString };
        if (environment is { } variable)
        {
            variables[variable.Name] = variable.Value;
        }

        return AppProcess.RunAsync(variables, args);
    }

    [GeneratedRegex(@"created user \S+ \(\w+\) with password: (\S+)")]
    private static partial Regex CreatedWithPassword();

    [GeneratedRegex(@"^reset password of \S+ \(lockout cleared\), new password: (\S+)$")]
    private static partial Regex ResetWithPassword();
}
