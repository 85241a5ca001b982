using MudBlazor.Services;
using Ruichang.Dashboard.Components;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Features.Channels;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Commentators;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Features.Health;
using Ruichang.Dashboard.Features.Localization;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Overview;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Features.ReferenceData;
using Ruichang.Dashboard.Features.Reports;
using Ruichang.Dashboard.Features.Screen;
using Ruichang.Dashboard.Features.Settings;
using Ruichang.Dashboard.Features.Sources;

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    if (CommandLineFeature.IsVerb(args))
    {
        // A verb's own output is stdout, ending with what it made; logs go to stderr so they never come after it.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    builder.AddData();
    builder.AddAccounts();
    builder.AddApi();
    builder.AddSources();
    builder.AddChannels();
    builder.AddReferenceData();
    builder.AddCollection();
    builder.AddObservations();
    builder.AddOverview();
    builder.AddRankings();
    builder.AddCommentators();
    builder.AddReports();
    builder.AddEntry();
    builder.AddExports();
    builder.AddDisplays();
    builder.AddScreen();
    builder.AddHealth();
    builder.AddUiLocalization();
    builder.AddCommandLine();
    builder.AddDemo();

    builder.Services.AddMudServices();
    builder.Services.AddRazorComponents().AddInteractiveServerComponents();

    app = builder.Build();
}
catch (ConfigurationException ex)
{
    // A wrong setting stops the app with the key's name, not a stack trace.
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

if (CommandLineFeature.IsVerb(args))
{
    return await app.RunVerbAsync(args, Console.Out, Console.Error);
}

// First: the client's address and scheme behind a known reverse proxy (Proxy:*).
app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseApiErrors();
app.UseRequestLocalization();
app.UseApiMethodNotAllowed();
app.UseAuthentication();
app.UseDisplayKeys();
app.UseMustChangePassword();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapHealth();
app.MapCultureSwitch();
app.MapAccounts();
app.MapReferenceData();
app.MapObservations();
app.MapRankings();
app.MapReports();
app.MapEntry();
app.MapExports();
app.MapChannels();
app.MapCollectionJobs();
app.MapDemoSources();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireCircuitPolicyOnHub();

try
{
    await app.RunAsync();
    return 0;
}
catch (DatabaseInitializationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    // Settings are checked when they are registered; this is the last line, for any checked only on start.
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync(SettingsRegistration.Describe(failure).Message);
    }

    return 1;
}

public partial class Program;
