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
        builder.AddSettings<SourcesOptions, SourcesOptionsValidator>(SourcesOptions.SectionName);
        builder.Services.AddOptions<SourcesOptions>().PostConfigure(RemoveBlankHosts);
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

    private static void RemoveBlankHosts(SourcesOptions options) => options.AllowedHosts.RemoveAll(string.IsNullOrWhiteSpace);
}
