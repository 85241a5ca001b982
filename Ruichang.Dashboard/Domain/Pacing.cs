namespace Ruichang.Dashboard.Domain;

/// <summary>Where the year will end at the pace so far, against the year's target ("按当前进度，年底预计 X，目标 Y").</summary>
public sealed record PacingForecast(double Projected, double Target)
{
    public bool OnTrack => Projected >= Target;

    /// <summary>The share of the target reached by the projection (1 is exactly on target).</summary>
    public double Attainment => Target == 0 ? 1 : Projected / Target;
}

/// <summary>
/// Projects a figure to the end of its year at the pace of the days gone by (the days up to and including
/// <c>asOf</c>, in the county's calendar). A counter (placements) grows with the days: the year to date over the
/// share of the year gone. A gauge (followers) is a level: it goes on growing as it has since the year began,
/// from its level at the start of the year; without that level it stays where it is.
/// </summary>
public static class Pacing
{
    public static PacingForecast Project(MetricKind kind, double soFar, double? levelAtYearStart, DateOnly asOf, double target)
    {
        var days = DateTime.IsLeapYear(asOf.Year) ? 366 : 365;
        var gone = asOf.DayOfYear;
        var projected = kind == MetricKind.Counter
            ? soFar * days / gone
            : soFar + (levelAtYearStart is { } start ? (soFar - start) * (days - gone) / gone : 0);
        return new PacingForecast(Math.Round(projected), target);
    }
}
