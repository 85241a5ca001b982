using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Features.Account;

public static class AccountFeature
{
    public const string ReadersPolicy = "Readers";
    public const string WritersPolicy = "Writers";
    public const string AdminPolicy = "Admin";

    /// <summary>
    /// Identity on the app's database: cookie sign-in, the three roles, lockout after 5 failures,
    /// passwords of at least 8 characters with no composition rules. Every endpoint without its own
    /// rule requires one of the roles.
    /// </summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCascadingAuthenticationState();
        builder.Services
            .AddIdentity<DashboardUser, IdentityRole>(o =>
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
            })
            .AddEntityFrameworkStores<DashboardDbContext>()
            .AddDefaultTokenProviders();

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "ruichang.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
        });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadersPolicy, p => p.RequireRole(Roles.All))
            .AddPolicy(WritersPolicy, p => p.RequireRole(Roles.Admin, Roles.Staff))
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(Roles.All).Build());

        builder.Services.AddSingleton<IStartupSeeder, RoleSeeder>();
        return builder;
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
