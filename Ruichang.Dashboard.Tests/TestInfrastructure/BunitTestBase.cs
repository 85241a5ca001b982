using Bunit;
using MudBlazor.Services;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// The base of every component test: MudBlazor's services without transitions, and strict JS interop,
/// so that a JS call no test planned for fails the test. A wait for a render gets as long as any
/// other wait in the tests: bUnit's own second is too short for a page that reads a real database
/// on a loaded machine, and a wait that passes returns at once.
/// </summary>
public abstract class BunitTestBase : BunitContext, IAsyncLifetime
{
    static BunitTestBase() => DefaultWaitTimeout = Eventually.Deadline;

    protected BunitTestBase()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The chart module answered as a browser that draws every chart: for pages that hold charts.</summary>
    protected BunitJSModuleInterop SetupCharts()
    {
        var chart = JSInterop.SetupModule(Ruichang.Dashboard.Components.Shared.ApexChart.ModulePath);
        chart.Setup<bool>("initialize", _ => true).SetResult(true);
        chart.SetupVoid("update", _ => true).SetVoidResult();
        return chart;
    }

    // xunit 2 disposes test classes synchronously, but some of MudBlazor's services are only
    // IAsyncDisposable: disposing here first leaves nothing for the synchronous Dispose.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
