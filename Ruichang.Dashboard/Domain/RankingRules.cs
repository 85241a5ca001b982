namespace Ruichang.Dashboard.Domain;

/// <summary>A county's figure for the period ranked, and for the period before; null where it has none.</summary>
public readonly record struct RankingEntry(int CountyId, double? Value, double? PreviousValue);

/// <summary>
/// One county's place. <see cref="Rank"/> is null for a county without a figure. <see cref="GapToAbove"/> is
/// what it must add (or, for a metric where lower is better, take away) to overtake <see cref="AboveCountyId"/>,
/// the nearest county ranked strictly better; <see cref="LeadOverNext"/>, for a county ranked first, is how far
/// it is ahead of the next county (0 when it shares the first place; null when no other county is ranked).
/// <see cref="RankChange"/> is the places gained since the period before (negative when lost), among the counties
/// ranked in both (see <see cref="RankingRules.Rank"/>): null when it is unranked in either, or no other county is in both.
/// </summary>
public sealed record RankedCounty(
    int CountyId, double? Value, int? Rank, int? PreviousRank, double? GapToAbove, int? AboveCountyId, double? LeadOverNext, int? RankChange);

/// <summary>
/// How counties rank on one metric (design.md): higher is better unless the metric says otherwise; equal
/// values share a rank and the next rank skips (1, 2, 2, 4); zero is a figure and ranks; a county with no
/// figure is listed after the ranked ones, unranked, never as zero; the gap to the county above is what must
/// be added to overtake it. A rank change compares places among the counties ranked in both periods: a county
/// with a figure in only one of them moves no one, and a period that only some counties' figures cover yet (a
/// month so far, before the prefecture's notice gives the others) is not taken for a rise (first among one is no
/// place gained on the whole field of the month before).
/// </summary>
public static class RankingRules
{
    /// <summary>
    /// The counties ranked, best first, then the unranked. Ties keep the order of <paramref name="entries"/>
    /// (the counties' display order). <paramref name="step"/> is the metric's smallest difference (1 for a
    /// count, 0.01 for an index given to two decimals): overtaking takes the difference plus one step.
    /// </summary>
    public static IReadOnlyList<RankedCounty> Rank(IReadOnlyList<RankingEntry> entries, bool higherIsBetter, double step = 1)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        var now = Places(entries.Select(e => (e.CountyId, e.Value)), higherIsBetter);
        var before = Places(entries.Select(e => (e.CountyId, e.PreviousValue)), higherIsBetter);

        var ranked = entries.Where(e => now.ContainsKey(e.CountyId))
            .Select((e, order) => (Entry: e, Rank: now[e.CountyId], Order: order))
            .OrderBy(x => x.Rank).ThenBy(x => x.Order)
            .Select(x => x.Entry)
            .ToList();

        var inBoth = entries.Where(e => now.ContainsKey(e.CountyId) && before.ContainsKey(e.CountyId)).ToList();
        var nowAmongBoth = Places(inBoth.Select(e => (e.CountyId, e.Value)), higherIsBetter);
        var beforeAmongBoth = Places(inBoth.Select(e => (e.CountyId, e.PreviousValue)), higherIsBetter);
        int? Change(int countyId) => inBoth.Count > 1 && beforeAmongBoth.TryGetValue(countyId, out var placeBefore) ? placeBefore - nowAmongBoth[countyId] : null;
        int? PreviousRank(int countyId) => before.TryGetValue(countyId, out var p) ? p : null;
        var result = new List<RankedCounty>(entries.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var e = ranked[i];
            var value = e.Value!.Value;
            var rank = now[e.CountyId];
            // The county to overtake is the last one of those strictly better: it is the nearest.
            var aboveAt = ranked.FindLastIndex(r => now[r.CountyId] < rank);
            RankingEntry? above = aboveAt < 0 ? null : ranked[aboveAt];
            double? gap = above is { } a ? Steps(Math.Abs(a.Value!.Value - value), step, 1) : null;
            double? lead = rank == 1 && ranked.Count > 1
                ? Steps(Math.Abs(value - ranked[i == 0 ? 1 : 0].Value!.Value), step, 0)
                : null;
            result.Add(new RankedCounty(e.CountyId, value, rank, PreviousRank(e.CountyId), gap, above?.CountyId, lead, Change(e.CountyId)));
        }

        result.AddRange(entries.Where(e => !now.ContainsKey(e.CountyId))
            .Select(e => new RankedCounty(e.CountyId, null, null, PreviousRank(e.CountyId), null, null, null, null)));
        return result;
    }

    // Competition ranking: one more than the number of counties strictly better.
    private static Dictionary<int, int> Places(IEnumerable<(int CountyId, double? Value)> values, bool higherIsBetter)
    {
        var known = values.Where(v => v.Value is { } x && double.IsFinite(x)).Select(v => (v.CountyId, Value: v.Value!.Value)).ToList();
        return known.ToDictionary(
            v => v.CountyId,
            v => 1 + known.Count(o => higherIsBetter ? o.Value > v.Value : o.Value < v.Value));
    }

    // A difference of figures stored as doubles, put back on the metric's grid and given in whole steps, plus
    // `more` steps: 0.3 - 0.1 with a step of 0.01 is 20 steps, and 0.2, never 0.19999999999999998.
    private static double Steps(double difference, double step, int more) =>
        Math.Round((Math.Round(difference / step) + more) * step, 10);
}
