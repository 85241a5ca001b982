using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Tests.Features.Exports;

/// <summary>An export whose rows fail half-way, served by a host of its own (the rows are the test's; the response is the app's).</summary>
public sealed class TableFileResultTests
{
    private const int RowsBeforeFailure = 20_000;

    [Theory]
    [InlineData(TableFormat.Xlsx)]
    [InlineData(TableFormat.Csv)]
    public async Task A_failure_in_the_middle_breaks_the_download_after_the_first_bytes_were_sent(TableFormat format)
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

        var table = new ExportTable(new ExportFileName("测试", "test"), ["标题"], ["名称", "序号", "数值"], Rows());
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/table", () => new TableFileResult(table, format));
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/table", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        Assert.True(await body.ReadAsync(buffer) > 0);
        clientHasBytes.SetResult();

        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null));
        Assert.True(streamedBeforeTheEnd);
    }
}
