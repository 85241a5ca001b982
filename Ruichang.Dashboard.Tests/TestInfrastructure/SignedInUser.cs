using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>The signed-in user of a component test, with the role the test chooses (and may change).</summary>
public sealed class SignedInUser : AuthenticationStateProvider
{
    private ClaimsPrincipal _user = new();

    public void Set(string name, string role)
    {
        _user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));
}
