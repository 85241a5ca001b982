using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Features.Sources.Http;

/// <summary>
/// Which hosts collectors may call. A host must be in <c>Sources:AllowedHosts</c> or, when that is
/// empty, among the configured sources' hosts (channel URLs and the Weibo API). Whatever the list,
/// an address on loopback, link-local or a private range is refused unless its host is listed in
/// <c>Sources:AllowedHosts</c> by name: an admin-typed URL or a redirect must not reach the
/// server's own network. The address check runs when the socket connects, so a DNS answer that
/// changes between check and use cannot slip through.
/// </summary>
public sealed class HostPolicy(IOptionsMonitor<SourcesOptions> options, IDbContextFactory<DashboardDbContext> factory, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private (HashSet<string> Hosts, DateTimeOffset At)? _configured;

    /// <summary>Throws <see cref="HostNotAllowedException"/> unless <paramref name="url"/> may be fetched.</summary>
    public async Task EnsureAllowedAsync(Uri url, CancellationToken ct)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new HostNotAllowedException($"只能访问 http 或 https 地址：{SourceHttpClient.Display(url)}");
        }

        var host = Normalize(url.IdnHost);
        var listed = options.CurrentValue.AllowedHosts;
        var allowed = listed.Count > 0 ? IsListed(host) : (await ConfiguredHostsAsync(ct)).Contains(host);
        if (!allowed)
        {
            throw new HostNotAllowedException($"主机 {host} 不在允许访问的列表中（Sources:AllowedHosts）。");
        }
    }

    /// <summary>Whether <paramref name="host"/> is named in <c>Sources:AllowedHosts</c> (exactly or by a <c>*.</c> pattern).</summary>
    public bool IsListed(string host)
    {
        host = Normalize(host);
        foreach (var entry in options.CurrentValue.AllowedHosts)
        {
            var pattern = Normalize(entry);
            if (pattern == host || (pattern.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(pattern[1..], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws unless <paramref name="address"/> is public or its <paramref name="host"/> is listed by name.</summary>
    public void EnsureAddressAllowed(string host, IPAddress address)
    {
        if (IsInternal(address) && !IsListed(host))
        {
            throw new HostNotAllowedException(
                $"拒绝访问本机或内网地址 {address}（主机 {host}）：只有在 Sources:AllowedHosts 中明确列出的主机才可以。");
        }
    }

    /// <summary>Loopback, private, link-local, carrier-grade NAT, unique-local, multicast or unspecified.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                || b[0] == 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] >= 224;
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
    }

    /// <summary>Forgets the cached source hosts: a channel was added or its URL changed.</summary>
    public void Invalidate() => _configured = null;

    private async Task<HashSet<string>> ConfiguredHostsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_configured is { } cached && now - cached.At < CacheFor)
        {
            return cached.Hosts;
        }

        // Two callers refreshing at once both read the same rows: harmless, so no lock.
        await using var db = await factory.CreateDbContextAsync(ct);
        var urls = await db.Channels.Where(c => c.Url != null).Select(c => c.Url!).ToListAsync(ct);
        urls.Add(options.CurrentValue.Weibo.BaseUrl);
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var url in urls)
        {
            // A list page's URL template has placeholders ({page}, {keyword}); the host is before them.
            if (Uri.TryCreate(url.Split('{')[0], UriKind.Absolute, out var uri))
            {
                hosts.Add(Normalize(uri.IdnHost));
            }
        }

        _configured = (hosts, now);
        return hosts;
    }

    private static string Normalize(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();
}
