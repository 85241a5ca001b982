using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Settings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Account;

public sealed partial class BootstrapAdminTests
{
    [Fact]
    public async Task First_start_creates_the_administrator_with_the_configured_password()
    {
        await using var app = new DashboardAppFactory();
        app.Settings[BootstrapOptions.AdminUserNameKey] = "chief";
        app.Settings[BootstrapOptions.AdminPasswordKey] = "configured-password";

        var (isAdmin, passwordWorks) = await app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<DashboardUser>>();
            var admin = await users.FindByNameAsync("chief");
            Assert.NotNull(admin);
            return (await users.IsInRoleAsync(admin, Roles.Admin), await users.CheckPasswordAsync(admin, "configured-password"));
        });

        Assert.True(isAdmin);
        Assert.True(passwordWorks);
        Assert.DoesNotContain(app.LogMessages, m => m.Contains("configured-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_password_one_is_generated_printed_on_the_console_once_never_logged_and_must_be_changed()
    {
        using var database = new TestDatabase();
        string password;
        string printed;
        await using (var first = DashboardAppFactory.On(database))
        {
            first.Settings[BootstrapOptions.AdminPasswordKey] = null;
            printed = CaptureConsole(() => _ = first.Services);

            var line = Assert.Single(printed.Split('\n'), l => l.Contains("生成的密码：", StringComparison.Ordinal));
            Assert.Contains("不会再显示", printed, StringComparison.Ordinal);
            password = GeneratedPassword().Match(line).Groups[1].Value;
            Assert.True(password.Length >= 20, line);
            Assert.DoesNotContain(first.LogMessages, m => m.Contains(password, StringComparison.Ordinal));
            Assert.True(await first.InScopeAsync(async services =>
            {
                var users = services.GetRequiredService<UserManager<DashboardUser>>();
                var admin = (await users.FindByNameAsync(DashboardAppFactory.AdminUserName))!;
                return admin.MustChangePassword && await users.CheckPasswordAsync(admin, password);
            }));
        }

        await using var second = DashboardAppFactory.On(database);
        second.Settings[BootstrapOptions.AdminPasswordKey] = null;
        var printedAgain = CaptureConsole(() => _ = second.Services);

        Assert.DoesNotContain("生成的密码：", printedAgain, StringComparison.Ordinal);
        Assert.DoesNotContain(password, printedAgain, StringComparison.Ordinal);
        Assert.DoesNotContain(second.LogMessages, m => m.Contains(password, StringComparison.Ordinal));
        var admins = await second.InScopeAsync(async services =>
            await services.GetRequiredService<UserManager<DashboardUser>>().GetUsersInRoleAsync(Roles.Admin));
        Assert.Single(admins);
    }

    [Fact]
    public async Task A_configured_password_need_not_be_changed()
    {
        await using var app = new DashboardAppFactory();

        var mustChange = await app.InScopeAsync(async services =>
            (await services.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync(DashboardAppFactory.AdminUserName))!.MustChangePassword);

        Assert.False(mustChange);
    }

    // Console output is the process's: other tests' apps may write to it meanwhile, which does not matter here.
    private static string CaptureConsole(Action start)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            start();
        }
        finally
        {
            Console.SetOut(original);
        }

        return captured.ToString();
    }

    [Fact]
    public async Task No_administrator_is_created_when_one_exists()
    {
        using var database = new TestDatabase();
        await using (var first = DashboardAppFactory.On(database))
        {
            first.Settings[BootstrapOptions.AdminUserNameKey] = "first-admin";
            _ = first.Services;
        }

        await using var second = DashboardAppFactory.On(database);
        second.Settings[BootstrapOptions.AdminUserNameKey] = "second-admin";

        var admins = await second.InScopeAsync(async services =>
            await services.GetRequiredService<UserManager<DashboardUser>>().GetUsersInRoleAsync(Roles.Admin));
        Assert.Equal("first-admin", Assert.Single(admins).UserName);
    }

    [Fact]
    public async Task A_demoted_administrator_is_not_promoted_again_on_start()
    {
        using var database = new TestDatabase();
        await using (var first = DashboardAppFactory.On(database))
        {
            await first.InScopeAsync(async services =>
            {
                var users = services.GetRequiredService<UserManager<DashboardUser>>();
                return await users.RemoveFromRoleAsync((await users.FindByNameAsync(DashboardAppFactory.AdminUserName))!, Roles.Admin);
            });
        }

        await using var second = DashboardAppFactory.On(database);

        var admins = await second.InScopeAsync(async services =>
            await services.GetRequiredService<UserManager<DashboardUser>>().GetUsersInRoleAsync(Roles.Admin));
        Assert.Empty(admins);
        Assert.Contains(second.LogMessages, m => m.Contains("未自动授予权限", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("1234567")]
    public void A_password_that_breaks_the_policy_stops_the_start_naming_the_key(string password)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[BootstrapOptions.AdminPasswordKey] = password;

        var ex = Assert.Throws<ConfigurationException>(() => builder.AddAccounts());

        Assert.Equal("Bootstrap:AdminPassword", ex.Key);
        Assert.Contains("Bootstrap:AdminPassword", ex.Message, StringComparison.Ordinal);
        Assert.Contains("8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_administrator_name_stops_the_start_naming_the_key()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[BootstrapOptions.AdminUserNameKey] = "管 理 员";

        var ex = Assert.Throws<ConfigurationException>(() => builder.AddAccounts());

        Assert.Equal("Bootstrap:AdminUserName", ex.Key);
    }

    [Fact]
    public void The_generated_password_meets_the_policy_and_is_not_repeated()
    {
        var options = new IdentityOptions();
        AccountFeature.ConfigureIdentity(options);

        var passwords = Enumerable.Range(0, 50).Select(_ => PasswordPolicy.Generate(options.Password)).ToList();

        Assert.All(passwords, p => Assert.Null(PasswordPolicy.Problem(p, options.Password)));
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [GeneratedRegex(@"生成的密码：(\S+)")]
    private static partial Regex GeneratedPassword();
}
