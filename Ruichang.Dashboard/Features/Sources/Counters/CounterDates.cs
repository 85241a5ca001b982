using System.Globalization;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Features.Sources.Counters;

/// <summary>
/// The period a counter source gives with its figure: a month (<c>2014-10</c>, <c>2014/10</c>,
/// <c>2014年10月</c>, <c>201410</c>) or a day in the usual Chinese forms (<c>2014-10-15</c>,
/// <c>2014/10/15</c>, <c>2014年10月15日</c>, Excel's <c>20141015</c>, maybe with a time; in the
/// channel's <c>dateFormat</c> when it has one). A time without an offset is the county's own.
/// </summary>
internal static class CounterDates
{
    private static readonly string[] MonthFormats = ["yyyy-M", "yyyy/M", "yyyy.M", "yyyy年M月", "yyyyMM"];

    public static bool TryParse(string text, string? dateFormat, CountyClock clock, out Period period)
    {
        text = text.Trim();
        if (dateFormat is null && DateTime.TryParseExact(text, MonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            period = Period.Month(month.Year, month.Month);
            return true;
        }

        var parsed = dateFormat is not null
            ? LenientDates.TryParseExact(text, dateFormat, clock.Zone, out var utc)
            : LenientDates.TryParse(text, clock.Zone, out utc) || LenientDates.TryParseExact(text, "yyyyMMdd", clock.Zone, out utc);
        period = parsed ? Period.Day(clock.DateOf(utc)) : default;
        return parsed;
    }
}
