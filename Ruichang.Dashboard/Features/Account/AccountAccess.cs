using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
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
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await CurrentUserAsync(scope.ServiceProvider, principal, ct) is not null;
    }

    /// <summary>
    /// Whether <paramref name="principal"/> may act under <paramref name="policy"/> now. Its claims must meet the policy
    /// and, for a signed-in user, so must the user as the database has them now: still valid (see the class) and with the
    /// roles they hold now. So a tab kept open since its user lost a role cannot act with the role its circuit was given.
    /// A principal that is no user (an API token, which the token scheme has just checked against the database for this
    /// request) is judged on its claims. Every handler that writes asks this, not only the page that shows the button.
    /// </summary>
    public async Task<bool> AuthorizeAsync(ClaimsPrincipal principal, string policy, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var authorization = services.GetRequiredService<IAuthorizationService>();
        if (!(await authorization.AuthorizeAsync(principal, policy)).Succeeded)
        {
            return false;
        }

        if (!IsUser(principal, services.GetRequiredService<IOptions<IdentityOptions>>().Value))
        {
            return true;
        }

        if (await CurrentUserAsync(services, principal, ct) is not { } user)
        {
            return false;
        }

        var now = await services.GetRequiredService<IUserClaimsPrincipalFactory<DashboardUser>>().CreateAsync(user);
        return (await authorization.AuthorizeAsync(now, policy)).Succeeded;
    }

    // The user the principal names, when their session is still good; null otherwise.
    private static async Task<DashboardUser?> CurrentUserAsync(IServiceProvider services, ClaimsPrincipal principal, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<DashboardUser>>();
        var options = services.GetRequiredService<IOptions<IdentityOptions>>().Value;
        ct.ThrowIfCancellationRequested();
        if (users.GetUserId(principal) is not { } id || await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        if (users.SupportsUserSecurityStamp
            && principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
        {
            return null;
        }

        return await users.IsLockedOutAsync(user) ? null : user;
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
