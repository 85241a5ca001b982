using Microsoft.Extensions.Options;

namespace Ruichang.Dashboard.Features.Settings;

public static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the configuration section <paramref name="sectionName"/>
    /// and validates it with <typeparamref name="TValidator"/> on start (<c>ValidateOnStart</c>) and
    /// on every reload. Returns the value bound now, validated now, for the registrations that depend
    /// on it (whether a scheduler is added, which time zone): a wrong value stops the app before it
    /// starts with a <see cref="ConfigurationException"/> naming the key.
    /// </summary>
    public static TOptions AddSettings<TOptions, TValidator>(this IHostApplicationBuilder builder, string sectionName)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>, new()
    {
        var section = builder.Configuration.GetSection(sectionName);
        builder.Services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TOptions>, TValidator>();

        TOptions now;
        try
        {
            now = section.Get<TOptions>() ?? new TOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException(BinderPath(ex.Message) ?? sectionName, $"无法读取：{ex.Message}");
        }

        var result = new TValidator().Validate(Options.DefaultName, now);
        if (result.Failed)
        {
            throw Describe(result.Failures.First());
        }

        return now;
    }

    // The binder names the key it could not convert: "Failed to convert configuration value 'x' at 'Demo:Enabled' to type ...".
    private static string? BinderPath(string message)
    {
        var start = message.IndexOf(" at '", StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 5);
        return end > start ? message[(start + 5)..end] : null;
    }

    /// <summary>
    /// A validation failure as the app reports it. The validators' messages start with the key
    /// (<c>Collection:TimeZone 找不到…</c>); the options source generator puts the member's name
    /// in front (<c>TimeZone: Collection:TimeZone …</c>), which is dropped.
    /// </summary>
    public static ConfigurationException Describe(string failure)
    {
        var separator = failure.IndexOf(": ", StringComparison.Ordinal);
        if (separator > 0 && !failure[..separator].Contains(':', StringComparison.Ordinal) && !failure[..separator].Contains(' ', StringComparison.Ordinal))
        {
            failure = failure[(separator + 2)..];
        }

        var space = failure.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? new ConfigurationException(failure[..space], failure[(space + 1)..]) : new ConfigurationException("", failure);
    }
}
