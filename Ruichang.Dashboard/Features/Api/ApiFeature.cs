using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Features.Api;

public static class ApiFeature
{
    public const string Prefix = "/api/v1";

    /// <summary>Any role may read (Leader is the lowest).</summary>
    public const string ReadersPolicy = "Api.Readers";

    /// <summary>Admin or Staff: figures and imports.</summary>
    public const string WritersPolicy = "Api.Writers";

    /// <summary>Admin only: channels, jobs.</summary>
    public const string AdminPolicy = "Api.Admin";

    /// <summary>
    /// The bearer-token scheme for <c>/api/v1</c>, the API's authorization policies (which
    /// authenticate with that scheme only), problem-details responses, JSON that keeps Chinese
    /// readable, and the verbs <c>create-token</c>, <c>list-tokens</c> and <c>revoke-token</c>.
    /// </summary>
    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, displayName: "API token", null);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadersPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireRole(Roles.All))
            .AddPolicy(WritersPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireRole(Roles.Admin, Roles.Staff))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireRole(Roles.Admin));

        builder.Services.AddProblemDetails();
        // A body that is not JSON (or not the right JSON) is thrown, so UseApiErrors can say where it is wrong.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Keeps 瑞昌市 as it is instead of \u745E\u660C\u5E02; HTML-sensitive characters stay escaped.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiTokenIssuer>();
        builder.Services.AddSingleton<ApiTokens>();
        builder.Services.AddSingleton<ICommandLineVerb, CreateTokenVerb>();
        builder.Services.AddSingleton<ICommandLineVerb, ListTokensVerb>();
        builder.Services.AddSingleton<ICommandLineVerb, RevokeTokenVerb>();
        return builder;
    }

    /// <summary>
    /// Errors as their readers want them: problem-details JSON under <c>/api</c> (a bad body says what
    /// is wrong with it, a bare status gets a body), the Chinese not-found page everywhere else.
    /// </summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        // Outermost, so that it re-runs routing for the page; it leaves alone a response that has a
        // body, which every API error has by the time it gets here.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(IsApi, api =>
        {
            api.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
                {
                    var detail = ex.InnerException is System.Text.Json.JsonException json
                        ? $"请求体不是有效的 JSON：{json.Message}"
                        : ex.Message;
                    await Results.Problem(statusCode: ex.StatusCode, title: "请求有误", detail: detail).ExecuteAsync(context);
                }
            });
            api.UseStatusCodePages();
        });
        return app;
    }

    /// <summary>
    /// An API path asked with a method it does not take answers 405 with its <c>Allow</c> header, as routing
    /// decided, instead of the fallback policy's 401: the path exists, and no token changes the answer.
    /// Between routing and authorization.
    /// </summary>
    public static IApplicationBuilder UseApiMethodNotAllowed(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Routing's stand-in endpoint for a path whose endpoints take other methods (HttpMethodMatcherPolicy).
        if (IsApi(context) && context.GetEndpoint() is { DisplayName: "405 HTTP Method Not Supported", RequestDelegate: { } methodNotAllowed })
        {
            await methodNotAllowed(context);
            return;
        }

        await next(context);
    });

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A route group under <c>/api/v1</c> that only a bearer token can enter: any role may read,
    /// an endpoint that needs more adds <see cref="WritersPolicy"/> or <see cref="AdminPolicy"/>.
    /// Each feature calls this for its own endpoints; the groups share the prefix and the rules.
    /// </summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup(Prefix)
            .RequireAuthorization(ReadersPolicy)
            // Cookies never authenticate here, so a browser cannot be made to send a forged
            // request on a user's behalf: the antiforgery check (for form and file uploads) is moot.
            .DisableAntiforgery();
}
