using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>How <see cref="DockerFactAttribute"/> tells an engine that answers from a socket file left behind.</summary>
public sealed class DockerEngineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ruichang-docker-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_engine_is_a_socket_that_answers_ping_not_a_socket_file_nor_a_missing_one()
    {
        var answering = Path.Combine(_folder, "docker.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.ListenUnixSocket(answering));
        builder.Logging.ClearProviders();
        await using var engine = builder.Build();
        engine.Run(context => context.Request.Path == "/_ping" ? context.Response.WriteAsync("OK") : Task.CompletedTask);
        await engine.StartAsync();
        // A socket file nobody listens on, as a stopped engine leaves behind.
        var stale = Path.Combine(_folder, "stale.sock");
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(stale));
        }

        // Asked until it answers: on a loaded machine the fresh server's first answer can take longer than the
        // probe's 3 s timeout (seen once in CI), and an engine that answers late is still an engine.
        await Eventually.TrueAsync(() => Task.FromResult(DockerEngine.AnswersAt(answering)));
        Assert.False(DockerEngine.AnswersAt(stale));
        Assert.False(DockerEngine.AnswersAt(Path.Combine(_folder, "missing.sock")));
        await engine.StopAsync();
    }
}
