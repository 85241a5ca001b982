using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>
/// Identity's sign-in with two changes. A password is hashed for every attempt, whether the user
/// exists, is locked out or disabled, or not: Identity answers at once for an unknown or locked user
/// and hashes for a known one (6 ms against about 120 ms here), which tells an attacker which names
/// exist. And a session's periodic check (<see cref="SecurityStampValidator"/>) fails for a user
/// who is locked out or disabled, not only for a changed security stamp.
/// </summary>
internal sealed class DashboardSignInManager(
    UserManager<DashboardUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<DashboardUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<DashboardUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<DashboardUser> confirmation)
    : SignInManager<DashboardUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    // A hash of a random password, made once: checking against it costs what checking a real one does.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<DashboardUser>().HashPassword(new DashboardUser(), Guid.NewGuid().ToString("N")));

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            HashForNothing(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(DashboardUser user, string password, bool lockoutOnFailure)
    {
        // Identity refuses a locked-out (or disabled) user before it looks at the password.
        if (UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user))
        {
            HashForNothing(password);
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    public override async Task<DashboardUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is not null && UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user) ? null : user;
    }

    private void HashForNothing(string password) =>
        UserManager.PasswordHasher.VerifyHashedPassword(new DashboardUser(), DummyHash.Value, password);
}
