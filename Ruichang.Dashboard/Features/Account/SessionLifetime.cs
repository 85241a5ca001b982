using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>
/// The absolute lifetime of a session (<c>Sessions:AbsoluteLifetime</c>). A sliding cookie's issue time
/// moves with every renewal, so the sign-in's own time is kept in the ticket's properties, which
/// renewals and refreshes carry over; past the lifetime the session ends however busy it is.
/// </summary>
internal static class SessionLifetime
{
    public const string SignedInItem = "ruichang.signed-in";

    public static Task MarkSignIn(CookieSigningInContext context)
    {
        if (!context.Properties.Items.ContainsKey(SignedInItem))
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            context.Properties.Items[SignedInItem] = now.UtcTicks.ToString(CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var lifetime = services.GetRequiredService<IOptions<SessionOptions>>().Value.AbsoluteLifetime;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!context.Properties.Items.TryGetValue(SignedInItem, out var text)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || now.UtcTicks - ticks > lifetime.Ticks)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        // Identity's own check: the security stamp, and (DashboardSignInManager) a lockout.
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
