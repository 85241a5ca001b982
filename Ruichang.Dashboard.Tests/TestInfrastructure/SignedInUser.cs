using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>The signed-in user of a component test, with the role the test chooses (and may change).</summary>
public sealed class SignedInUser : AuthenticationStateProvider
{
    private ClaimsPrincipal _user = new();

    /// <summary>A signed-in user named <paramref name="name"/> in <paramref name="role"/>, for services that take one.</summary>
    public static ClaimsPrincipal Principal(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));

    public void Set(string name, string role)
    {
        _user = Principal(name, role);
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    /// <summary>A stored user as a sign-in makes them: with their id and the security stamp the circuit's revalidation checks.</summary>
    public void Set(string id, string name, string role, string securityStamp)
    {
        _user = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role),
                new Claim(new Microsoft.AspNetCore.Identity.IdentityOptions().ClaimsIdentity.SecurityStampClaimType, securityStamp),
            ],
            "test"));
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));
}
