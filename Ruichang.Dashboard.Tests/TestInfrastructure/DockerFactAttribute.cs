using System.Net.Sockets;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// A fact that needs a Docker engine (Testcontainers starts a SQL Server in it). xunit 2 has no
/// dynamic skip, so the attribute asks the engine when tests are discovered and skips the test,
/// with the reason, when none answers: here, where <c>docker</c> is installed but no engine runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    public const string NoEngine = "需要 Docker（Testcontainers.MsSql 启动 SQL Server）；本机没有可用的 Docker 引擎";

    public DockerFactAttribute()
    {
        if (!DockerEngine.Answers)
        {
            Skip = NoEngine;
        }
    }
}

/// <summary>Whether a Docker engine answers where Testcontainers looks for one.</summary>
public static class DockerEngine
{
    private static readonly Lazy<bool> Probed = new(Probe);

    public static bool Answers => Probed.Value;

    /// <summary>Whether an engine answers <c>GET /_ping</c> on the Unix socket at <paramref name="path"/>.</summary>
    public static bool AnswersAt(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            // Attribute constructors cannot await; this runs once per test run, within 3 seconds.
            using var response = client.GetAsync(new Uri("http://docker/_ping")).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException or IOException)
        {
            return false;
        }
    }

    private static bool Probe()
    {
        // A remote or TLS engine (tcp://…) is the user's word: Testcontainers uses it as it is.
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOCKER_HOST")))
        {
            return true;
        }

        if (OperatingSystem.IsWindows())
        {
            return File.Exists(@"\\.\pipe\docker_engine");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        string?[] sockets =
        [
            "/var/run/docker.sock",
            runtime is null ? null : Path.Combine(runtime, "docker.sock"), // rootless
            Path.Combine(home, ".docker", "run", "docker.sock"),           // Docker Desktop
            Path.Combine(home, ".docker", "desktop", "docker.sock"),
        ];
        return sockets.OfType<string>().Any(AnswersAt);
    }
}
