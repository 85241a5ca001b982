using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>Settings under <c>SignIn</c>: how many sign-in attempts one client address may make in a window.</summary>
public sealed class SignInLimitOptions
{
    public const string SectionName = "SignIn";

    /// <summary><c>SignIn:PermitLimit</c>: sign-in form posts one client address may make per <see cref="Window"/>.</summary>
    [SettingRange(1, 100000, ErrorMessage = "SignIn:PermitLimit 应在 1 到 100000 之间。")]
    public int PermitLimit { get; set; } = 10;

    /// <summary><c>SignIn:Window</c>: the rate limit's window.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "SignIn:Window 应在 00:00:01 到 1.00:00:00 之间。")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The data-annotation rules of <see cref="SignInLimitOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class SignInLimitOptionsValidator : IValidateOptions<SignInLimitOptions>;

/// <summary>
/// Settings under <c>Proxy</c>: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed, so that the client's address (rate limit, log) and HTTPS
/// (the Secure cookie) are the client's, not the proxy's. A proxy on this machine (loopback) is always believed.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "Proxy";

    /// <summary><c>Proxy:KnownProxies</c>: the proxies' addresses (<c>10.0.0.5</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary><c>Proxy:KnownNetworks</c>: networks of proxies (<c>10.0.0.0/24</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

internal sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        foreach (var proxy in options.KnownProxies.Where(p => !IPAddress.TryParse(p?.Trim(), out _)))
        {
            result.AddError($"Proxy:KnownProxies 中的 \"{proxy}\" 不是 IP 地址（例如 10.0.0.5）。");
        }

        foreach (var network in options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n?.Trim(), out _)))
        {
            result.AddError($"Proxy:KnownNetworks 中的 \"{network}\" 不是网段（例如 10.0.0.0/24）。");
        }

        return result.Build();
    }
}

internal static class SignInProtection
{
    /// <summary>
    /// A fixed window per client address on the sign-in form's posts (the page's GET is not counted),
    /// answered past the limit with a Chinese 429 page; and the forwarded headers of the known proxies.
    /// </summary>
    public static void AddSignInProtection(this IHostApplicationBuilder builder)
    {
        var limit = builder.AddSettings<SignInLimitOptions, SignInLimitOptionsValidator>(SignInLimitOptions.SectionName);
        var proxy = builder.AddSettings<ProxyOptions, ProxyOptionsValidator>(ProxyOptions.SectionName);

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // A global limiter that only partitions the sign-in form's posts: it does not depend on a
            // component's attributes reaching its endpoint's metadata.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(AccountFeature.LoginPath, StringComparison.OrdinalIgnoreCase)
                    // Keys are the limiters' cache keys: the posts' must never equal the unlimited one.
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        "sign-in " + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ruichang.Dashboard.Features.Account.SignIn");
                SignInLog.RateLimited(logger, http.Connection.RemoteIpAddress?.ToString() ?? "-");
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(limit.Window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>登录尝试过于频繁</title></head>"
                    + "<body><h1>登录尝试过于频繁</h1><p>登录尝试过于频繁，请稍后再试。Too many sign-in attempts; try again later.</p>"
                    + "<p><a href=\"/account/login\">返回登录页</a></p></body></html>", ct);
            };
        });

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var address in proxy.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(address.Trim()));
            }

            foreach (var network in proxy.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        });
    }
}
