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
