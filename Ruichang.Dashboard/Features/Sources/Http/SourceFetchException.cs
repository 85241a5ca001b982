namespace Ruichang.Dashboard.Features.Sources.Http;

/// <summary>A source could not be read; the message (Chinese, for the admin pages) says why and where.</summary>
public class SourceFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The answer was larger than <c>Sources:Http:MaxResponseBytes</c>; not worth retrying.</summary>
public sealed class ResponseTooLargeException(Uri url, long limit)
    : SourceFetchException($"响应过大：{SourceHttpClient.Display(url)} 的内容超过 {limit / 1024} KB 的上限（Sources:Http:MaxResponseBytes）。");

/// <summary>The host or its address is not one collectors may call; not worth retrying.</summary>
public sealed class HostNotAllowedException(string message) : SourceFetchException(message);
