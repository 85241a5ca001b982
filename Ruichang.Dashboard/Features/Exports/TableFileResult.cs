namespace Ruichang.Dashboard.Features.Exports;

/// <summary>
/// An exported table as the response: the file streamed as it is written (no whole file in memory, no
/// Content-Length), named by the server with RFC 6266 (<c>filename*</c> in UTF-8 and an ASCII <c>filename</c>).
/// A failure once the file has begun aborts the connection, so the client sees a broken download and never
/// a short file that looks complete; a failure before the first byte is an ordinary error response.
/// </summary>
public sealed partial class TableFileResult(ExportTable table, TableFormat format) : IResult
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var extension = format == TableFormat.Csv ? ".csv" : ".xlsx";
        response.ContentType = format == TableFormat.Csv ? CsvContentType : XlsxContentType;
        response.Headers.ContentDisposition = table.FileName.ContentDisposition(extension);
        // Exports hold the figures of the day; a shared cache must not keep them for the next user.
        response.Headers.CacheControl = "no-store";

        try
        {
            await TableWriter.WriteAsync(response.Body, table, format, httpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody left to tell.
        }
        catch (Exception ex) when (response.HasStarted)
        {
            // Part of the file is on its way: an error response can no longer be sent, and ending normally
            // would hand the client a short file that looks complete. Cut the connection instead.
            LogAborted(httpContext.RequestServices.GetRequiredService<ILogger<TableFileResult>>(), ex, httpContext.Request.Path.Value);
            httpContext.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Export {Path} failed after it had begun; the connection was aborted")]
    private static partial void LogAborted(ILogger logger, Exception exception, string? path);
}
