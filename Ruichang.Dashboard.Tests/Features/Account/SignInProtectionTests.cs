using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Account;

/// <summary>What the sign-in form gives away, and to how many tries, against the running app.</summary>
public sealed class SignInProtectionTests
{
    private const string SameMessage = "用户名或密码错误，或账户已被锁定，请稍后再试";

    [Fact]
    public async Task Wrong_password_unknown_user_locked_and_disabled_accounts_get_the_same_message_and_one_hash_each()
    {
        var hasher = new CountingPasswordHasher();
        await using var app = new DashboardAppFactory();
        await using var counted = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IPasswordHasher<DashboardUser>>(hasher)));
        await CreateUserAsync(counted, "wrong-password");
        await CreateUserAsync(counted, "locked");
        await CreateUserAsync(counted, "disabled");
        await counted.Services.GetRequiredService<UserAccounts>().DisableAsync(
            await counted.Services.GetRequiredService<UserAccounts>().IdOfAsync("disabled"), "test", CancellationToken.None);
        using var browser = counted.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await DashboardAppFactory.PostLoginAsync(browser, "locked", "not-it");
        }

        foreach (var (name, password) in new[]
        {
            ("wrong-password", "not-it"), ("nobody-by-this-name", "not-it"), ("locked", DashboardAppFactory.UserPassword), ("disabled", DashboardAppFactory.UserPassword),
        })
        {
            var before = hasher.Verifications;
            using var response = await DashboardAppFactory.PostLoginAsync(browser, name, password);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(SameMessage, await DashboardAppFactory.ReadHtmlAsync(response), StringComparison.Ordinal);
            Assert.True(hasher.Verifications - before == 1, $"{name}: {hasher.Verifications - before} password checks");
        }
    }

    [Fact]
    public async Task A_sign_in_records_the_last_sign_in_and_an_audit_row_and_a_lockout_is_audited()
    {
        await using var app = new DashboardAppFactory();
        await app.CreateUserAsync("recorded", Roles.Leader);
        await app.CreateUserAsync("locks", Roles.Leader);

        using (await app.SignInAsync("recorded"))
        {
        }

        using (var browser = app.CreateBrowserClient())
        {
            for (var i = 0; i < 6; i++)
            {
                using var wrong = await DashboardAppFactory.PostLoginAsync(browser, "locks", "not-it");
            }
        }

        await using var db = app.Database.CreateContext();
        Assert.NotNull((await db.Users.SingleAsync(u => u.UserName == "recorded")).LastSignInAtUtc);
        Assert.Single(await db.AuditEntries.Where(a => a.EntityType == AuditEntities.User && a.EntityKey == "recorded" && a.Action == AccountAudit.SignedIn).ToListAsync());
        Assert.Single(await db.AuditEntries.Where(a => a.EntityType == AuditEntities.User && a.EntityKey == "locks" && a.Action == AccountAudit.LockedOut).ToListAsync());
    }

    [Fact]
    public async Task The_typed_name_is_logged_without_control_characters_and_shortened_with_the_address()
    {
        await using var app = new DashboardAppFactory();
        using var browser = app.CreateBrowserClient();
        var typed = "forged\r\nUser admin signed in" + new string('x', 200);

        using var response = await DashboardAppFactory.PostLoginAsync(browser, typed, "not-it");

        var line = Assert.Single(app.LogMessages, m => m.StartsWith("Sign-in failed for forged", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Contains("forgedUser admin signed in", line, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 100), line, StringComparison.Ordinal);
        Assert.Contains(" from ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Past_the_limit_the_sign_in_form_answers_429_in_Chinese_and_the_page_itself_still_opens()
    {
        await using var app = new DashboardAppFactory();
        app.Settings["SignIn:PermitLimit"] = "3";
        app.Settings["SignIn:Window"] = "01:00:00";
        using var browser = app.CreateBrowserClient();
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await DashboardAppFactory.PostLoginAsync(browser, "someone", "not-it");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await DashboardAppFactory.PostLoginAsync(browser, "someone", "not-it");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("登录尝试过于频繁，请稍后再试", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
        using var page = await browser.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("ab\u0000c\u001bd\u202Ee", "abcde")]
    [InlineData("张三", "张三")]
    public void Clean_drops_control_and_format_characters(string typed, string logged) =>
        Assert.Equal(logged, SignInLog.Clean(typed));

    [Fact]
    public void Clean_shortens_to_64_characters() =>
        Assert.Equal(new string('a', 64) + "…", SignInLog.Clean(new string('a', 300)));

    private static Task CreateUserAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string name) =>
        InScopeAsync(app, async services =>
        {
            var users = services.GetRequiredService<UserManager<DashboardUser>>();
            var user = new DashboardUser { UserName = name };
            Assert.True((await users.CreateAsync(user, DashboardAppFactory.UserPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Staff)).Succeeded);
        });

    private static async Task InScopeAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, Func<IServiceProvider, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>Identity's own hasher, counting the checks: how the form's answer times are made equal.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<DashboardUser>
    {
        private readonly PasswordHasher<DashboardUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(DashboardUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(DashboardUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
