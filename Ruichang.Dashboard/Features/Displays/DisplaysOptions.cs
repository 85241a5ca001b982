using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Displays;

/// <summary>Settings under <c>Displays</c>: the wall-display links and how a wall reconnects.</summary>
public sealed class DisplaysOptions
{
    public const string SectionName = "Displays";

    /// <summary>
    /// <c>Displays:PublicBaseUrl</c>: the address walls reach the app at, e.g.
    /// <c>http://dashboard.ruichang.gov.cn/</c>, for the link <c>create-display-key</c> prints. Unset: the
    /// verb prints a relative link (<c>/screen?key=…</c>) and the admin page uses the address it was opened at.
    /// </summary>
    [HttpBaseUrl(ErrorMessage = "Displays:PublicBaseUrl 应为大屏访问本应用的 http 或 https 根地址（不带查询和片段），例如 http://dashboard.example/；")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// <c>Displays:RetryInterval</c>: after a lost connection the wall retries at once, then after this
    /// long, each wait half as long again as the one before, up to <see cref="MaxRetryInterval"/>.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "Displays:RetryInterval 应在 00:00:00.050 到 00:10:00 之间。")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>Displays:MaxRetryInterval</c>: the longest wait between two tries; the wall never stops trying.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Displays:MaxRetryInterval 应在 00:00:00.050 到 01:00:00 之间。")]
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Displays:KeyRecheckInterval</c>: how often an open wall asks whether its key was revoked meanwhile.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Displays:KeyRecheckInterval 应在 00:00:01 到 1.00:00:00 之间。")]
    public TimeSpan KeyRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The configured public base with a trailing slash, or null when it is not set.</summary>
    public Uri? ConfiguredBaseUrl => HttpBaseUrlAttribute.Normalize(PublicBaseUrl);
}

/// <summary>The data-annotation rules of <see cref="DisplaysOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class DisplaysOptionsAnnotations : IValidateOptions<DisplaysOptions>;

/// <summary>Checks <see cref="DisplaysOptions"/>: its annotations, then that the waits grow rather than shrink.</summary>
internal sealed class DisplaysOptionsValidator : IValidateOptions<DisplaysOptions>
{
    public ValidateOptionsResult Validate(string? name, DisplaysOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        result.AddResult(new DisplaysOptionsAnnotations().Validate(name, options));
        if (options.MaxRetryInterval < options.RetryInterval)
        {
            result.AddError($"Displays:MaxRetryInterval 不能小于 Displays:RetryInterval（{options.RetryInterval}）。");
        }

        return result.Build();
    }
}
