using System.Net;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Tests.Features.Sources.Http;

/// <summary>Which addresses the outbound fence treats as internal, over both families.</summary>
public sealed class HostPolicyTests
{
    [Theory]
    // IPv4: "this network", private, carrier-grade NAT, loopback, link-local (cloud metadata).
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    // IPv4 special purposes: IETF assignments, documentation, 6to4 relay, benchmarking.
    [InlineData("192.0.0.1")]
    [InlineData("192.0.0.170")]
    [InlineData("192.0.2.10")]
    [InlineData("192.88.99.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    // Multicast, reserved, broadcast.
    [InlineData("224.0.0.251")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    // IPv6: unspecified, loopback, link-local, site-local, unique-local, multicast.
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("fec0::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    // IPv6 special purposes: discard, benchmarking, ORCHID, documentation (old and new), SRv6, local-use NAT64.
    [InlineData("100::1")]
    [InlineData("2001:2::1")]
    [InlineData("2001:10::1")]
    [InlineData("2001:db8::1")]
    [InlineData("3fff::1")]
    [InlineData("5f00::1")]
    [InlineData("64:ff9b:1::808:808")]
    // IPv6 carrying an internal IPv4 address: mapped, translated, compatible, NAT64, 6to4, Teredo.
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:0:192.168.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::198.18.0.1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:c0a8:101::1")]
    [InlineData("2002:c000:2ff::")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")] // Teredo client 127.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo client 192.0.2.45 (RFC 4380's example)
    public void Internal_addresses_are_internal(string address)
    {
        Assert.True(HostPolicy.IsInternal(IPAddress.Parse(address)), $"{address} should be internal");
    }

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("11.0.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("192.0.1.1")]
    [InlineData("192.0.3.1")]
    [InlineData("192.169.0.1")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.1")]
    [InlineData("198.51.101.1")]
    [InlineData("203.0.112.1")]
    [InlineData("203.0.114.1")]
    [InlineData("202.101.224.68")]
    [InlineData("223.255.255.254")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2400:3200::1")]
    [InlineData("240e:1::1")]
    [InlineData("2001:db9::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7")] // Teredo client 8.8.8.8
    public void Public_addresses_are_not_internal(string address)
    {
        Assert.False(HostPolicy.IsInternal(IPAddress.Parse(address)), $"{address} should be public");
    }
}
