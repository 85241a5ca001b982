using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// The built app serving HTTP as its own process on a fixed loopback port, as an operator runs it,
/// for tests that need the server gone and back on the same address (a restart). Runs in the
/// Development environment, the only one in which the built app finds the framework's and packages'
/// static files from the build folder, with the demo and the collectors off.
/// </summary>
public sealed class AppServerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private AppServerProcess(Dictionary<string, string> environment, int port)
    {
        _environment = environment;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    /// <summary>Everything both streams printed so far, for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the app on a free port with <paramref name="environment"/> added, and waits until it answers.</summary>
    public static async Task<AppServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Demo__Enabled"] = "false",
            ["Collection__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        var server = new AppServerProcess(variables, FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the app (again) on the same port and waits until <c>/healthz</c> answers.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The app is running already.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ruichang.Dashboard.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Port}");
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process?.Dispose();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The app did not answer on {BaseUrl}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Ends the process at once, as a crash or a pulled plug would; connections drop without a goodbye.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
