using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Account;

/// <summary>Sessions against the running app on a fake clock: revalidation, disabling, lifetimes, the cookie.</summary>
public sealed class SessionTests
{
    private static DashboardAppFactory NewApp(FakeTimeProvider time)
    {
        var app = new DashboardAppFactory { Time = time };
        return app;
    }

    private static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_disabled_user_loses_the_session_at_the_next_check_and_cannot_sign_in()
    {
        var time = NewClock();
        await using var app = NewApp(time);
        await app.CreateUserAsync("to-disable", Roles.Staff);
        using var browser = await app.SignInAsync("to-disable");
        using (var before = await browser.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var result = await app.RunVerbAsync("disable-user", "to-disable");
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("disabled user to-disable", result.LastLine);
        using var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Found, after.StatusCode);
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(after), StringComparison.Ordinal);
        using var again = app.CreateBrowserClient();
        using var refused = await DashboardAppFactory.PostLoginAsync(again, "to-disable", DashboardAppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        await using var db = app.Database.CreateContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == AuditEntities.User && a.EntityKey == "to-disable" && a.Action == AccountAudit.Disabled));
    }

    [Fact]
    public async Task The_open_pages_check_fails_after_a_disable_a_role_change_or_a_password_reset_but_not_for_a_wall()
    {
        await using var app = NewApp(NewClock());
        var user = await app.CreateUserAsync("revalidated", Roles.Staff);
        var accounts = app.Services.GetRequiredService<UserAccounts>();

        Assert.True(await ValidateAsync(app, await PrincipalAsync(app, user.Id)));
        await accounts.ChangeRoleAsync(user.Id, Roles.Leader, "test", CancellationToken.None);
        var afterRoleChange = await PrincipalAsync(app, user.Id);
        Assert.True(await ValidateAsync(app, afterRoleChange));

        await accounts.ResetPasswordAsync(user.Id, "test", CancellationToken.None);
        Assert.False(await ValidateAsync(app, afterRoleChange));

        var afterReset = await PrincipalAsync(app, user.Id);
        await accounts.DisableAsync(user.Id, "test", CancellationToken.None);
        Assert.False(await ValidateAsync(app, afterReset));
        Assert.False(await ValidateAsync(app, await PrincipalAsync(app, user.Id)));

        var wall = new ClaimsPrincipal(new ClaimsIdentity([new Claim(DisplayKeyAuthentication.KeyIdClaim, "1")], DisplayKeyAuthentication.Scheme));
        Assert.True(await ValidateAsync(app, wall));
    }

    [Fact]
    public async Task A_role_change_ends_the_snapshot_taken_before_it()
    {
        await using var app = NewApp(NewClock());
        var user = await app.CreateUserAsync("demoted", Roles.Admin);
        var before = await PrincipalAsync(app, user.Id);

        await app.Services.GetRequiredService<UserAccounts>().ChangeRoleAsync(user.Id, Roles.Leader, "test", CancellationToken.None);

        Assert.False(await ValidateAsync(app, before));
        Assert.False(await app.Services.GetRequiredService<AccountAccess>().AuthorizeAsync(before, AccountFeature.AdminPolicy, CancellationToken.None));
    }

    [Fact]
    public async Task An_entry_tab_left_open_cannot_save_once_its_user_no_longer_holds_a_writing_role()
    {
        await using var app = NewApp(NewClock());
        var user = await app.CreateUserAsync("entry-demoted", Roles.Staff);
        var tab = await PrincipalAsync(app, user.Id);
        var month = Period.Month(2014, 9);
        Task<EntrySaveResult> SaveAsync() => app.InScopeAsync(services => services.GetRequiredService<MonthlyFigures>().SaveAsync(tab, month, [], confirmed: false, CancellationToken.None));
        Assert.True((await SaveAsync()).Saved);

        // The role taken away in the database with the session's stamp left as it was: the tab's claims still say Staff.
        await app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<DashboardUser>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            var stamp = await users.GetSecurityStampAsync(stored);
            Assert.True((await users.RemoveFromRoleAsync(stored, Roles.Staff)).Succeeded);
            Assert.True((await users.AddToRoleAsync(stored, Roles.Leader)).Succeeded);
            Assert.Equal(stamp, await users.GetSecurityStampAsync((await users.FindByIdAsync(user.Id))!));
            return true;
        });

        Assert.True(tab.IsInRole(Roles.Staff));
        var refused = await SaveAsync();
        Assert.False(refused.Saved);
        Assert.Equal("没有权限：只有填报人员和管理员可以保存数据。", refused.Message);
    }

    [Fact]
    public async Task The_last_enabled_admin_can_be_neither_disabled_nor_demoted()
    {
        await using var app = NewApp(NewClock());
        var accounts = app.Services.GetRequiredService<UserAccounts>();
        var adminId = await accounts.IdOfAsync(DashboardAppFactory.AdminUserName);

        var verb = await app.RunVerbAsync("disable-user", DashboardAppFactory.AdminUserName);
        var demote = await Assert.ThrowsAsync<AccountException>(() => accounts.ChangeRoleAsync(adminId, Roles.Staff, "test", CancellationToken.None));

        Assert.NotEqual(0, verb.ExitCode);
        Assert.Contains("不能停用最后一个启用的管理员", verb.Error, StringComparison.Ordinal);
        Assert.Contains("不能降级最后一个启用的管理员", demote.Message, StringComparison.Ordinal);
        Assert.True(await app.Services.GetRequiredService<AccountAccess>().AuthorizeAsync(await PrincipalAsync(app, adminId), AccountFeature.AdminPolicy, CancellationToken.None));

        // With a second admin enabled, the first may go.
        var second = await app.CreateUserAsync("second-admin", Roles.Admin);
        await accounts.DisableAsync(adminId, "second-admin", CancellationToken.None);
        var last = await Assert.ThrowsAsync<AccountException>(() => accounts.DisableAsync(second.Id, "second-admin", CancellationToken.None));
        Assert.Contains("最后一个启用的管理员", last.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ends_after_the_absolute_lifetime_however_busy()
    {
        var time = NewClock();
        await using var app = NewApp(time);
        app.Settings["Sessions:IdleTimeout"] = "00:30:00";
        app.Settings["Sessions:AbsoluteLifetime"] = "01:00:00";
        await app.CreateUserAsync("busy", Roles.Leader);
        using var browser = await app.SignInAsync("busy");

        for (var minutes = 20; minutes <= 60; minutes += 20)
        {
            time.Advance(TimeSpan.FromMinutes(20));
            using var busy = await browser.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, busy.StatusCode);
        }

        time.Advance(TimeSpan.FromMinutes(20));
        using var late = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Found, late.StatusCode);
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(late), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_left_idle_past_the_idle_timeout_ends()
    {
        var time = NewClock();
        await using var app = NewApp(time);
        app.Settings["Sessions:IdleTimeout"] = "00:30:00";
        await app.CreateUserAsync("idle", Roles.Leader);
        using var browser = await app.SignInAsync("idle");

        time.Advance(TimeSpan.FromMinutes(31));
        using var late = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Found, late.StatusCode);
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(late), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_the_sign_in_cookie_is_Secure()
    {
        await using var app = NewApp(NewClock());
        app.Settings["Sessions:SecureCookie"] = null;
        await app.CreateUserAsync("secure-cookie", Roles.Leader);
        using var browser = app.CreateBrowserClient();

        using var response = await DashboardAppFactory.PostLoginAsync(browser, "secure-cookie", DashboardAppFactory.UserPassword);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ruichang.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_reverse_proxy_on_this_machine_the_forwarded_address_and_https_are_the_clients()
    {
        await using var app = NewApp(NewClock());
        // The cookie follows the request's scheme here, so it shows which scheme the app believed.
        app.Settings["Sessions:SecureCookie"] = "false";
        var baseUrl = app.StartOnLoopback();
        await app.CreateUserAsync("proxied", Roles.Leader);

        async Task<string> SignInCookieAsync(bool forwarded)
        {
            using var browser = new HttpClient(new BrowserCookies(TimeProvider.System) { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } })
            {
                BaseAddress = new Uri(baseUrl),
            };
            if (forwarded)
            {
                // As nginx in front of the app on the same machine sends them: plain HTTP to the app, HTTPS to the client.
                browser.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
                browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            }

            using var response = await DashboardAppFactory.PostLoginAsync(browser, "proxied", DashboardAppFactory.UserPassword);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ruichang.auth=", StringComparison.Ordinal));
        }

        Assert.DoesNotContain("secure", await SignInCookieAsync(forwarded: false), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", await SignInCookieAsync(forwarded: true), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(app.LogMessages, m => m.Contains("User proxied signed in from 203.0.113.7", StringComparison.Ordinal));
    }

    private static Task<ClaimsPrincipal> PrincipalAsync(DashboardAppFactory app, string userId) => app.InScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserManager<DashboardUser>>();
        return await services.GetRequiredService<SignInManager<DashboardUser>>().CreateUserPrincipalAsync((await users.FindByIdAsync(userId))!);
    });

    private static Task<bool> ValidateAsync(DashboardAppFactory app, ClaimsPrincipal principal) => app.InScopeAsync(services =>
    {
        var provider = Assert.IsType<RevalidatingUserStateProvider>(services.GetRequiredService<AuthenticationStateProvider>());
        return provider.ValidateAsync(principal, CancellationToken.None);
    });
}
