using System.Diagnostics;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public string LastLine => Output.TrimEnd().Split('\n')[^1].Trim();
}

/// <summary>Runs the built app as its own process, as an operator would (verbs, start-up failures).</summary>
public static class AppProcess
{
    private static string AppDll
    {
        get
        {
            // Tests run from Ruichang.Dashboard.Tests/bin/<config>/<tfm>/; the app is built beside it.
            var testBin = new DirectoryInfo(AppContext.BaseDirectory);
            var config = testBin.Parent!.Name;
            var tfm = testBin.Name;
            var solution = testBin.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(solution, "Ruichang.Dashboard", "bin", config, tfm, "Ruichang.Dashboard.dll");
        }
    }

    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
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

        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
