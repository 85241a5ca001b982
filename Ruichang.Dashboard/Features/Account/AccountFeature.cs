using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Account;

public static class AccountFeature
{
    public const string ReadersPolicy = "Readers";
    public const string WritersPolicy = "Writers";
    public const string AdminPolicy = "Admin";

    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    public const string DeniedPath = "/account/denied";

    /// <summary>
    /// Identity on the app's database: cookie sign-in, the three roles, lockout after 5 failures,
    /// passwords of at least 8 characters with no composition rules. Every endpoint without its own
    /// rule requires one of the roles. Also the first administrator (<c>Bootstrap:*</c>, checked
    /// now so that a bad setting stops the app with the key's name) and the verbs
    /// <c>create-user</c> and <c>reset-password</c>.
    /// </summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var bootstrap = builder.AddSettings<BootstrapOptions, BootstrapOptionsValidator>(BootstrapOptions.SectionName);
        var sessions = builder.AddSettings<SessionOptions, SessionOptionsValidator>(SessionOptions.SectionName);
        var secureCookie = sessions.SecureCookie ?? !builder.Environment.IsDevelopment();

        // Sign-in cookies and antiforgery tokens must outlive a restart: a wall screen or a form
        // left open would otherwise fail after every deployment.
        builder.Services.AddDataProtection()
            .SetApplicationName("Ruichang.Dashboard")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.Environment.ContentRootPath, "App_Data", "keys")));

        builder.Services.AddCascadingAuthenticationState();
        // An open page asks the database again every Sessions:RevalidationInterval (AccountAccess).
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingUserStateProvider>();
        UseAppStores(builder.Services.AddIdentity<DashboardUser, IdentityRole>(ConfigureIdentity))
            .AddSignInManager<DashboardSignInManager>()
            .AddClaimsPrincipalFactory<DashboardClaimsPrincipalFactory>();
        builder.Services.AddSingleton<AccountAccess>();
        builder.Services.AddSingleton<UserAccounts>();

        // The session cookie's check of the security stamp (and of a lockout: DashboardSignInManager)
        // runs as often as an open page's, not every 30 minutes.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = sessions.RevalidationInterval);

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = LoginPath;
            o.LogoutPath = LogoutPath;
            o.AccessDeniedPath = DeniedPath;
            o.Cookie.Name = "ruichang.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secureCookie ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            // Idle timeout: each request within it renews the cookie; the absolute lifetime is checked below.
            o.ExpireTimeSpan = sessions.IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnSigningIn = SessionLifetime.MarkSignIn;
            o.Events.OnValidatePrincipal = SessionLifetime.ValidateAsync;

            // A path under /api that the fallback policy guards (an unknown API route) answers with
            // a status code: an API client cannot follow a redirect to the sign-in form.
            o.Events.OnRedirectToLogin = c => ApiStatusOrRedirect(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiStatusOrRedirect(c, StatusCodes.Status403Forbidden);
        });

        builder.Services.AddRolePolicies();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IStartupSeeder, RoleSeeder>();
        builder.Services.AddSingleton(bootstrap);
        builder.Services.AddSingleton<IStartupSeeder, BootstrapAdminSeeder>();
        builder.Services.AddSingleton<ICommandLineVerb, CreateUserVerb>();
        builder.Services.AddSingleton<ICommandLineVerb, ResetPasswordVerb>();
        builder.Services.AddSingleton<ICommandLineVerb, DisableUserVerb>();
        builder.AddSignInProtection();
        return builder;
    }

    /// <summary>The three policies by role; every endpoint without its own rule requires one of the roles.</summary>
    public static IServiceCollection AddRolePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadersPolicy, p => p.RequireRole(Roles.All))
            .AddPolicy(WritersPolicy, p => p.RequireRole(Roles.Admin, Roles.Staff))
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(Roles.All).Build());
        return services;
    }

    /// <summary><c>POST /account/logout</c> (antiforgery token required): signs out and goes to the sign-in page.</summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(LogoutPath, async (HttpContext http, IAntiforgery antiforgery, SignInManager<DashboardUser> signIn) =>
        {
            // The endpoint binds no form, so the framework would not check the token by itself:
            // without this, any site could sign a user out.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "缺少或无效的防伪令牌。");
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect(LoginPath);
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>Identity's stores on the app's database, with reset tokens and Chinese errors.</summary>
    internal static IdentityBuilder UseAppStores(IdentityBuilder identity) =>
        identity
            .AddEntityFrameworkStores<DashboardDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>();

    internal static void ConfigureIdentity(IdentityOptions o)
    {
        o.Password.RequiredLength = 8;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 1;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.User.RequireUniqueEmail = false;
        o.SignIn.RequireConfirmedAccount = false;
    }

    private static Task ApiStatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Creates the three roles when missing.</summary>
internal sealed class RoleSeeder(IServiceScopeFactory scopes) : IStartupSeeder
{
    public int Order => 10;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new IdentityRole(role));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"无法创建角色 {role}：{string.Join("；", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }
}
