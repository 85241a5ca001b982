using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// Where this app's own collectors reach the demo sources: <c>Demo:SourcesBaseUrl</c> when it is
/// set, otherwise the address the server listens on. That is known only once Kestrel has bound
/// (<see cref="Resolve"/>, called when the host has started); until then it is the address the
/// <c>urls</c> setting (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) asks for when it names a port, and
/// else — also on a server that reports no address, as the in-memory test server — <see cref="Fallback"/>.
/// Resolving tells the options that depend on it (<see cref="SourcesOptions"/>: the demo Weibo API
/// and the allowed host) to be made again.
/// </summary>
public sealed class DemoSourcesAddress(IOptions<DemoOptions> options, IServer? server = null, IConfiguration? configuration = null)
    : IOptionsChangeTokenSource<SourcesOptions>, IDisposable
{
    /// <summary>The address used before the server's is known, or when it reports none.</summary>
    public static readonly Uri Fallback = new("http://localhost/");

    private readonly Lock _gate = new();

    /// <summary>What the <c>urls</c> setting asks the server to listen on, when it names a port (a collection may run before the server listens).</summary>
    private readonly Uri? _expected = Choose((configuration?["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        is { Port: > 0 } expected ? expected : null;

    private CancellationTokenSource _resolved = new();
    private bool _isResolved;
    private Uri? _listening;

    /// <summary><c>Demo:SourcesBaseUrl</c>, normalised; null when not set.</summary>
    public Uri? Configured { get; } = options.Value.ConfiguredBaseUrl;

    /// <summary>The base URL of this app for its collectors, with a trailing slash.</summary>
    public Uri BaseUrl => Configured ?? _listening ?? _expected ?? Fallback;

    /// <summary>Every demo source is under this: <c>{BaseUrl}demo/</c>.</summary>
    public string Prefix => BaseUrl.AbsoluteUri + DemoSourceLinks.PathPrefix;

    string? IOptionsChangeTokenSource<SourcesOptions>.Name => Options.DefaultName;

    /// <summary>Takes the server's address, once it listens; returns the base URL now in force.</summary>
    public Uri Resolve()
    {
        if (Configured is null && !_isResolved)
        {
            _listening = Choose(server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
            _isResolved = true;
            CancellationTokenSource fired;
            lock (_gate)
            {
                fired = _resolved;
                _resolved = new CancellationTokenSource();
            }

            // Not disposed: a token it gave out may still be registered with; the garbage collector takes it.
            fired.Cancel();
        }

        return BaseUrl;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _resolved.Dispose();
        }
    }

    IChangeToken IOptionsChangeTokenSource<SourcesOptions>.GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_resolved.Token);
        }
    }

    /// <summary>
    /// The address the collectors call of those the server listens on: plain http before https (a
    /// development certificate is not trusted by the collectors), loopback before a wildcard before
    /// another host; a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) becomes the
    /// loopback address it includes. Null when there is none.
    /// </summary>
    internal static Uri? Choose(IEnumerable<string> addresses)
    {
        var candidates = new List<(Uri Url, int Rank)>();
        foreach (var address in addresses)
        {
            // Uri cannot parse Kestrel's wildcards "+" and "*".
            var text = address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                continue;
            }

            var (host, place) = url.Host switch
            {
                "0.0.0.0" => ("127.0.0.1", 1),
                "[::]" => ("localhost", 1),
                _ when url.IsLoopback => (url.Host, 0),
                _ => (url.Host, 2),
            };
            var rank = ((url.Scheme == Uri.UriSchemeHttp ? 0 : 1) * 10) + place;
            candidates.Add((new UriBuilder(url.Scheme, host, url.Port, "/").Uri, rank));
        }

        return candidates.Count == 0 ? null : candidates.MinBy(c => c.Rank).Url;
    }
}
