using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>
/// Asks the database, not the claims a session was given when it began, whether a signed-in user may
/// still act: the user exists, the session's security stamp is still theirs (a disable, a role change
/// or a password reset renews it), and they are neither disabled nor locked out.
/// </summary>
public sealed class AccountAccess(IServiceScopeFactory scopes)
{
    /// <summary>Whether <paramref name="principal"/> names a user of this app (not a wall's display key).</summary>
    public static bool IsUser(ClaimsPrincipal principal, IdentityOptions options) =>
        principal.FindFirst(options.ClaimsIdentity.UserIdClaimType) is not null;

    /// <summary>Whether the user's session is still good (see the class).</summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken ct) =>
        await CurrentUserAsync(principal, role: null, ct);

    /// <summary>Whether the session is still good and the user has the Admin role now.</summary>
    public async Task<bool> IsAdminAsync(ClaimsPrincipal principal, CancellationToken ct) =>
        await CurrentUserAsync(principal, Roles.Admin, ct);

    private async Task<bool> CurrentUserAsync(ClaimsPrincipal principal, string? role, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value;
        ct.ThrowIfCancellationRequested();
        if (users.GetUserId(principal) is not { } id || await users.FindByIdAsync(id) is not { } user)
        {
            return false;
        }

        if (users.SupportsUserSecurityStamp
            && principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
        {
            return false;
        }

        if (await users.IsLockedOutAsync(user))
        {
            return false;
        }

        return role is null || await users.IsInRoleAsync(user, role);
    }
}

/// <summary>
/// An open page's user as the database knows them now: every <see cref="RevalidationInterval"/>
/// (<c>Sessions:RevalidationInterval</c>, a minute) the circuit asks <see cref="AccountAccess"/> again,
/// and a user who was disabled, locked out, given a new password or another role becomes anonymous,
/// so the page sends them to sign in. A wall's display key is rechecked by the screen itself.
/// </summary>
internal sealed class RevalidatingUserStateProvider(
    ILoggerFactory loggerFactory, AccountAccess access, IOptions<IdentityOptions> identity, IOptions<SessionOptions> sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => sessions.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        ValidateAsync(authenticationState.User, cancellationToken);

    /// <summary>The check each interval makes; true for a principal that is no user (anonymous, a wall).</summary>
    internal async Task<bool> ValidateAsync(ClaimsPrincipal principal, CancellationToken ct) =>
        !AccountAccess.IsUser(principal, identity.Value) || await access.IsStillValidAsync(principal, ct);
}
