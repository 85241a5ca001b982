using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Ruichang.Dashboard.Features.Account;

namespace Ruichang.Dashboard.Features.Displays;

/// <summary>
/// How a wall without a user gets through to its circuit. The key travels in the link
/// (<c>/screen?key=…</c>), but Blazor's hub (<c>/_blazor</c>), which every interactive page needs, is
/// reached without it. So a GET of <c>/screen</c> with a live key signs the browser in to a scheme of
/// its own, whose cookie holds the key's id (never the key) and no role, and the hub accepts that
/// cookie as well as a user's. Every page but the screen asks for a role, so the cookie opens nothing
/// else; each use of it asks the database whether the key is still live.
/// </summary>
public static class DisplayKeyAuthentication
{
    public const string Scheme = "DisplayKey";
    public const string KeyIdClaim = "display_key_id";
    public const string CookieName = "ruichang.display";

    /// <summary>Users of any role, or a wall with a live display key: who may open a circuit.</summary>
    public const string CircuitPolicy = "ScreenCircuit";

    public const string ScreenPath = "/screen";
    public const string KeyParameter = "key";

    public static void AddDisplayKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.IsEssential = true;
            // Renewed by every load of the link; a wall left for longer reloads through the link itself.
            o.ExpireTimeSpan = TimeSpan.FromDays(30);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateAsync;
            // The hub's policy challenges both schemes: the user's cookie answers (a redirect to sign in);
            // this one stays silent, so as not to overwrite it.
            o.Events.OnRedirectToLogin = _ => Task.CompletedTask;
            o.Events.OnRedirectToAccessDenied = _ => Task.CompletedTask;
        });

        services.AddAuthorizationBuilder().AddPolicy(CircuitPolicy, p => p
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, Scheme)
            .RequireAssertion(c => Roles.All.Any(c.User.IsInRole) || c.User.HasClaim(claim => claim.Type == KeyIdClaim)));
    }

    /// <summary>
    /// On <c>GET /screen?key=…</c>: a live key signs the wall in (see the class); a wrong or revoked one
    /// signs it out, and the page says why.
    /// </summary>
    public static IApplicationBuilder UseDisplayKeys(this IApplicationBuilder app) =>
        app.UseWhen(
            c => HttpMethods.IsGet(c.Request.Method) && c.Request.Path.Equals(ScreenPath, StringComparison.OrdinalIgnoreCase)
                && c.Request.Query.ContainsKey(KeyParameter),
            screen => screen.Use(async (context, next) =>
            {
                var keys = context.RequestServices.GetRequiredService<DisplayKeys>();
                if (await keys.ValidateAsync(context.Request.Query[KeyParameter], context.RequestAborted) is { } id)
                {
                    await context.SignInAsync(Scheme, Principal(id));
                }
                else
                {
                    await context.SignOutAsync(Scheme);
                }

                await next(context);
            }));

    /// <summary>The hub answers users and walls alike; the pages behind it keep their own rules.</summary>
    public static TBuilder RequireCircuitPolicyOnHub<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && IsHub(route.RoutePattern.RawText) && !endpoint.Metadata.OfType<IAuthorizeData>().Any())
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(CircuitPolicy));
            }
        });
        return builder;
    }

    private static bool IsHub(string? pattern) =>
        pattern is not null && pattern.TrimStart('/').StartsWith("_blazor", StringComparison.OrdinalIgnoreCase);

    private static ClaimsPrincipal Principal(int keyId) =>
        new(new ClaimsIdentity([new Claim(KeyIdClaim, keyId.ToString(CultureInfo.InvariantCulture))], Scheme));

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var keys = context.HttpContext.RequestServices.GetRequiredService<DisplayKeys>();
        var claim = context.Principal?.FindFirst(KeyIdClaim)?.Value;
        if (!int.TryParse(claim, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !await keys.IsLiveAsync(id, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
