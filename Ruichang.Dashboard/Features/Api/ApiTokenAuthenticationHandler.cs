using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;

namespace Ruichang.Dashboard.Features.Api;

/// <summary>
/// <c>Authorization: Bearer rcd_…</c>: looks the token's hash up among the tokens neither revoked nor
/// expired and signs the request in with the token's name and role; an expired token is refused as a
/// revoked one is (401). Challenges and refusals are problem details.
/// </summary>
internal sealed partial class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IDbContextFactory<DashboardDbContext> factory,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "api_token_id";

    // Writing the last use on every request would make every read a write.
    internal static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header["Bearer ".Length..].Trim();
        if (presented.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("malformed bearer token");
        }

        var hash = BearerSecrets.Hash(presented);
        var ct = Context.RequestAborted;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAtUtc == null && (t.ExpiresAtUtc == null || t.ExpiresAtUtc > now))
            .Select(t => new { t.Id, t.Name, t.Role, t.LastUsedAtUtc })
            .SingleOrDefaultAsync(ct);
        if (token is null)
        {
            LogRejected(Logger);
            return AuthenticateResult.Fail("unknown, revoked or expired token");
        }

        if (token.LastUsedAtUtc is null || now - token.LastUsedAtUtc >= LastUsedResolution)
        {
            var since = now - LastUsedResolution;
            await db.ApiTokens
                .Where(t => t.Id == token.Id && (t.LastUsedAtUtc == null || t.LastUsedAtUtc <= since))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), ct);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, token.Name),
                new Claim(ClaimTypes.Role, token.Role),
                new Claim(TokenIdClaim, token.Id.ToString(CultureInfo.InvariantCulture)),
            ],
            SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "需要 API 令牌",
            detail: result.Failure is null
                ? "请在请求头中提供 Authorization: Bearer <令牌>（令牌由 create-token 命令生成）。"
                : "API 令牌无效、已过期或已被吊销。").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "没有权限",
            detail: "此 API 令牌的角色不能执行该操作。").ExecuteAsync(Context);

    [LoggerMessage(Level = LogLevel.Information, Message = "API request with an unknown, revoked or expired token")]
    private static partial void LogRejected(ILogger logger);
}
