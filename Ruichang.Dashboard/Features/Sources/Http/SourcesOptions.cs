using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Sources.Http;

/// <summary>Settings under <c>Sources</c>: where collectors may go and how patiently.</summary>
public sealed class SourcesOptions
{
    public const string SectionName = "Sources";

    /// <summary>
    /// <c>Sources:AllowedHosts</c>: the hosts collectors may call (exact names, or <c>*.example.com</c>).
    /// Empty: the hosts of the configured sources (channel URLs and <c>Sources:Weibo:BaseUrl</c>).
    /// Internal addresses (loopback, private, link-local, other special-purpose ranges) are refused
    /// unless their host is listed here by its exact name: a <c>*.</c> pattern never unlocks them.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// <c>Sources:ReadTimeout</c>: one source's whole read in a run (every request, parsing
    /// included); past it the source fails with that message and the run goes on.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.1", "01:00:00", ErrorMessage = "Sources:ReadTimeout 应在 00:00:00.1 到 01:00:00 之间，例如 00:02:00。")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    [ValidateObjectMembers]
    public WeiboSourceOptions Weibo { get; set; } = new();

    [ValidateObjectMembers]
    public SourceHttpOptions Http { get; set; } = new();
}

public sealed class WeiboSourceOptions
{
    /// <summary><c>Sources:Weibo:BaseUrl</c>: the Weibo open API v2.</summary>
    [HttpUrl(ErrorMessage = "Sources:Weibo:BaseUrl 不是有效的 http(s) 地址（不带查询），例如 https://api.weibo.com/2/。")]
    public string BaseUrl { get; set; } = "https://api.weibo.com/2/";

    /// <summary><c>Sources:Weibo:AccessToken</c>: the OAuth token; keep it out of the repository (user secrets or an environment variable).</summary>
    public string? AccessToken { get; set; }

    /// <summary><c>Sources:Weibo:TimelinePages</c>: how many pages of 100 posts a run reads per account at most.</summary>
    [SettingRange(1, 50, ErrorMessage = "Sources:Weibo:TimelinePages 应在 1 到 50 之间。")]
    public int TimelinePages { get; set; } = 5;
}

/// <summary><c>Sources:Http:*</c>: the resilience pipeline every collector's HTTP call goes through.</summary>
public sealed class SourceHttpOptions
{
    /// <summary>One attempt: from sending the request to the last byte of the answer.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.1", "00:10:00", ErrorMessage = "Sources:Http:AttemptTimeout 应在 00:00:00.1 到 00:10:00 之间。")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A whole fetch, retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    [SettingRange(0, 10, ErrorMessage = "Sources:Http:MaxRetries 应在 0 到 10 之间。")]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off; later ones grow exponentially, with jitter.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Sources:Http:RetryDelay 应在 00:00:00 到 00:10:00 之间。")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait a <c>Retry-After</c> may ask for; longer ones fail the fetch instead.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Sources:Http:MaxRetryAfter 应在 00:00:00 到 01:00:00 之间。")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Failures of one host within <see cref="BreakerSamplingDuration"/> that open its circuit.</summary>
    [SettingRange(2, 1000, ErrorMessage = "Sources:Http:BreakerMinimumThroughput 应在 2 到 1000 之间：熔断至少需要 2 次调用。")]
    public int BreakerMinimumThroughput { get; set; } = 4;

    [SettingRange(typeof(TimeSpan), "00:00:00.5", "1.00:00:00", ErrorMessage = "Sources:Http:BreakerSamplingDuration 应在 00:00:00.5 到 1.00:00:00 之间。")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(10);

    [SettingRange(typeof(TimeSpan), "00:00:00.5", "1.00:00:00", ErrorMessage = "Sources:Http:BreakerBreakDuration 应在 00:00:00.5 到 1.00:00:00 之间。")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Answers larger than this are refused (bytes).</summary>
    [SettingRange(typeof(long), "1024", "1073741824", ErrorMessage = "Sources:Http:MaxResponseBytes 应在 1024 到 1073741824（1 GB）字节之间。")]
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Redirects followed per fetch, each checked like the first request.</summary>
    [SettingRange(0, 20, ErrorMessage = "Sources:Http:MaxRedirects 应在 0 到 20 之间。")]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>How many sources one job reads at the same time.</summary>
    [SettingRange(1, 64, ErrorMessage = "Sources:Http:MaxConcurrency 应在 1 到 64 之间。")]
    public int MaxConcurrency { get; set; } = 4;

    public string UserAgent { get; set; } = "RuichangDashboard/1.0 (+collector)";
}

/// <summary>The data-annotation rules of <see cref="SourcesOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class SourcesOptionsAnnotations : IValidateOptions<SourcesOptions>;

/// <summary>Checks <see cref="SourcesOptions"/>: its annotations, the host names, and that one attempt fits in a whole fetch.</summary>
internal sealed class SourcesOptionsValidator : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        result.AddResult(new SourcesOptionsAnnotations().Validate(name, options));
        foreach (var host in options.AllowedHosts.Where(h => !string.IsNullOrWhiteSpace(h)))
        {
            var hostName = host.Trim() is var trimmed && trimmed.StartsWith("*.", StringComparison.Ordinal) ? trimmed[2..] : trimmed;
            if (Uri.CheckHostName(hostName) == UriHostNameType.Unknown)
            {
                result.AddError($"Sources:AllowedHosts 不是有效的主机名：\"{host}\"（只写主机名，如 api.weibo.com 或 *.jxnews.com.cn）。");
            }
        }

        if (options.Http.TotalTimeout < options.Http.AttemptTimeout)
        {
            result.AddError("Sources:Http:TotalTimeout 不应小于单次超时 Sources:Http:AttemptTimeout。");
        }

        return result.Build();
    }
}
