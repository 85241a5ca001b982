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
    public async Task Without_a_password_one_is_generated_printed_once_and_not_on_the_second_start()
    {
        using var database = new TestDatabase();
        string password;
        await using (var first = DashboardAppFactory.On(database))
        {
            first.Settings[BootstrapOptions.AdminPasswordKey] = null;
            _ = first.Services;

            var printed = first.LogMessages.Where(m => m.Contains("生成的密码", StringComparison.Ordinal)).ToList();
            var message = Assert.Single(printed);
            Assert.Contains("不会再显示", message, StringComparison.Ordinal);
            password = GeneratedPassword().Match(message).Groups[1].Value;
            Assert.True(password.Length >= 20, message);
            Assert.True(await first.InScopeAsync(async services =>
            {
                var users = services.GetRequiredService<UserManager<DashboardUser>>();
                return await users.CheckPasswordAsync((await users.FindByNameAsync(DashboardAppFactory.AdminUserName))!, password);
            }));
        }

        await using var second = DashboardAppFactory.On(database);
        second.Settings[BootstrapOptions.AdminPasswordKey] = null;
        _ = second.Services;

        Assert.DoesNotContain(second.LogMessages, m => m.Contains("生成的密码", StringComparison.Ordinal) || m.Contains(password, StringComparison.Ordinal));
        var admins = await second.InScopeAsync(async services =>
            await services.GetRequiredService<UserManager<DashboardUser>>().GetUsersInRoleAsync(Roles.Admin));
        Assert.Single(admins);
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
