using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ruichang.Dashboard.Domain;

public enum PeriodGranularity
{
    Month = 1,
    Day = 2,
}

/// <summary>
/// A calendar month or day in the county's time zone. Written as <c>2014-09</c> for a month
/// and <c>2014-09-30</c> for a day, the forms the HTTP API and imports use.
/// </summary>
public readonly record struct Period : IComparable<Period>
{
    private Period(PeriodGranularity granularity, DateOnly start)
    {
        Granularity = granularity;
        Start = start;
    }

    public PeriodGranularity Granularity { get; }

    /// <summary>The first day of the period.</summary>
    public DateOnly Start { get; }

    /// <summary>The last day of the period.</summary>
    public DateOnly End => Granularity == PeriodGranularity.Month ? Start.AddMonths(1).AddDays(-1) : Start;

    public static Period Month(int year, int month) => new(PeriodGranularity.Month, new DateOnly(year, month, 1));

    public static Period MonthOf(DateOnly date) => Month(date.Year, date.Month);

    public static Period Day(DateOnly date) => new(PeriodGranularity.Day, date);

    public static Period Of(PeriodGranularity granularity, DateOnly date) =>
        granularity == PeriodGranularity.Month ? MonthOf(date) : Day(date);

    public Period Previous() => Granularity == PeriodGranularity.Month
        ? new(Granularity, Start.AddMonths(-1))
        : new(Granularity, Start.AddDays(-1));

    public Period Next() => Granularity == PeriodGranularity.Month
        ? new(Granularity, Start.AddMonths(1))
        : new(Granularity, Start.AddDays(1));

    public override string ToString() => Granularity == PeriodGranularity.Month
        ? Start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The month <paramref name="text"/> names (<c>2014-09</c>); null for a day, anything else or nothing.</summary>
    public static Period? ParseMonth(string? text) =>
        TryParse(text, out var period) && period.Value.Granularity == PeriodGranularity.Month ? period : null;

    public static bool TryParse(string? text, [NotNullWhen(true)] out Period? period)
    {
        period = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            period = Day(day);
            return true;
        }

        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            period = MonthOf(month);
            return true;
        }

        return false;
    }

    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    public int CompareTo(Period other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : Granularity.CompareTo(other.Granularity);
    }
}
