namespace Ruichang.Dashboard.Features.Demo;

/// <summary>Settings under <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public const string DefaultSourcesBaseUrl = "http://localhost:5080/";

    /// <summary>
    /// Seed the demo history and serve the demo sources under <c>/demo/…</c> (<c>Demo:Enabled</c>);
    /// on in Development, off otherwise. <c>purge-demo</c> removes the demo rows whatever the setting.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// <c>Demo:SourcesBaseUrl</c>: where this app is reached by its own collectors, with a trailing
    /// slash. The demo points the home county's unconfigured channels at <c>{base}demo/…</c>, and
    /// <c>purge-demo</c> recognises the URLs it set by that prefix.
    /// </summary>
    public string SourcesBaseUrl { get; set; } = DefaultSourcesBaseUrl;

    /// <summary>The prefix of every demo source URL: <c>{SourcesBaseUrl}demo/</c>.</summary>
    public string SourcesPrefix => SourcesBaseUrl.TrimEnd('/') + "/" + DemoSourceLinks.PathPrefix;
}
