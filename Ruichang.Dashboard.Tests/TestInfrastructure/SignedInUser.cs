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

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));
}
