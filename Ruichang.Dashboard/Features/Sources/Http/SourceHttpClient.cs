using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Ruichang.Dashboard.Features.Sources.Http;

/// <summary>A remote answer, read whole (within the size cap).</summary>
public sealed record FetchedResponse(Uri Url, HttpStatusCode Status, string? MediaType, string? Charset, byte[] Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The first characters of the body, for an error message.</summary>
    public string Excerpt(int length = 200)
    {
        var text = System.Text.Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, length * 4));
        return text.Length > length ? text[..length] + "…" : text;
    }

    /// <summary>Throws a <see cref="SourceFetchException"/> naming the URL and status unless the answer is a success.</summary>
    public FetchedResponse EnsureSuccess() => IsSuccess
        ? this
        : throw new SourceFetchException($"{SourceHttpClient.Display(Url)} 返回 HTTP {(int)Status}：{Excerpt()}");
}

/// <summary>
/// The only way collectors reach the network. Every request, and every redirect it leads to, is
/// checked by <see cref="HostPolicy"/>; the answer goes through the resilience pipeline
/// (attempt and total timeouts, retries with jittered back-off that honour <c>Retry-After</c>, a
/// circuit breaker per host) and is read whole within <c>Sources:Http:MaxResponseBytes</c>.
/// Non-success answers are returned, not thrown, so an adapter can read an API's error body.
/// </summary>
public sealed class SourceHttpClient(HttpClient http, HostPolicy policy, IOptionsMonitor<SourcesOptions> options)
{
    // A URL inside a text: the scheme, then a user name and password to drop, then what to keep, then
    // the query and fragment to drop. A URL ends at white space, a quote or an angle bracket, or at
    // Chinese punctuation ("，", "）", "。"), which never belongs to one. NonBacktracking: messages
    // carry excerpts of what remote servers answered, which nobody vouches for.
    private const string NotInUrl = "\\s\"'<>\u3000-\u303F\uFF00-\uFFEF";

    private static readonly Regex UrlInText = new(
        $"(?<scheme>https?://)(?:[^{NotInUrl}/?#@]*@)?(?<kept>[^{NotInUrl}?#]*)(?:[?#][^{NotInUrl}]*)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>
    /// A URL as messages show it: without its query and fragment, where API keys and tokens travel,
    /// and without a user name and password.
    /// </summary>
    public static string Display(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
        // Other schemes have no query to Uri (ftp://h/x?k=v is the path "/x%3Fk=v"): cut the text as typed.
        : Display(url.OriginalString);

    /// <summary>
    /// A URL given as text (a channel's address as typed, a list page's URL template with
    /// <c>{page}</c>), as messages show it: everything from the first <c>?</c> or <c>#</c> is
    /// dropped, and so is a user name and password, whether or not the rest is a valid URL.
    /// </summary>
    public static string Display(string url)
    {
        var text = url.Split('?', '#')[0];
        var authority = text.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0;
        var at = text.IndexOf('@', authority);
        var slash = text.IndexOf('/', authority);
        return at >= 0 && (slash < 0 || at < slash) ? text[..authority] + text[(at + 1)..] : text;
    }

    /// <summary>
    /// <paramref name="message"/> with the query, fragment and user name and password cut out of
    /// every http(s) URL in it: the last line of defence before a failure's text is stored or shown,
    /// for the messages nobody built with <see cref="Display(Uri)"/> (a library's, an excerpt of a
    /// remote answer).
    /// </summary>
    public static string RedactUrls(string message) => UrlInText.Replace(message, "${scheme}${kept}");

    public async Task<FetchedResponse> GetAsync(Uri url, CancellationToken ct)
    {
        var settings = options.CurrentValue.Http;
        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            await policy.EnsureAllowedAsync(current, ct);
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            HttpResponseMessage response;
            try
            {
                // CappedBufferingHandler has read the body within the cap: buffering it here again would copy it once more.
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (SourceFetchException)
            {
                throw;
            }
            catch (HttpRequestException ex) when (ex.InnerException is SourceFetchException refused)
            {
                // Refused while connecting (an internal address): the refusal is the story, not the socket.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(refused).Throw();
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                && !ct.IsCancellationRequested)
            {
                throw new SourceFetchException(Describe(current, ex), ex);
            }

            using (response)
            {
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (redirects >= settings.MaxRedirects)
                    {
                        throw new SourceFetchException($"{Display(url)} 重定向次数过多（超过 {settings.MaxRedirects} 次）。");
                    }

                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }

                // The handler has read the body already; taking its array saves copying it twice more.
                var body = response.Content is BufferedContent buffered ? buffered.Body : await response.Content.ReadAsByteArrayAsync(ct);
                var type = response.Content.Headers.ContentType;
                return new FetchedResponse(current, response.StatusCode, type?.MediaType, type?.CharSet?.Trim('"'), body);
            }
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string Describe(Uri url, Exception ex) => ex switch
    {
        Polly.CircuitBreaker.BrokenCircuitException => $"{url.Host} 近期连续失败，暂停访问（熔断）。",
        Polly.Timeout.TimeoutRejectedException or TaskCanceledException or TimeoutException => $"{Display(url)} 超时未响应。",
        HttpRequestException { StatusCode: { } status } => $"{Display(url)} 返回 HTTP {(int)status}。",
        _ => $"无法连接 {Display(url)}：{RedactUrls(ex.Message)}",
    };
}

/// <summary>
/// Reads each attempt's answer whole inside the resilience pipeline, so that the attempt timeout
/// also covers a body that trickles in (slow loris), and refuses one over the size cap without
/// reading the rest.
/// </summary>
internal sealed class CappedBufferingHandler(IOptionsMonitor<SourcesOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var limit = options.CurrentValue.Http.MaxResponseBytes;
        try
        {
            if (response.Content.Headers.ContentLength > limit)
            {
                throw new ResponseTooLargeException(request.RequestUri!, limit);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var content = new BufferedContent(await ReadCappedAsync(stream, response.Content.Headers.ContentLength, limit, request.RequestUri!, cancellationToken));
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            content.Headers.ContentLength = content.Body.Length;
            response.Content.Dispose();
            response.Content = content;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // Reads the body into one array of its size when the length is announced (one copy, from the socket),
    // growing it otherwise; more than the limit is refused as soon as it arrives.
    private static async Task<byte[]> ReadCappedAsync(Stream stream, long? announced, long limit, Uri url, CancellationToken ct)
    {
        var buffer = new byte[announced is > 0 and var size ? Math.Min(size, limit + 1) : Math.Min(16 * 1024, limit + 1)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // Full: the end of the body, or more than announced (a compressed answer announces its compressed size).
                var probe = new byte[1];
                if (await stream.ReadAsync(probe, ct) == 0)
                {
                    return buffer;
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 16 * 1024), limit + 1));
                buffer[length++] = probe[0];
                if (length > limit)
                {
                    throw new ResponseTooLargeException(url, limit);
                }
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
            {
                return length == buffer.Length ? buffer : buffer[..length];
            }

            length += read;
            if (length > limit)
            {
                throw new ResponseTooLargeException(url, limit);
            }
        }
    }
}
