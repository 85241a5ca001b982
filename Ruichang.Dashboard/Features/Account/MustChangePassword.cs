using System.Security.Claims;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>
/// A user whose password someone else chose (the generated first administrator's, a reset) must choose
/// their own before anything else: the sign-in carries a claim while
/// <see cref="DashboardUser.MustChangePassword"/> is set, and every page but the password page and
/// the sign-in pages redirects there. Static files, the logout, the API (tokens, not users) and the
/// health check are not pages and are left alone.
/// </summary>
public static class MustChangePassword
{
    public const string ClaimType = "ruichang:must_change_password";
    public const string PasswordPath = "/account/password";

    public static bool IsRequired(ClaimsPrincipal user) => user.HasClaim(ClaimType, "true");

    public static IApplicationBuilder UseMustChangePassword(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var page = context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
            if (page is not null && page != typeof(PasswordPage) && page != typeof(LoginPage) && page != typeof(DeniedPage)
                && IsRequired(context.User))
            {
                var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                context.Response.Redirect($"{PasswordPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
                return;
            }

            await next(context);
        });
}

/// <summary>Identity's claims and, while the user must change their password, <see cref="MustChangePassword.ClaimType"/>.</summary>
internal sealed class DashboardClaimsPrincipalFactory(
    UserManager<DashboardUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<DashboardUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DashboardUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePassword.ClaimType, "true"));
        }

        return identity;
    }
}
