using System.ComponentModel.DataAnnotations;

namespace Ruichang.Dashboard.Features.Settings;

/// <summary>
/// <see cref="RangeAttribute"/> as written. The options source generator replaces RangeAttribute itself
/// with a copy whose message ignores <c>ErrorMessage</c> (dotnet/runtime#123137), which would turn the
/// Chinese message naming the key into "The field SpreadsheetOptions.MaxRows must be between…".
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SettingRangeAttribute : RangeAttribute
{
    public SettingRangeAttribute(int minimum, int maximum)
        : base(minimum, maximum)
    {
    }

    public SettingRangeAttribute(Type type, string minimum, string maximum)
        : base(type, minimum, maximum)
    {
    }
}

/// <summary>A time zone this machine knows (<c>Asia/Shanghai</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeZoneIdAttribute : ValidationAttribute
{
    public override bool IsValid(object? value)
    {
        if (value is not string id || string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}

/// <summary>An absolute http or https URL without a query or fragment.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpUrlAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is string text && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && url.Query.Length == 0 && url.Fragment.Length == 0;
}

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
