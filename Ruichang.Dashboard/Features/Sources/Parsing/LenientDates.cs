using System.Globalization;
using System.Text.RegularExpressions;

namespace Ruichang.Dashboard.Features.Sources.Parsing;

/// <summary>
/// Reads the dates Chinese sources actually carry (feeds, list pages, exports), not only RFC 822:
/// <c>Tue, 30 Sep 2014 08:00:00 +0800</c> (zone as <c>+0800</c>, <c>+08:00</c>, <c>GMT</c>, <c>GMT+8</c>, a US
/// abbreviation, or <c>CST</c>, which on Chinese servers is China Standard Time, +08:00),
/// <c>Fri Aug 28 00:00:00 +0800 2009</c>, ISO 8601, <c>2014-09-30 08:00:00</c>, <c>2014/9/30 8:00</c>,
/// <c>2014.09.30</c> and <c>2014年09月30日 08:00</c>. A date without a zone is a local time in the county's
/// zone. The day of the week is ignored (CMSs get it wrong).
/// </summary>
public static partial class LenientDates
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>The whole of <paramref name="text"/> as a date, converted to UTC.</summary>
    public static bool TryParse(string? text, TimeZoneInfo zone, out DateTime utc) => TryRead(text, zone, anywhere: false, out utc);

    /// <summary>The first date inside <paramref name="text"/> (a list cell such as "发布时间：2014-09-30 08:00" or "[2014-09-30]"), converted to UTC.</summary>
    public static bool TryFind(string? text, TimeZoneInfo zone, out DateTime utc) => TryRead(text, zone, anywhere: true, out utc);

    /// <summary>A local time in <paramref name="zone"/> (a list page's exact <c>dateFormat</c>) as UTC.</summary>
    public static bool TryParseExact(string? text, string format, TimeZoneInfo zone, out DateTime utc)
    {
        utc = default;
        if (!DateTime.TryParseExact(text?.Trim(), format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return false;
        }

        return TryToUtc(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, null, zone, out utc);
    }

    private static bool TryRead(string? text, TimeZoneInfo zone, bool anywhere, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // Most feed dates are RFC 822 as RSS prescribes it; read them without the patterns, which capture
        // (NonBacktracking captures in a third pass) and are most of what a feed item costs to parse.
        if (!anywhere && TryRfc822(text.AsSpan().Trim(), zone, out utc))
        {
            return true;
        }

        return TryReadWithPatterns(text, zone, anywhere, out utc);
    }

    /// <summary>What <see cref="TryParse"/> reads without its RFC 822 shortcut (the tests compare the two).</summary>
    internal static bool TryReadWithPatterns(string text, TimeZoneInfo zone, bool anywhere, out DateTime utc)
    {
        utc = default;
        // Full-width digits and colons turn up in hand-made list pages.
        var s = text.Normalize(System.Text.NormalizationForm.FormKC).Trim();
        foreach (var pattern in anywhere ? Anywhere : Whole)
        {
            Match m;
            try
            {
                m = pattern.Match(s);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }

            if (m.Success && TryBuild(m, zone, out utc))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>Tue, 30 Sep 2014 08:00:00 +0800</c> exactly (day of the week and month as three ASCII letters, two-digit
    /// day, four-digit year, seconds, and a zone <c>GMT</c>, <c>UT</c>, <c>UTC</c>, <c>Z</c> or <c>±hhmm</c>), read
    /// as the <see cref="Rfc822"/> pattern reads it. Anything else, or anything it would refuse, is left to the patterns.
    /// </summary>
    internal static bool TryRfc822(ReadOnlySpan<char> s, TimeZoneInfo zone, out DateTime utc)
    {
        utc = default;
        // "ddd, dd MMM yyyy HH:mm:ss " is 26 characters; then the zone.
        if (s.Length < 27 || !char.IsAsciiLetter(s[0]) || !char.IsAsciiLetter(s[1]) || !char.IsAsciiLetter(s[2]) || s[3] != ',' || s[4] != ' '
            || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' || s[25] != ' '
            || !TwoDigits(s, 5, out var day) || !TwoDigits(s, 17, out var hour) || !TwoDigits(s, 20, out var minute) || !TwoDigits(s, 23, out var second)
            || !TwoDigits(s, 12, out var century) || !TwoDigits(s, 14, out var yearOfCentury))
        {
            return false;
        }

        var month = 0;
        for (var i = 0; i < Months.Length; i++)
        {
            if (s.Slice(8, 3).Equals(Months[i], StringComparison.OrdinalIgnoreCase))
            {
                month = i + 1;
                break;
            }
        }

        TimeSpan offset;
        var z = s[26..];
        if (z is "GMT" or "UT" or "UTC" or "Z")
        {
            offset = TimeSpan.Zero;
        }
        else if (z.Length == 5 && z[0] is '+' or '-' && TwoDigits(z, 1, out var h) && TwoDigits(z, 3, out var m) && h <= 14 && m <= 59)
        {
            offset = z[0] == '-' ? -new TimeSpan(h, m, 0) : new TimeSpan(h, m, 0);
        }
        else
        {
            return false;
        }

        return month > 0 && TryToUtc((century * 100) + yearOfCentury, month, day, hour, minute, second, offset, zone, out utc);

        static bool TwoDigits(ReadOnlySpan<char> s, int at, out int value)
        {
            value = ((s[at] - '0') * 10) + (s[at + 1] - '0');
            return char.IsAsciiDigit(s[at]) && char.IsAsciiDigit(s[at + 1]);
        }
    }

    private static readonly Regex[] Whole = [Rfc822(), Asctime(), Numeric(), Chinese()];

    private static readonly Regex[] Anywhere = [NumericAnywhere(), ChineseAnywhere(), Rfc822Anywhere()];

    private static bool TryBuild(Match m, TimeZoneInfo zone, out DateTime utc)
    {
        utc = default;
        var g = m.Groups;
        var month = g["mon"].Success ? MonthNumber(g["mon"].Value) : Number(g["month"]);
        var year = Number(g["year"]);
        if (year < 100)
        {
            // RFC 822 two-digit years; the 1900s only for dates before the Web.
            year += year >= 70 ? 1900 : 2000;
        }

        var offset = g["zone"].Success ? ZoneOffset(g["zone"].Value) : null;
        if (g["zone"].Success && offset is null)
        {
            return false;
        }

        return TryToUtc(year, month, Number(g["day"]), Number(g["hour"]), Number(g["minute"]), Number(g["second"]), offset, zone, out utc);
    }

    private static bool TryToUtc(int year, int month, int day, int hour, int minute, int second, TimeSpan? offset, TimeZoneInfo zone, out DateTime utc)
    {
        utc = default;
        if (year is < 1900 or > 2999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified);
        utc = offset is { } o
            ? new DateTimeOffset(local, o).UtcDateTime
            // Asia/Shanghai has no daylight saving since 1991, so no local time is invalid or ambiguous there.
            : TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone);
        return true;
    }

    private static int Number(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;

    private static int MonthNumber(string name) =>
        name.Length >= 3 ? Array.IndexOf(Months, name[..3].ToLowerInvariant()) + 1 : 0;

    private static TimeSpan? ZoneOffset(string zone)
    {
        zone = zone.Trim().ToUpperInvariant();
        switch (zone)
        {
            case "Z" or "GMT" or "UT" or "UTC":
                return TimeSpan.Zero;
            case "CST" or "CCT" or "BJT":
                return TimeSpan.FromHours(8);
            case "EST":
                return TimeSpan.FromHours(-5);
            case "EDT":
                return TimeSpan.FromHours(-4);
            case "MST":
                return TimeSpan.FromHours(-7);
            case "MDT":
                return TimeSpan.FromHours(-6);
            case "PST":
                return TimeSpan.FromHours(-8);
            case "PDT":
                return TimeSpan.FromHours(-7);
            default:
                break;
        }

        var m = NumericZone().Match(zone);
        if (!m.Success)
        {
            return null;
        }

        var hours = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minutes = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        if (hours > 14 || minutes > 59)
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return m.Groups["sign"].Value == "-" ? -offset : offset;
    }

    // The patterns run on remote text (feed dates, list cells, export cells): those without lookarounds are
    // NonBacktracking, linear in their input; the ones that need a lookaround (a date must not be part of a
    // longer number) have a timeout, after which the text is simply not a date.
    private const int MatchTimeoutMilliseconds = 1000;

    private const string Zone = @"(?<zone>Z|[+-]\d{2}:?\d{2}|(?:GMT|UTC)\s*[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,4})";
    private const string Time = @"(?<hour>\d{1,2}):(?<minute>\d{1,2})(?::(?<second>\d{1,2})(?:[.,]\d+)?)?";

    [GeneratedRegex(@"^(?:[A-Za-z]{2,9}\.?,?\s*)?(?<day>\d{1,2})[\s-]+(?<mon>[A-Za-z]{3,9})\.?[\s-]+(?<year>\d{2}|\d{4})(?:\s+" + Time + @")?\s*" + Zone + @"?$", RegexOptions.NonBacktracking)]
    private static partial Regex Rfc822();

    [GeneratedRegex(@"(?:^|[^\d])(?<day>\d{1,2})\s+(?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?<year>\d{4})(?:\s+" + Time + @")?(?:\s*(?<zone>[+-]\d{2}:?\d{2}|GMT|UTC|CST|Z)(?![A-Za-z]))?", RegexOptions.IgnoreCase, MatchTimeoutMilliseconds)]
    private static partial Regex Rfc822Anywhere();

    // Weibo and some Java servers: "Fri Aug 28 00:00:00 +0800 2009".
    [GeneratedRegex(@"^[A-Za-z]{3}\s+(?<mon>[A-Za-z]{3})\s+(?<day>\d{1,2})\s+" + Time + @"\s+" + Zone + @"?\s*(?<year>\d{4})$", RegexOptions.NonBacktracking)]
    private static partial Regex Asctime();

    [GeneratedRegex(@"^(?<year>\d{4})[-/.](?<month>\d{1,2})[-/.](?<day>\d{1,2})(?:(?:T|\s+)" + Time + @")?\s*" + Zone + @"?$", RegexOptions.NonBacktracking)]
    private static partial Regex Numeric();

    [GeneratedRegex(@"(?<!\d)(?<year>\d{4})[-/.](?<month>\d{1,2})[-/.](?<day>\d{1,2})(?!\d)(?:(?:T|\s+)" + Time + @")?(?:\s*(?<zone>Z|[+-]\d{2}:\d{2}|[+-]\d{4})(?!\d))?", RegexOptions.None, MatchTimeoutMilliseconds)]
    private static partial Regex NumericAnywhere();

    [GeneratedRegex(@"^(?<year>\d{4})\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*日?(?:\s*(?<hour>\d{1,2})\s*[:时]\s*(?<minute>\d{1,2})(?:\s*[:分]\s*(?<second>\d{1,2})\s*秒?)?\s*分?)?$", RegexOptions.NonBacktracking)]
    private static partial Regex Chinese();

    [GeneratedRegex(@"(?<!\d)(?<year>\d{4})\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*日?(?:\s*(?<hour>\d{1,2})\s*[:时]\s*(?<minute>\d{1,2})(?:\s*[:分]\s*(?<second>\d{1,2}))?)?", RegexOptions.None, MatchTimeoutMilliseconds)]
    private static partial Regex ChineseAnywhere();

    [GeneratedRegex(@"^(?:GMT|UTC)?\s*(?<sign>[+-])(?<h>\d{1,2})(?::?(?<m>\d{2}))?$", RegexOptions.NonBacktracking)]
    private static partial Regex NumericZone();
}
