using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Tests.Features.Exports;

/// <summary>
/// Exports served by a host of their own, in memory and on Kestrel, both refusing synchronous writes as they do unless
/// an app allows them: the rows are the test's, the response is the app's.
/// </summary>
public sealed class TableFileResultTests
{
    private const int RowsBeforeFailure = 20_000;

    [Theory]
    [InlineData(TableFormat.Xlsx, false)]
    [InlineData(TableFormat.Csv, false)]
    [InlineData(TableFormat.Xlsx, true)]
    [InlineData(TableFormat.Csv, true)]
    public async Task A_failure_in_the_middle_breaks_the_download_after_the_first_bytes_were_sent(TableFormat format, bool kestrel)
    {
        var clientHasBytes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var streamedBeforeTheEnd = false;
        IEnumerable<object?[]> Rows()
        {
            for (var i = 0; i < RowsBeforeFailure; i++)
            {
                yield return [$"县{i}", i, (double)i / 7];
            }

            // Only a streamed response reaches the client before its last row; a buffered one would wait here in vain.
            streamedBeforeTheEnd = clientHasBytes.Task.Wait(TimeSpan.FromSeconds(30));
            throw new InvalidOperationException("数据库连接中断");
        }

        await using var host = await Host.StartAsync(new TableFileResult(Table(Rows()), format), kestrel);
        using var response = await host.Client.GetAsync("/table", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        Assert.True(await body.ReadAsync(buffer) > 0);
        clientHasBytes.SetResult();

        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null));
        Assert.True(streamedBeforeTheEnd);
    }

    [Fact]
    public async Task On_kestrel_a_large_workbook_arrives_whole_in_chunks()
    {
        var rows = Enumerable.Range(0, RowsBeforeFailure).Select(i => new object?[] { $"县{i}", i, (double)i / 7 });
        await using var host = await Host.StartAsync(new TableFileResult(Table(rows), TableFormat.Xlsx), kestrel: true);

        using var response = await host.Client.GetAsync("/table");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        var sheet = ExportedFiles.Xlsx(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(2 + RowsBeforeFailure, sheet.Count);
        Assert.Equal([new(false, "县19999"), new(true, "19999"), new(true, (19999.0 / 7).ToString("R", System.Globalization.CultureInfo.InvariantCulture))], sheet[^1].AsEnumerable());
    }

    [Fact]
    public async Task A_large_workbook_arrives_whole_and_valid_from_a_server_that_forbids_synchronous_writes()
    {
        var rows = Enumerable.Range(0, RowsBeforeFailure).Select(i => new object?[] { $"县{i}", i, (double)i / 7 });
        await using var host = await Host.StartAsync(new TableFileResult(Table(rows), TableFormat.Xlsx), kestrel: false);
        Assert.False(host.Services.GetRequiredService<IOptions<TestServerOptions>>().Value.AllowSynchronousIO);

        using var response = await host.Client.GetAsync("/table");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = await response.Content.ReadAsByteArrayAsync();
        var sheet = ExportedFiles.Xlsx(file);
        Assert.Equal(2 + RowsBeforeFailure, sheet.Count);
        Assert.Equal([new(false, "名称"), new(false, "序号"), new(false, "数值")], sheet[1].AsEnumerable());
        Assert.Equal([new(false, "县19999"), new(true, "19999"), new(true, (19999.0 / 7).ToString("R", System.Globalization.CultureInfo.InvariantCulture))], sheet[^1].AsEnumerable());
        Assert.Equal(["Sheet1"], ExportedFiles.SheetNames(file));
    }

    private static ExportTable Table(IEnumerable<object?[]> rows) => new(new ExportFileName("测试", "test"), ["标题"], ["名称", "序号", "数值"], rows);

    private sealed class Host(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client => client;

        public IServiceProvider Services => app.Services;

        public static async Task<Host> StartAsync(TableFileResult result, bool kestrel)
        {
            var builder = WebApplication.CreateBuilder();
            if (kestrel)
            {
                builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            }
            else
            {
                builder.WebHost.UseTestServer(o => o.AllowSynchronousIO = false);
            }

            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapGet("/table", () => result);
            await app.StartAsync();
            var client = kestrel
                ? new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) }
                : app.GetTestClient();
            return new Host(app, client);
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.DisposeAsync();
        }
    }
}
