using Microsoft.Net.Http.Headers;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// A test browser's cookie jar that tells time by the app's clock. The framework's own jar
/// (<see cref="System.Net.CookieContainer"/>) drops a cookie whose <c>expires</c> has passed on the machine's
/// clock: a sign-in cookie set under a fake clock hours behind the real one (the session's idle timeout
/// counted from the fake time) vanished once the real day passed that hour, and the test was sent to sign in.
/// Kept by name, as one host on one path needs; a cookie the app expires (sign-out) is removed.
/// </summary>
internal sealed class BrowserCookies(TimeProvider clock) : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add(HeaderNames.Cookie, string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues(HeaderNames.SetCookie, out var values)
            && SetCookieHeaderValue.TryParseList([.. values], out var cookies))
        {
            var now = clock.GetUtcNow();
            lock (_gate)
            {
                foreach (var cookie in cookies)
                {
                    if (cookie.Expires < now || cookie.MaxAge <= TimeSpan.Zero)
                    {
                        _cookies.Remove(cookie.Name.ToString());
                    }
                    else
                    {
                        _cookies[cookie.Name.ToString()] = cookie.Value.ToString();
                    }
                }
            }
        }

        return response;
    }
}
