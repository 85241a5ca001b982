using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>Settings under <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public const string EnabledKey = SectionName + ":" + nameof(Enabled);

    public const string SourcesBaseUrlKey = SectionName + ":" + nameof(SourcesBaseUrl);

    /// <summary>
    /// Seed the demo history and serve the demo sources under <c>/demo/…</c> (<c>Demo:Enabled</c>);
    /// on in Development, off otherwise. <c>purge-demo</c> removes the demo rows whatever the setting.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// <c>Demo:SourcesBaseUrl</c>: where this app is reached by its own collectors, e.g.
    /// <c>http://localhost:5080/</c>. Unset (or blank): the address the app listens on, taken once the
    /// server has started (<see cref="DemoSourcesAddress"/>). The demo points the home county's
    /// unconfigured channels and the Weibo API at <c>{base}demo/…</c>.
    /// </summary>
    [HttpBaseUrl(ErrorMessage = SourcesBaseUrlKey + " 应为本应用的 http 或 https 根地址（不带查询和片段），例如 http://localhost:5080/；不设置时取本应用监听的地址。")]
    public string? SourcesBaseUrl { get; set; }

    /// <summary>The configured base with a trailing slash, or null when it is not set.</summary>
    public Uri? ConfiguredBaseUrl => HttpBaseUrlAttribute.Normalize(SourcesBaseUrl);
}

/// <summary>Checks <see cref="DemoOptions"/> with its data annotations, at start (<c>ValidateOnStart</c>) and when the feature registers.</summary>
[OptionsValidator]
internal sealed partial class DemoOptionsValidator : IValidateOptions<DemoOptions>;
