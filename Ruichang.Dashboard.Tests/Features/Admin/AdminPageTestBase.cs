using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Channels;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Admin;

/// <summary>
/// The base of the admin pages' component tests: the app's collection services as the app
/// registers them (<see cref="CollectorHost"/>, real SQLite, collection off, a fake clock), a
/// signed-in user whose role a test chooses, and the real authorization service deciding the
/// Admin policy.
/// </summary>
public abstract class AdminPageTestBase : BunitTestBase
{
    private readonly SignedInUser _user = new();
    private CollectorHost? _collector;

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
        SignInAs("admin", Roles.Admin);
    }

    /// <summary>Now: 2014-10-15 12:00 in Ruichang.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2014, 10, 15, 4, 0, 0, TimeSpan.Zero));

    protected CollectorHost Collector => _collector ?? throw new InvalidOperationException("Call StartAsync first.");

    protected TestDatabase Database => Collector.Database;

    protected ISnackbar Snackbar => Services.GetRequiredService<ISnackbar>();

    protected IEnumerable<string> SnackbarMessages => Snackbar.ShownSnackbars.Select(s => s.Message).OfType<string>();

    protected void SignInAs(string name, string role) => _user.Set(name, role);

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
        // Last: it builds the service provider.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
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
