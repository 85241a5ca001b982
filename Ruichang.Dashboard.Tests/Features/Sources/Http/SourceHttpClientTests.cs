using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Http;

/// <summary>The collectors' HTTP client against a real server on loopback.</summary>
public sealed class SourceHttpClientTests : IAsyncLifetime
{
    private LoopbackServer _server = default!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Reads_a_body_with_its_media_type_and_charset()
    {
        _server.Serve("/feed", [0xC8, 0xF0, 0xB2, 0xFD], "application/rss+xml; charset=gbk");
        await using var host = await CollectorHost.StartAsync();

        var response = await host.Http.GetAsync(_server.Url("/feed"), CancellationToken.None);

        Assert.True(response.IsSuccess);
        Assert.Equal(("application/rss+xml", "gbk"), (response.MediaType, response.Charset));
        Assert.Equal([0xC8, 0xF0, 0xB2, 0xFD], response.Body);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_then_returned()
    {
        _server.Serve("/broken", "oops", "text/plain", status: 500);
        await using var host = await CollectorHost.StartAsync();

        var response = await host.Http.GetAsync(_server.Url("/broken"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal(4, _server.Hits("/broken"));
        var error = Assert.Throws<SourceFetchException>(() => response.EnsureSuccess());
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_name_the_address_without_its_query_where_tokens_travel()
    {
        _server.Serve("/2/users/show.json", "{}", "application/json", status: 500);
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Sources:Http:MaxRetries"] = "0" });

        var failed = await host.Http.GetAsync(_server.Url("/2/users/show.json?uid=1&access_token=s3cr3t"), CancellationToken.None);
        var unreachable = await Assert.ThrowsAsync<SourceFetchException>(() => host.Http.GetAsync(new Uri("http://127.0.0.1:9/x?access_token=s3cr3t"), CancellationToken.None));

        var error = Assert.Throws<SourceFetchException>(() => failed.EnsureSuccess());
        Assert.Contains("/2/users/show.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", unreachable.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.example.com/2/users/show.json?uid=1&access_token=SECRET", "https://api.example.com/2/users/show.json")]
    [InlineData("https://user:SECRET@feeds.example.com/rss.xml#SECRET", "https://feeds.example.com/rss.xml")]
    [InlineData("https://search.example.com/s?keyword={keyword}&page={page}&key=SECRET", "https://search.example.com/s")]
    [InlineData("ftp://user:SECRET@files.example/x.csv?SECRET", "ftp://files.example/x.csv")]
    [InlineData("not a url ?access_key=SECRET", "not a url ")]
    public void Display_keeps_scheme_host_and_path_only(string url, string shown)
    {
        Assert.Equal(shown, SourceHttpClient.Display(url));
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !url.Contains('{', StringComparison.Ordinal))
        {
            Assert.Equal(shown, SourceHttpClient.Display(uri));
        }
    }

    [Theory]
    [InlineData("无法连接 http://10.0.0.1/a?access_key=SECRET：超时", "无法连接 http://10.0.0.1/a：超时")]
    [InlineData("渠道「人民网」（https://rss.example.com/feed.xml?k=SECRET&t=SECRET）返回 HTTP 500。", "渠道「人民网」（https://rss.example.com/feed.xml）返回 HTTP 500。")]
    [InlineData("GET HTTPS://Api.Example.com/x?token=SECRET failed; see https://status.example.com/.", "GET HTTPS://Api.Example.com/x failed; see https://status.example.com/.")]
    [InlineData("<a href=\"http://h.example/p?sid=SECRET#top\">here</a>", "<a href=\"http://h.example/p\">here</a>")]
    [InlineData("两个地址：http://a.example/?x=SECRET，http://user:SECRET@b.example/p?y=SECRET。", "两个地址：http://a.example/，http://b.example/p。")]
    [InlineData("http://a.example/?q=瑞昌&access_key=SECRET end", "http://a.example/ end")]
    [InlineData("no address here ?access_key=kept", "no address here ?access_key=kept")]
    public void RedactUrls_cuts_the_query_and_credentials_out_of_every_http_URL_in_a_text(string message, string redacted)
    {
        Assert.Equal(redacted, SourceHttpClient.RedactUrls(message));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_asked_again_and_then_succeeds()
    {
        var calls = 0;
        _server.Map("/busy", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            await context.Response.WriteAsync("ok");
        });
        await using var host = await CollectorHost.StartAsync();

        var response = await host.Http.GetAsync(_server.Url("/busy"), CancellationToken.None);

        Assert.True(response.IsSuccess);
        Assert.Equal(2, _server.Hits("/busy"));
    }

    [Fact]
    public async Task A_body_that_never_finishes_times_out()
    {
        _server.Map("/slow", async context =>
        {
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync("<rss>");
            await context.Response.Body.FlushAsync();
            // A slow loris: headers at once, then a byte now and then, for ever.
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await Task.Delay(500, context.RequestAborted);
                await context.Response.WriteAsync(" ", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        await using var host = await CollectorHost.StartAsync();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Http.GetAsync(_server.Url("/slow"), CancellationToken.None));

        Assert.Contains("超时", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_without_retrying()
    {
        _server.Serve("/huge", new byte[2 * 1024 * 1024], "application/json");
        await using var host = await CollectorHost.StartAsync();

        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => host.Http.GetAsync(_server.Url("/huge"), CancellationToken.None));

        Assert.Contains("Sources:Http:MaxResponseBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Hits("/huge"));
    }

    [Fact]
    public async Task An_oversized_body_without_a_length_is_cut_off()
    {
        _server.Map("/stream", async context =>
        {
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 64 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        await using var host = await CollectorHost.StartAsync();

        await Assert.ThrowsAsync<ResponseTooLargeException>(() => host.Http.GetAsync(_server.Url("/stream"), CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_of_exactly_the_limit_is_read_whole_with_or_without_a_length(bool announced)
    {
        // CollectorHost.FastFaults caps bodies at 1 MiB.
        var body = Enumerable.Range(0, 1024 * 1024).Select(i => (byte)(i * 7)).ToArray();
        _server.Map("/exact", async context =>
        {
            if (announced)
            {
                context.Response.ContentLength = body.Length;
            }

            await context.Response.Body.WriteAsync(body.AsMemory(0, 1000), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync(body.AsMemory(1000), context.RequestAborted);
        });
        await using var host = await CollectorHost.StartAsync();

        var response = await host.Http.GetAsync(_server.Url("/exact"), CancellationToken.None);

        Assert.Equal(body, response.Body);
    }

    [Fact]
    public async Task A_compressed_body_is_read_past_the_length_it_announces_and_capped_at_its_real_size()
    {
        var text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("瑞昌新闻 ", 20_000)));
        _server.Map("/small.gz", context => ServeGzipAsync(context, text));
        _server.Map("/bomb.gz", context => ServeGzipAsync(context, new byte[4 * 1024 * 1024]));
        await using var host = await CollectorHost.StartAsync();

        var response = await host.Http.GetAsync(_server.Url("/small.gz"), CancellationToken.None);

        Assert.Equal(text, response.Body);
        await Assert.ThrowsAsync<ResponseTooLargeException>(() => host.Http.GetAsync(_server.Url("/bomb.gz"), CancellationToken.None));
    }

    private static async Task ServeGzipAsync(HttpContext context, byte[] content)
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(content);
        }

        context.Response.Headers.ContentEncoding = "gzip";
        context.Response.ContentLength = compressed.Length;
        await context.Response.Body.WriteAsync(compressed.ToArray(), context.RequestAborted);
    }

    [Fact]
    public async Task A_redirect_to_a_host_not_allowed_is_refused()
    {
        _server.Map("/moved", context =>
        {
            context.Response.Redirect("http://localhost:" + _server.BaseUri.Port + "/feed");
            return Task.CompletedTask;
        });
        await using var host = await CollectorHost.StartAsync();

        var error = await Assert.ThrowsAsync<HostNotAllowedException>(() => host.Http.GetAsync(_server.Url("/moved"), CancellationToken.None));

        Assert.Contains("localhost", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Hits("/feed"));
    }

    [Fact]
    public async Task A_redirect_within_allowed_hosts_is_followed()
    {
        _server.Map("/old", context =>
        {
            context.Response.Redirect("/new");
            return Task.CompletedTask;
        });
        _server.Serve("/new", "fresh", "text/plain");
        await using var host = await CollectorHost.StartAsync();

        var response = await host.Http.GetAsync(_server.Url("/old"), CancellationToken.None);

        Assert.Equal("fresh", System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.Equal(_server.Url("/new"), response.Url);
    }

    [Fact]
    public async Task A_configured_source_on_a_loopback_address_is_refused_unless_listed()
    {
        _server.Serve("/feed", "<rss/>", "application/rss+xml");
        // No Sources:AllowedHosts: the configured sources' hosts are allowed, but not their loopback address.
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Sources:AllowedHosts:0"] = null });
        await using (var db = host.Database.CreateContext())
        {
            db.Channels.Add(new Channel { CountyId = db.Counties.First().Id, Kind = ChannelKinds.NewsFeed, Name = "本机源", Url = _server.Url("/feed").ToString() });
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<HostNotAllowedException>(() => host.Http.GetAsync(_server.Url("/feed"), CancellationToken.None));

        Assert.Contains("Sources:AllowedHosts", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Hits("/feed"));
    }

    [Fact]
    public async Task A_wildcard_allows_the_public_addresses_of_its_hosts_and_only_a_name_listed_exactly_reaches_loopback()
    {
        _server.Serve("/feed", "<rss/>", "application/rss+xml");
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:AllowedHosts:0"] = "*.jxnews.com.cn",
            ["Sources:AllowedHosts:1"] = "*.localhost",
            ["Sources:AllowedHosts:2"] = "localhost",
        });
        var policy = host.Services.GetRequiredService<HostPolicy>();

        // Through the socket: localhost is listed by name and resolves to 127.0.0.1.
        var local = await host.Http.GetAsync(new Uri($"http://localhost:{_server.BaseUri.Port}/feed"), CancellationToken.None);
        Assert.True(local.IsSuccess);

        // The connect-time check itself, for the addresses a DNS server under *.jxnews.com.cn or
        // *.localhost could answer (this machine's resolver knows no name under localhost).
        Assert.Throws<HostNotAllowedException>(() => policy.EnsureAddressAllowed("feeds.localhost", IPAddress.Loopback));
        policy.EnsureAddressAllowed("localhost", IPAddress.Loopback);

        await policy.EnsureAllowedAsync(new Uri("https://www.jxnews.com.cn/rss/jiangxi.xml"), CancellationToken.None);
        policy.EnsureAddressAllowed("www.jxnews.com.cn", IPAddress.Parse("202.101.224.68"));
        policy.EnsureAddressAllowed("www.jxnews.com.cn", IPAddress.Parse("240e:1::1"));

        Assert.True(policy.IsListed("www.jxnews.com.cn"));
        Assert.False(policy.IsListedByName("www.jxnews.com.cn"));
        Assert.Throws<HostNotAllowedException>(() => policy.EnsureAddressAllowed("www.jxnews.com.cn", IPAddress.Parse("10.0.0.5")));
        Assert.Throws<HostNotAllowedException>(() => policy.EnsureAddressAllowed("www.jxnews.com.cn", IPAddress.Parse("64:ff9b::a00:5")));
        await Assert.ThrowsAsync<HostNotAllowedException>(() => policy.EnsureAllowedAsync(new Uri("https://jxnews.com.cn.example.org/"), CancellationToken.None));
    }

    [Fact]
    public async Task A_host_nobody_configured_is_refused_before_any_request()
    {
        await using var host = await CollectorHost.StartAsync();

        var error = await Assert.ThrowsAsync<HostNotAllowedException>(() => host.Http.GetAsync(new Uri("http://10.1.2.3/feed"), CancellationToken.None));

        Assert.Contains("10.1.2.3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_circuit_of_a_failing_host_opens_and_stops_calling_it()
    {
        _server.Serve("/down", "", "text/plain", status: 503);
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:Http:MaxRetries"] = "0",
            ["Sources:Http:BreakerMinimumThroughput"] = "3",
        });

        for (var i = 0; i < 3; i++)
        {
            await host.Http.GetAsync(_server.Url("/down"), CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Http.GetAsync(_server.Url("/down"), CancellationToken.None));
        Assert.Contains("熔断", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Hits("/down"));
    }
}
