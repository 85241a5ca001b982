using System.Diagnostics;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>Runs the built app as its own process, as an operator would (verbs, start-up failures).</summary>
public static class AppProcess
{
    // The app is copied into the test output with its runtime config, as it is deployed.
    private static string AppDll => Path.Combine(AppContext.BaseDirectory, "Ruichang.Dashboard.dll");

    /// <summary>
    /// Runs <c>dotnet Ruichang.Dashboard.dll &lt;args&gt;</c> in the Testing environment with the
    /// collectors off and <paramref name="environment"/> as extra variables (<c>Database__Provider</c>).
    /// </summary>
    public static async Task<VerbResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(AppDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Collection__Enabled"] = "false";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the app did not exit: {await output}{await error}");
        }

        return new VerbResult(process.ExitCode, await output, await error);
    }
}
