using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

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

/// <summary>An absolute http(s) URL without query or fragment, or nothing (null or blank: not set).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpBaseUrlAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null || (value is string text && (string.IsNullOrWhiteSpace(text) || Normalize(text) is not null))
            ? ValidationResult.Success
            : new ValidationResult($"{ErrorMessageString}现在是 \"{value}\"。", validationContext.MemberName is { } member ? [member] : null);

    /// <summary>The URL with a trailing slash; null when blank or not an http(s) base URL.</summary>
    public static Uri? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return null;
        }

        var text = url.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}
