namespace Ruichang.Dashboard.Domain;

/// <summary>
/// Turns UTC instants into the county's calendar: which day and month an instant belongs to is
/// decided in the county's time zone (Asia/Shanghai), never in UTC.
/// </summary>
public sealed class CountyClock(TimeProvider time, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    public Period CurrentMonth => Period.MonthOf(Today);

    public DateOnly DateOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public DateOnly DateOf(DateTime utc) =>
        DateOf(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public Period PeriodOf(DateTimeOffset instant, PeriodGranularity granularity) =>
        Period.Of(granularity, DateOf(instant));

    /// <summary>A stored UTC time as the county reads it, to the minute (<c>2014-10-15 11:00</c>).</summary>
    public string LocalTime(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone)
            .ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The UTC instant at which a local day begins (for range queries on UTC columns).</summary>
    public DateTime StartOfDayUtc(DateOnly date) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), Zone);
}
