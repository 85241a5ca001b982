using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Features.Sources.Http;

/// <summary>
/// Which hosts collectors may call, and which of them may reach an internal address: two questions.
/// A host may be called when it is in <c>Sources:AllowedHosts</c> (by name or under a <c>*.</c>
/// pattern) or, when that is empty, among the configured sources' hosts (channel URLs and the Weibo
/// API). Whatever the list, an internal address (loopback, private, link-local and the other
/// special-purpose ranges, see <see cref="IsInternal"/>) is refused unless its host is listed in
/// <c>Sources:AllowedHosts</c> by its exact name (<c>localhost</c>, <c>127.0.0.1</c>,
/// <c>intranet.example</c>): an admin-typed URL, a redirect, or a name under a wildcard whose DNS
/// someone else controls must not reach the server's own network. The address check runs when the
/// socket connects, so a DNS answer that changes between check and use cannot slip through.
/// </summary>
public sealed class HostPolicy(IOptionsMonitor<SourcesOptions> options, IDbContextFactory<DashboardDbContext> factory, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    // IANA's IPv4 and IPv6 special-purpose address registries, less what is globally reachable.
    private static readonly IPNetwork[] InternalIPv4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),       // "this network"
        IPNetwork.Parse("10.0.0.0/8"),      // private
        IPNetwork.Parse("100.64.0.0/10"),   // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),     // loopback
        IPNetwork.Parse("169.254.0.0/16"),  // link-local (cloud metadata services live here)
        IPNetwork.Parse("172.16.0.0/12"),   // private
        IPNetwork.Parse("192.0.0.0/24"),    // IETF protocol assignments (DS-Lite, NAT64 discovery, ...)
        IPNetwork.Parse("192.0.2.0/24"),    // documentation (TEST-NET-1)
        IPNetwork.Parse("192.88.99.0/24"),  // 6to4 relay anycast, deprecated
        IPNetwork.Parse("192.168.0.0/16"),  // private
        IPNetwork.Parse("198.18.0.0/15"),   // benchmarking
        IPNetwork.Parse("198.51.100.0/24"), // documentation (TEST-NET-2)
        IPNetwork.Parse("203.0.113.0/24"),  // documentation (TEST-NET-3)
        IPNetwork.Parse("224.0.0.0/3"),     // multicast, reserved (240/4) and broadcast
    ];

    private static readonly IPNetwork[] InternalIPv6 =
    [
        IPNetwork.Parse("::/128"),          // unspecified
        IPNetwork.Parse("::1/128"),         // loopback
        IPNetwork.Parse("64:ff9b:1::/48"),  // local-use IPv4/IPv6 translation: whatever the operator maps there
        IPNetwork.Parse("100::/64"),        // discard-only
        IPNetwork.Parse("2001:2::/48"),     // benchmarking
        IPNetwork.Parse("2001:10::/28"),    // ORCHID, deprecated
        IPNetwork.Parse("2001:db8::/32"),   // documentation
        IPNetwork.Parse("3fff::/20"),       // documentation
        IPNetwork.Parse("5f00::/16"),       // segment routing (SRv6) SIDs
        IPNetwork.Parse("fc00::/7"),        // unique-local
        IPNetwork.Parse("fe80::/10"),       // link-local
        IPNetwork.Parse("fec0::/10"),       // site-local, deprecated
        IPNetwork.Parse("ff00::/8"),        // multicast
    ];

    // Where an IPv6 address carries an IPv4 one: the byte it starts at, and what it is XORed with.
    private static readonly (IPNetwork Prefix, int Offset, uint Mask)[] EmbeddingIPv4 =
    [
        (IPNetwork.Parse("::ffff:0:0/96"), 12, 0),        // IPv4-mapped
        (IPNetwork.Parse("::ffff:0:0:0/96"), 12, 0),      // IPv4-translated (SIIT)
        (IPNetwork.Parse("::/96"), 12, 0),                // IPv4-compatible, deprecated
        (IPNetwork.Parse("64:ff9b::/96"), 12, 0),         // NAT64, well-known prefix
        (IPNetwork.Parse("2002::/16"), 2, 0),             // 6to4: bits 16 to 47
        (IPNetwork.Parse("2001::/32"), 12, 0xFFFFFFFF),   // Teredo: the client's address, inverted
    ];

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

    /// <summary>
    /// Whether <paramref name="host"/> may be called by the list in <c>Sources:AllowedHosts</c>: named
    /// exactly, or under a <c>*.</c> pattern (<c>*.jxnews.com.cn</c> allows <c>www.jxnews.com.cn</c>).
    /// </summary>
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

    /// <summary>
    /// Whether <paramref name="host"/> is named in <c>Sources:AllowedHosts</c> exactly, which alone lets
    /// it reach an internal address: a <c>*.</c> pattern covers names anyone under that domain can
    /// point at 127.0.0.1 or 10.0.0.1.
    /// </summary>
    public bool IsListedByName(string host)
    {
        host = Normalize(host);
        return options.CurrentValue.AllowedHosts.Any(entry => Normalize(entry) == host);
    }

    /// <summary>
    /// Throws <see cref="HostNotAllowedException"/> when <paramref name="address"/> is internal
    /// (<see cref="IsInternal"/>) and <paramref name="host"/> is not listed by name
    /// (<see cref="IsListedByName"/>); a public address is always allowed here.
    /// </summary>
    public void EnsureAddressAllowed(string host, IPAddress address)
    {
        if (IsInternal(address) && !IsListedByName(host))
        {
            throw new HostNotAllowedException(
                $"拒绝访问本机或内网地址 {address}（主机 {host}）：只有在 Sources:AllowedHosts 中按名称明确列出的主机才可以（*. 通配不算）。");
        }
    }

    /// <summary>
    /// Whether <paramref name="address"/> is one a fetch of a public source must not reach without its
    /// host being listed by name: loopback, private, link-local, carrier-grade NAT, unique-local,
    /// multicast, unspecified, and the other special-purpose ranges (documentation, benchmarking,
    /// IETF protocol assignments, reserved). An IPv6 address that carries an IPv4 one (IPv4-mapped,
    /// IPv4-compatible, NAT64, 6to4, Teredo) is judged by the IPv4 address it leads to.
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        switch (address.AddressFamily)
        {
            case AddressFamily.InterNetwork:
                return InternalIPv4.Any(range => In(range, address));
            case AddressFamily.InterNetworkV6:
                if (InternalIPv6.Any(range => In(range, address)))
                {
                    return true;
                }

                // The packet goes to the IPv4 address inside (through a translator, a tunnel or the
                // kernel's own sit device): 64:ff9b::127.0.0.1 is 127.0.0.1.
                foreach (var (prefix, offset, mask) in EmbeddingIPv4)
                {
                    if (In(prefix, address))
                    {
                        Span<byte> bytes = stackalloc byte[16];
                        address.TryWriteBytes(bytes, out _);
                        Span<byte> embedded = stackalloc byte[4];
                        BinaryPrimitives.WriteUInt32BigEndian(embedded, BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]) ^ mask);
                        return IsInternal(new IPAddress(embedded));
                    }
                }

                return false;
            default:
                // Neither IPv4 nor IPv6: nothing a web source lives on.
                return true;
        }
    }

    // Not IPNetwork.Contains: it never finds an IPv4-mapped address (::ffff:127.0.0.1) in ::ffff:0:0/96.
    private static bool In(IPNetwork range, IPAddress address)
    {
        Span<byte> prefix = stackalloc byte[16];
        Span<byte> bytes = stackalloc byte[16];
        if (range.BaseAddress.AddressFamily != address.AddressFamily
            || !range.BaseAddress.TryWriteBytes(prefix, out _)
            || !address.TryWriteBytes(bytes, out _))
        {
            return false;
        }

        var bits = range.PrefixLength;
        var whole = bits / 8;
        if (!bytes[..whole].SequenceEqual(prefix[..whole]))
        {
            return false;
        }

        var mask = (byte)(0xFF << (8 - (bits % 8)));
        return bits % 8 == 0 || (bytes[whole] & mask) == (prefix[whole] & mask);
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
