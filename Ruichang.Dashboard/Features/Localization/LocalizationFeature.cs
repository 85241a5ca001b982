using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;

namespace Ruichang.Dashboard.Features.Localization;

public static class LocalizationFeature
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>
    /// zh-CN is the culture whatever the browser asks for; English only when the user chose it
    /// (the culture cookie set by <c>/culture</c>).
    /// </summary>
    public static IHostApplicationBuilder AddUiLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Chinese);
            o.SupportedCultures = [Chinese, English];
            o.SupportedUICultures = [Chinese, English];
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        // Pages carry Chinese as it is, not as &#x...; references (a third of the size, and readable
        // in the page source); HTML-sensitive characters are still escaped.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }

    /// <summary><c>GET /culture?name=en&amp;redirectUri=/</c> stores the choice in the culture cookie and goes back.</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture", (string? name, string? redirectUri, HttpContext http) =>
        {
            var culture = string.Equals(name, English.Name, StringComparison.OrdinalIgnoreCase) ? English : Chinese;
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });

            // Only local paths: the switch must not become an open redirect.
            var target = redirectUri is { Length: > 0 } && redirectUri[0] == '/' && !redirectUri.StartsWith("//", StringComparison.Ordinal)
                && !redirectUri.StartsWith("/\\", StringComparison.Ordinal)
                ? redirectUri
                : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous();
        return endpoints;
    }
}
