using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Sources.Http;

public static class SourceHttpFeature
{
    /// <summary>
    /// <c>Sources:*</c> (checked now: a bad value stops the app naming its key), the host policy and
    /// the typed <see cref="SourceHttpClient"/> with its resilience pipeline, one per host.
    /// </summary>
    public static IHostApplicationBuilder AddSourceHttp(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SourcesOptions.SectionName);
        Validate(Bind(section));
        builder.Services.AddOptions<SourcesOptions>().Bind(section).PostConfigure(RemoveBlankHosts);
        builder.Services.AddSingleton<HostPolicy>();
        builder.Services.AddTransient<CappedBufferingHandler>();

        var client = builder.Services.AddHttpClient<SourceHttpClient>((sp, client) =>
            {
                // The pipeline's timeouts govern; the client's own would cut across them.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(sp.GetRequiredService<IOptionsMonitor<SourcesOptions>>().CurrentValue.Http.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(sp => CreatePrimaryHandler(sp.GetRequiredService<HostPolicy>()));

        client.AddResilienceHandler("sources", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptionsMonitor<SourcesOptions>>().CurrentValue.Http;
                pipeline.AddTimeout(o.TotalTimeout);
                if (o.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = o.RetryDelay,
                        ShouldRetryAfterHeader = true,
                        MaxDelay = o.MaxRetryAfter,
                        ShouldHandle = args => ValueTask.FromResult(IsWorthRetrying(args.Outcome)),
                    });
                }

                pipeline
                    // The standard breaker needs 100 calls in 30 s to open: a poller making a few calls
                    // a minute never gets there. This one opens after a handful of failures of one host.
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        MinimumThroughput = o.BreakerMinimumThroughput,
                        SamplingDuration = o.BreakerSamplingDuration,
                        BreakDuration = o.BreakerBreakDuration,
                        FailureRatio = 0.8,
                        ShouldHandle = args => ValueTask.FromResult(IsWorthRetrying(args.Outcome)),
                    })
                    .AddTimeout(o.AttemptTimeout);
            })
            // One pipeline, and so one circuit, per host: one failing site never stops the others.
            .SelectPipelineByAuthority();

        // Added after the resilience handler, so inside it: each attempt's body is read within the attempt's timeout.
        client.AddHttpMessageHandler<CappedBufferingHandler>();

        return builder;
    }

    // A refused host or an oversized answer will not change by asking again.
    private static bool IsWorthRetrying(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is not (SourceFetchException or HttpRequestException { InnerException: SourceFetchException })
        && HttpClientResiliencePredicates.IsTransient(outcome);

    private static SocketsHttpHandler CreatePrimaryHandler(HostPolicy policy) => new()
    {
        // Redirects are followed by SourceHttpClient, each one checked; a proxy would hide the address.
        AllowAutoRedirect = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            foreach (var address in addresses)
            {
                policy.EnsureAddressAllowed(host, address);
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static SourcesOptions Bind(IConfigurationSection section)
    {
        var options = new SourcesOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException(SourcesOptions.SectionName, ex.InnerException?.Message ?? ex.Message);
        }

        RemoveBlankHosts(options);
        return options;
    }

    private static void RemoveBlankHosts(SourcesOptions options) => options.AllowedHosts.RemoveAll(string.IsNullOrWhiteSpace);

    internal static void Validate(SourcesOptions o)
    {
        const string http = "Sources:Http:";
        if (!Uri.TryCreate(o.Weibo.BaseUrl, UriKind.Absolute, out var weibo) || (weibo.Scheme != Uri.UriSchemeHttps && weibo.Scheme != Uri.UriSchemeHttp))
        {
            throw new ConfigurationException("Sources:Weibo:BaseUrl", $"不是有效的 http(s) 地址：\"{o.Weibo.BaseUrl}\"。");
        }

        if (o.Weibo.TimelinePages is < 1 or > 50)
        {
            throw new ConfigurationException("Sources:Weibo:TimelinePages", "应在 1 到 50 之间。");
        }

        foreach (var host in o.AllowedHosts)
        {
            var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (Uri.CheckHostName(name.Trim()) == UriHostNameType.Unknown)
            {
                throw new ConfigurationException("Sources:AllowedHosts", $"不是有效的主机名：\"{host}\"（只写主机名，如 api.weibo.com 或 *.jxnews.com.cn）。");
            }
        }

        if (o.ReadTimeout <= TimeSpan.Zero)
        {
            throw new ConfigurationException("Sources:ReadTimeout", "应大于零，例如 00:02:00。");
        }

        if (o.Http.AttemptTimeout <= TimeSpan.Zero || o.Http.TotalTimeout < o.Http.AttemptTimeout)
        {
            throw new ConfigurationException(http + "TotalTimeout", "单次超时应大于零，且不大于总超时。");
        }

        if (o.Http.MaxRetries is < 0 or > 10 || o.Http.RetryDelay < TimeSpan.Zero)
        {
            throw new ConfigurationException(http + "MaxRetries", "重试次数应在 0 到 10 之间，间隔不能为负。");
        }

        if (o.Http.BreakerMinimumThroughput < 2 || o.Http.BreakerBreakDuration < TimeSpan.FromSeconds(0.5) || o.Http.BreakerSamplingDuration < TimeSpan.FromSeconds(0.5))
        {
            throw new ConfigurationException(http + "BreakerMinimumThroughput", "熔断至少需要 2 次调用，采样和熔断时长至少 0.5 秒。");
        }

        if (o.Http.MaxResponseBytes < 1024 || o.Http.MaxRedirects is < 0 or > 20)
        {
            throw new ConfigurationException(http + "MaxResponseBytes", "响应上限至少 1024 字节，重定向次数在 0 到 20 之间。");
        }

        if (o.Http.MaxConcurrency is < 1 or > 64)
        {
            throw new ConfigurationException(http + "MaxConcurrency", "并发数应在 1 到 64 之间。");
        }
    }
}
