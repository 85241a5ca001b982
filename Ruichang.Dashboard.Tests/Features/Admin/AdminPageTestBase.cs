using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Channels;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Admin;

/// <summary>
/// The base of the admin pages' component tests: the app's collection services as the app
/// registers them (<see cref="CollectorHost"/>, real SQLite, collection off, a fake clock), a
/// signed-in user whose role a test chooses — a real user in the database, with Identity's real
/// user manager, which the pages ask again before every action — and the real authorization
/// service deciding the Admin policy.
/// </summary>
public abstract class AdminPageTestBase : BunitTestBase
{
    private readonly SignedInUser _user = new();
    private CollectorHost? _collector;
    private (string Name, string Role) _pending;

    protected AdminPageTestBase()
    {
        // MudBlazor's table, inputs, switches and popovers call their own JS when they first
        // render; these tests look at markup and services, not at those calls (as MudBlazor's own tests do).
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<AuthenticationStateProvider>(_user);
        // bUnit stands in a placeholder that fails any check; the real service decides here, with
        // the rule AccountFeature gives the Admin policy (the HTTP tests check the app's own registration).
        Services.RemoveAll<IAuthorizationService>();
        Services.AddAuthorizationCore(o => o.AddPolicy(AccountFeature.AdminPolicy, p => p.RequireRole(Roles.Admin)));

        // Identity as the app configures it, on the database StartAsync creates (resolved only after it).
        Services.AddLogging();
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Services.AddScoped(_ => Database.Factory.CreateDbContext());
        AccountFeature.UseAppStores(Services.AddIdentityCore<DashboardUser>(AccountFeature.ConfigureIdentity).AddRoles<IdentityRole>());
        Services.AddSingleton<AccountAccess>();
        Services.AddSingleton<UserAccounts>();
        SignInAs("admin", Roles.Admin);
    }

    /// <summary>Now: 2014-10-15 12:00 in Ruichang.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2014, 10, 15, 4, 0, 0, TimeSpan.Zero));

    protected CollectorHost Collector => _collector ?? throw new InvalidOperationException("Call StartAsync first.");

    protected TestDatabase Database => Collector.Database;

    protected ISnackbar Snackbar => Services.GetRequiredService<ISnackbar>();

    protected IEnumerable<string> SnackbarMessages => Snackbar.ShownSnackbars.Select(s => s.Message).OfType<string>();

    /// <summary>
    /// Signs <paramref name="name"/> in with <paramref name="role"/> as their only role: the user is
    /// made (or changed) in the database once it exists, and the page's principal carries their id,
    /// role and security stamp, as a sign-in cookie does.
    /// </summary>
    protected void SignInAs(string name, string role)
    {
        _pending = (name, role);
        if (_collector is not null)
        {
            // Blocking is safe: Identity and EF Core do not resume on the caller's context.
            Task.Run(() => SignInNowAsync(name, role)).GetAwaiter().GetResult();
        }
    }

    /// <summary>Makes (or changes) <paramref name="name"/> in the database with <paramref name="role"/> as their only role, without signing them in.</summary>
    protected async Task<DashboardUser> EnsureUserAsync(string name, string role)
    {
        await using var scope = Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var r in Roles.All)
        {
            if (!await roles.RoleExistsAsync(r))
            {
                await roles.CreateAsync(new IdentityRole(r));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await users.FindByNameAsync(name);
        if (user is null)
        {
            user = new DashboardUser { UserName = name };
            Assert.True((await users.CreateAsync(user)).Succeeded);
        }

        var current = await users.GetRolesAsync(user);
        if (!current.SequenceEqual([role]))
        {
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, role);
        }

        return user;
    }

    private async Task SignInNowAsync(string name, string role)
    {
        var user = await EnsureUserAsync(name, role);
        _user.Set(user.Id, name, role, user.SecurityStamp ?? "");
    }

    /// <summary>Starts the collection services on a new migrated database and hands them to the components.</summary>
    /// <param name="collectionEnabled">Run the Quartz scheduler on the database's persistent store, as the app does by default.</param>
    protected async Task StartAsync(bool collectionEnabled = false)
    {
        _collector = await CollectorHost.StartAsync(
            new Dictionary<string, string?> { ["Collection:Enabled"] = collectionEnabled ? "true" : "false" }, time: Time);
        foreach (var type in new[]
        {
            typeof(ChannelQueries), typeof(ChannelCommands), typeof(CollectionRunner), typeof(CollectionJobsService),
            typeof(CountyClock), typeof(TimeProvider),
        })
        {
            Services.AddSingleton(type, _collector.Services.GetRequiredService(type));
        }

        // As in a browser once the circuit is up (the pages disable their buttons while prerendered).
        // It builds the service provider, which the signed-in user's database rows need.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        await SignInNowAsync(_pending.Name, _pending.Role);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }
}
