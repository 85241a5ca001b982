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
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public WeiboSourceOptions Weibo { get; set; } = new();

    public SourceHttpOptions Http { get; set; } = new();
}

public sealed class WeiboSourceOptions
{
    /// <summary><c>Sources:Weibo:BaseUrl</c>: the Weibo open API v2.</summary>
    public string BaseUrl { get; set; } = "https://api.weibo.com/2/";

    /// <summary><c>Sources:Weibo:AccessToken</c>: the OAuth token; keep it out of the repository (user secrets or an environment variable).</summary>
    public string? AccessToken { get; set; }

    /// <summary><c>Sources:Weibo:TimelinePages</c>: how many pages of 100 posts a run reads per account at most.</summary>
    public int TimelinePages { get; set; } = 5;
}

/// <summary><c>Sources:Http:*</c>: the resilience pipeline every collector's HTTP call goes through.</summary>
public sealed class SourceHttpOptions
{
    /// <summary>One attempt: from sending the request to the last byte of the answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A whole fetch, retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait a <c>Retry-After</c> may ask for; longer ones fail the fetch instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Failures of one host within <see cref="BreakerSamplingDuration"/> that open its circuit.</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Answers larger than this are refused (bytes).</summary>
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Redirects followed per fetch, each checked like the first request.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>How many sources one job reads at the same time.</summary>
    public int MaxConcurrency { get; set; } = 4;

    public string UserAgent { get; set; } = "RuichangDashboard/1.0 (+collector)";
}
