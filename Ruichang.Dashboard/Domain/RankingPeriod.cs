using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ruichang.Dashboard.Domain;

public enum RankingPeriodKind
{
    Month = 1,
    Quarter = 2,
    Year = 3,

    /// <summary>January to a month of one year (年初至今).</summary>
    YearToDate = 4,
}

/// <summary>
/// The span of months a ranking covers: a month (<c>2014-09</c>), a quarter (<c>2014-Q3</c>), a year
/// (<c>2014</c>) or the year to date (<c>2014-YTD</c>: January to the current month in the current year,
/// the whole year in a past one). Figures over it are built from its months by <see cref="FigureRules"/>.
/// </summary>
public readonly record struct RankingPeriod
{
    private RankingPeriod(RankingPeriodKind kind, Period first, Period last)
    {
        Kind = kind;
        First = first;
        Last = last;
    }

    public RankingPeriodKind Kind { get; }

    /// <summary>The first month.</summary>
    public Period First { get; }

    /// <summary>The last month.</summary>
    public Period Last { get; }

    public int Year => First.Start.Year;

    public static RankingPeriod Month(Period month) => new(RankingPeriodKind.Month, Period.MonthOf(month.Start), Period.MonthOf(month.Start));

    public static RankingPeriod Quarter(int year, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var first = Period.Month(year, (3 * quarter) - 2);
        return new(RankingPeriodKind.Quarter, first, Period.Month(year, 3 * quarter));
    }

    public static RankingPeriod WholeYear(int year) => new(RankingPeriodKind.Year, Period.Month(year, 1), Period.Month(year, 12));

    /// <summary>January of <paramref name="through"/>'s year to <paramref name="through"/>.</summary>
    public static RankingPeriod YearToDate(Period through) =>
        new(RankingPeriodKind.YearToDate, Period.Month(through.Start.Year, 1), Period.MonthOf(through.Start));

    /// <summary>
    /// The period before of the same length: the previous month, quarter or year; for the year to date,
    /// the same months of the year before (January to September 2013 before January to September 2014).
    /// </summary>
    public RankingPeriod Previous() => Kind switch
    {
        RankingPeriodKind.Month => Month(First.Previous()),
        RankingPeriodKind.Quarter => QuarterNumber == 1 ? Quarter(Year - 1, 4) : Quarter(Year, QuarterNumber - 1),
        RankingPeriodKind.Year => WholeYear(Year - 1),
        _ => YearToDate(Period.Month(Year - 1, Last.Start.Month)),
    };

    /// <summary>The quarter's number (1–4) of a quarter.</summary>
    public int QuarterNumber => ((First.Start.Month - 1) / 3) + 1;

    /// <summary>Whether <paramref name="today"/> falls inside the period, so that its figures are so far.</summary>
    public bool Contains(DateOnly today) => today >= First.Start && today <= Last.End;

    /// <summary>The form the API and the page's address use: <c>2014-09</c>, <c>2014-Q3</c>, <c>2014</c>, <c>2014-YTD</c>.</summary>
    public override string ToString() => Kind switch
    {
        RankingPeriodKind.Month => First.ToString(),
        RankingPeriodKind.Quarter => FormattableString.Invariant($"{Year}-Q{QuarterNumber}"),
        RankingPeriodKind.Year => Year.ToString(CultureInfo.InvariantCulture),
        _ => FormattableString.Invariant($"{Year}-YTD"),
    };

    /// <summary>How a reader says it: 2014年9月, 2014年第三季度, 2014年, 2014年1—9月.</summary>
    public string Label => Kind switch
    {
        RankingPeriodKind.Month => $"{Year}年{First.Start.Month}月",
        RankingPeriodKind.Quarter => $"{Year}年第{"一二三四"[QuarterNumber - 1]}季度",
        RankingPeriodKind.Year => $"{Year}年",
        _ => Last.Start.Month == 1 ? $"{Year}年1月" : $"{Year}年1—{Last.Start.Month}月",
    };

    /// <summary>The same in English: 2014-09, 2014 Q3, 2014, 2014-01 to 2014-09.</summary>
    public string LabelEn => Kind switch
    {
        RankingPeriodKind.Month => First.ToString(),
        RankingPeriodKind.Quarter => FormattableString.Invariant($"{Year} Q{QuarterNumber}"),
        RankingPeriodKind.Year => Year.ToString(CultureInfo.InvariantCulture),
        _ => Last.Start.Month == 1 ? First.ToString() : $"{First} to {Last}",
    };

    /// <summary>
    /// Reads <c>2014-09</c>, <c>2014-Q3</c>, <c>2014</c> or <c>2014-YTD</c>; the year to date ends with
    /// <paramref name="currentMonth"/> in its year and with December in a past year. A period that starts
    /// after <paramref name="currentMonth"/> is refused: it has no figures yet.
    /// </summary>
    public static bool TryParse(string? text, Period currentMonth, [NotNullWhen(true)] out RankingPeriod? period)
    {
        period = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        RankingPeriod? parsed = null;
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            parsed = WholeYear(year);
        }
        else if (text.Length == 7 && text[4] == '-' && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            var rest = text[5..];
            if (rest[0] is 'Q' or 'q' && rest[1] is >= '1' and <= '4')
            {
                parsed = Quarter(year, rest[1] - '0');
            }
            else if (Period.ParseMonth(text) is { } month)
            {
                parsed = Month(month);
            }
        }
        else if (text.Length == 8 && text.EndsWith("-YTD", StringComparison.OrdinalIgnoreCase)
                 && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            parsed = year == currentMonth.Start.Year ? YearToDate(currentMonth) : YearToDate(Period.Month(year, 12));
        }

        if (parsed is not { } p || p.Year < 1900 || p.First > currentMonth)
        {
            return false;
        }

        period = p;
        return true;
    }
}
