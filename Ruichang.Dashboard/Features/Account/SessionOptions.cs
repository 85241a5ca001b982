using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>Settings under <c>Sessions</c>: how long a sign-in lasts and how often an open page asks again.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary><c>Sessions:IdleTimeout</c>: a session unused this long ends (each request renews it).</summary>
    [SettingRange(typeof(TimeSpan), "00:05:00", "30.00:00:00", ErrorMessage = "Sessions:IdleTimeout 应在 00:05:00 到 30.00:00:00 之间。")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary><c>Sessions:AbsoluteLifetime</c>: a session ends this long after the sign-in, however busy.</summary>
    [SettingRange(typeof(TimeSpan), "00:05:00", "90.00:00:00", ErrorMessage = "Sessions:AbsoluteLifetime 应在 00:05:00 到 90.00:00:00 之间。")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// <c>Sessions:RevalidationInterval</c>: how often an open page and a session's cookie ask the
    /// database whether the user was disabled, locked out, given a new password or another role.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Sessions:RevalidationInterval 应在 00:00:00.010 到 00:10:00 之间。")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>Sessions:SecureCookie</c>: send the sign-in cookie over HTTPS only. Unset: on outside
    /// Development. Turn it off only for a server reached over plain HTTP on a closed network.
    /// </summary>
    public bool? SecureCookie { get; set; }
}

/// <summary>The data-annotation rules of <see cref="SessionOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class SessionOptionsAnnotations : IValidateOptions<SessionOptions>;

/// <summary>Checks <see cref="SessionOptions"/>: its annotations, then that the idle timeout fits in the lifetime.</summary>
internal sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        result.AddResult(new SessionOptionsAnnotations().Validate(name, options));
        if (options.AbsoluteLifetime < options.IdleTimeout)
        {
            result.AddError($"Sessions:AbsoluteLifetime 不能小于 Sessions:IdleTimeout（{options.IdleTimeout}）。");
        }

        return result.Build();
    }
}
