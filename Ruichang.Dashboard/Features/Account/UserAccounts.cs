using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>A user as the admin page lists them.</summary>
public sealed record UserSummary(
    string Id, string UserName, string? DisplayName, string? Role, bool IsDisabled, DateTimeOffset? LockedOutUntil,
    int FailedAttempts, DateTime? LastSignInAtUtc, bool MustChangePassword);

/// <summary>An account change the rules refuse; the message is for the person who asked.</summary>
public sealed class AccountException(string message) : Exception(message);

/// <summary>
/// Creates users, changes roles, disables, enables and resets passwords, for the admin page and the
/// verbs. Every change that takes rights away renews the user's security stamp, so that the user's
/// sessions end (the cookie check and the open pages' revalidation both compare it), and is recorded
/// in the audit trail.
/// </summary>
/// <remarks>
/// <para>
/// <b>Disabled differs from locked out.</b> Both are kept in Identity's lockout end, so that Identity
/// itself refuses the sign-in, without a schema change: a lockout (after
/// <see cref="LockoutOptions.MaxFailedAccessAttempts"/> wrong passwords) ends by itself after
/// <see cref="LockoutOptions.DefaultLockoutTimeSpan"/>, or when a password is reset; a disabled
/// account has its lockout end at <see cref="DateTimeOffset.MaxValue"/> and stays disabled until an
/// administrator enables it — a password reset does not enable it.
/// </para>
/// <para>
/// The last enabled administrator can be neither disabled nor demoted: nobody could manage the users
/// any more. The check and the change run under one lock, which is enough on one instance.
/// </para>
/// </remarks>
public sealed class UserAccounts(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly SemaphoreSlim Changes = new(1, 1);

    /// <summary>Anything past this lockout end is a disabled account, not a lockout (see the remarks).</summary>
    private static readonly DateTimeOffset DisabledFrom = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(DashboardUser user) => user.LockoutEnd is { } end && end >= DisabledFrom;

    /// <summary>Every user with their role and state, by name.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var now = time.GetUtcNow();
        return [.. users.Select(u => new UserSummary(
            u.Id, u.UserName ?? "", u.DisplayName,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name).OrderBy(n => Array.IndexOf(Roles.All, n)).FirstOrDefault(),
            IsDisabled(u),
            !IsDisabled(u) && u.LockoutEnd is { } end && end > now ? end : null,
            u.AccessFailedCount, u.LastSignInAtUtc, u.MustChangePassword))];
    }

    /// <summary>The recent sign-ins, lockouts and account changes, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> RecentEventsAsync(int take, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == AuditEntities.User)
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Take(take).ToListAsync(ct);
    }

    /// <summary>Creates a user with a generated password, which they must change at their first sign-in; returns the password.</summary>
    public async Task<string> CreateAsync(string? userName, string? displayName, string role, string actor, CancellationToken ct)
    {
        var name = userName?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new AccountException("请填写用户名。");
        }

        role = Roles.Normalize(role) ?? throw new AccountException($"未知角色 \"{role}\"。");
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var password = PasswordPolicy.Generate(scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value.Password);
        if (await users.FindByNameAsync(name) is not null)
        {
            throw new AccountException($"用户名 \"{name}\" 已存在。");
        }

        var user = new DashboardUser { UserName = name, DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(), MustChangePassword = true };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        await AuditAsync(scope, actor, AccountAudit.Created, name, newValue: role, ct: ct);
        return password;
    }

    /// <summary>Gives the user <paramref name="role"/> instead of the one they had; their sessions end.</summary>
    public async Task ChangeRoleAsync(string userId, string role, string actor, CancellationToken ct)
    {
        role = Roles.Normalize(role) ?? throw new AccountException($"未知角色 \"{role}\"。");
        await Changes.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            var user = await FindAsync(users, userId);
            var current = await users.GetRolesAsync(user);
            if (current.Count == 1 && current[0] == role)
            {
                return;
            }

            if (current.Contains(Roles.Admin) && role != Roles.Admin)
            {
                await EnsureAnotherAdminAsync(users, user, "降级");
            }

            Check(await users.RemoveFromRolesAsync(user, current));
            Check(await users.AddToRoleAsync(user, role));
            Check(await users.UpdateSecurityStampAsync(user));
            await AuditAsync(scope, actor, AccountAudit.RoleChanged, user.UserName!, string.Join(",", current), role, ct: ct);
        }
        finally
        {
            Changes.Release();
        }
    }

    /// <summary>Disables the user: no sign-in, and their open sessions end within <c>Sessions:RevalidationInterval</c> (a minute by default).</summary>
    public async Task DisableAsync(string userId, string actor, CancellationToken ct)
    {
        await Changes.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            var user = await FindAsync(users, userId);
            if (IsDisabled(user))
            {
                return;
            }

            if (await users.IsInRoleAsync(user, Roles.Admin))
            {
                await EnsureAnotherAdminAsync(users, user, "停用");
            }

            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            Check(await users.UpdateSecurityStampAsync(user));
            await AuditAsync(scope, actor, AccountAudit.Disabled, user.UserName!, ct: ct);
        }
        finally
        {
            Changes.Release();
        }
    }

    /// <summary>Enables a disabled user (and ends a lockout): they can sign in again with their password.</summary>
    public async Task EnableAsync(string userId, string actor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await FindAsync(users, userId);
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        await AuditAsync(scope, actor, AccountAudit.Enabled, user.UserName!, ct: ct);
    }

    /// <summary>
    /// Sets a generated password, which the user must change at the next sign-in, ends a lockout (not a
    /// disabled account) and the user's sessions; returns the password.
    /// </summary>
    public async Task<string> ResetPasswordAsync(string userId, string actor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await FindAsync(users, userId);
        var password = PasswordPolicy.Generate(scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value.Password);
        // The reset-token path validates the password and renews the security stamp.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, password));
        user.MustChangePassword = true;
        if (!IsDisabled(user))
        {
            user.LockoutEnd = null;
        }

        user.AccessFailedCount = 0;
        Check(await users.UpdateAsync(user));
        await AuditAsync(scope, actor, AccountAudit.PasswordReset, user.UserName!, ct: ct);
        return password;
    }

    /// <summary>Whether the user named <paramref name="userName"/> exists and is locked out or disabled now.</summary>
    public async Task<bool> IsLockedOutAsync(string userName)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        return await users.FindByNameAsync(userName) is { } user && await users.IsLockedOutAsync(user);
    }

    /// <summary>Notes a successful sign-in: the user's last sign-in, and the audit trail with the client's address.</summary>
    public async Task RecordSignInAsync(string userName, string address, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return;
        }

        user.LastSignInAtUtc = time.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await AuditAsync(scope, user.UserName!, AccountAudit.SignedIn, user.UserName!, newValue: address, ct: ct);
    }

    /// <summary>Notes that wrong passwords have just locked the user out.</summary>
    public async Task RecordLockoutAsync(string userName, string address, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.FindByNameAsync(userName) is { } user)
        {
            await AuditAsync(scope, address, AccountAudit.LockedOut, user.UserName!, newValue: user.LockoutEnd?.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture), ct: ct);
        }
    }

    /// <summary>The id of the user named <paramref name="userName"/>.</summary>
    public async Task<string> IdOfAsync(string userName)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        return (await users.FindByNameAsync(userName.Trim()))?.Id ?? throw new AccountException($"找不到用户 \"{userName}\"。");
    }

    private static async Task EnsureAnotherAdminAsync(UserManager<DashboardUser> users, DashboardUser user, string verb)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!admins.Any(a => a.Id != user.Id && !IsDisabled(a)))
        {
            throw new AccountException($"不能{verb}最后一个启用的管理员“{user.UserName}”：否则将无人能管理用户。请先为另一位用户授予管理员角色。");
        }
    }

    private static async Task<DashboardUser> FindAsync(UserManager<DashboardUser> users, string userId) =>
        await users.FindByIdAsync(userId) ?? throw new AccountException("找不到该用户，可能已被删除。");

    private async Task AuditAsync(AsyncServiceScope scope, string actor, string action, string userName,
        string? oldValue = null, string? newValue = null, CancellationToken ct = default)
    {
        // The scope's context, Identity's own, has nothing else pending by now.
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        AccountAudit.Add(db, time.GetUtcNow().UtcDateTime, actor, AuditEntities.User, action, userName, oldValue, newValue);
        await db.SaveChangesAsync(ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new AccountException(string.Join("；", result.Errors.Select(e => e.Description)));
        }
    }
}
