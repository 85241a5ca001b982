using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

public sealed class RankingRulesTests
{
    private static RankingEntry E(int county, double? value, double? previous = null) => new(county, value, previous);

    private static IReadOnlyList<RankedCounty> Rank(bool higherIsBetter = true, double step = 1, params RankingEntry[] entries) =>
        RankingRules.Rank(entries, higherIsBetter, step);

    [Fact]
    public void Higher_is_better_by_default_and_the_best_is_listed_first()
    {
        var ranked = Rank(entries: [E(1, 10), E(2, 30), E(3, 20)]);

        Assert.Equal([2, 3, 1], ranked.Select(r => r.CountyId));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank!.Value));
    }

    [Fact]
    public void Where_lower_is_better_the_smallest_figure_ranks_first()
    {
        var ranked = Rank(higherIsBetter: false, entries: [E(1, 11), E(2, 16), E(3, 3)]);

        Assert.Equal([3, 1, 2], ranked.Select(r => r.CountyId));
        // To overtake the county above, a lower-is-better figure must fall by the difference and one more.
        Assert.Equal(9, ranked[1].GapToAbove);
        Assert.Equal(3, ranked[1].AboveCountyId);
    }

    [Fact]
    public void Equal_figures_share_a_rank_and_the_next_rank_skips()
    {
        var ranked = Rank(entries: [E(1, 50), E(2, 40), E(3, 40), E(4, 30)]);

        Assert.Equal([1, 2, 2, 4], ranked.Select(r => r.Rank!.Value));
        // Tied counties keep the display order.
        Assert.Equal([1, 2, 3, 4], ranked.Select(r => r.CountyId));
    }

    [Fact]
    public void Counties_tied_with_each_other_both_need_to_pass_the_county_above_not_each_other()
    {
        var ranked = Rank(entries: [E(1, 50), E(2, 40), E(3, 40)]);

        Assert.All(ranked.Skip(1), r => Assert.Equal((1, 11.0), (r.AboveCountyId!.Value, r.GapToAbove!.Value)));
    }

    [Fact]
    public void Zero_is_a_figure_and_ranks_above_no_figure()
    {
        var ranked = Rank(entries: [E(1, null), E(2, 0), E(3, 5)]);

        Assert.Equal([3, 2, 1], ranked.Select(r => r.CountyId));
        Assert.Equal(2, ranked[1].Rank);
        Assert.Equal(0, ranked[1].Value);
        Assert.Null(ranked[2].Rank);
        Assert.Null(ranked[2].Value);
    }

    [Fact]
    public void Counties_without_a_figure_come_after_the_ranked_in_display_order_unranked_and_without_a_gap()
    {
        var ranked = Rank(entries: [E(1, null), E(2, 7), E(3, null), E(4, 9)]);

        Assert.Equal([4, 2, 1, 3], ranked.Select(r => r.CountyId));
        Assert.All(ranked.Skip(2), r => Assert.Equal((null, null, null, null), (r.Rank, r.Value, r.GapToAbove, r.LeadOverNext)));
    }

    [Fact]
    public void The_gap_to_the_county_above_is_what_must_be_added_to_overtake_it()
    {
        var ranked = Rank(entries: [E(1, 120), E(2, 95)]);

        Assert.Equal(26, ranked[1].GapToAbove);
        Assert.Equal(1, ranked[1].AboveCountyId);
        Assert.Null(ranked[0].GapToAbove);
    }

    [Fact]
    public void An_index_to_two_decimals_is_overtaken_by_one_hundredth_more_without_binary_noise()
    {
        var ranked = Rank(step: 0.01, entries: [E(1, 0.3), E(2, 0.1)]);

        Assert.Equal(0.21, ranked[1].GapToAbove);
        Assert.Equal(0.2, ranked[0].LeadOverNext);
    }

    [Fact]
    public void The_first_leads_the_second_by_the_difference_and_a_shared_first_place_leads_by_nothing()
    {
        Assert.Equal(25, Rank(entries: [E(1, 95), E(2, 120), E(3, 60)])[0].LeadOverNext);

        var shared = Rank(entries: [E(1, 120), E(2, 120), E(3, 60)]);
        Assert.Equal([0.0, 0.0], shared.Take(2).Select(r => r.LeadOverNext!.Value));
        Assert.Null(shared[2].LeadOverNext);
    }

    [Fact]
    public void One_county_ranks_first_with_nothing_to_lead_or_overtake()
    {
        var ranked = Assert.Single(Rank(entries: [E(7, 3)]));

        Assert.Equal((1, null, null), (ranked.Rank!.Value, ranked.GapToAbove, ranked.LeadOverNext));
    }

    [Fact]
    public void All_equal_all_share_the_first_place()
    {
        var ranked = Rank(entries: [E(1, 4), E(2, 4), E(3, 4)]);

        Assert.All(ranked, r => Assert.Equal((1, null, 0.0), (r.Rank!.Value, r.GapToAbove, r.LeadOverNext!.Value)));
    }

    [Fact]
    public void Rank_change_is_against_the_ranks_of_the_period_before_by_the_same_rules()
    {
        var ranked = Rank(entries: [E(1, 10, previous: 30), E(2, 30, previous: 10), E(3, 20, previous: 20), E(4, 5, previous: null)]);

        var byCounty = ranked.ToDictionary(r => r.CountyId);
        Assert.Equal((3, 1, -2), (byCounty[1].Rank!.Value, byCounty[1].PreviousRank!.Value, byCounty[1].RankChange!.Value));
        Assert.Equal((1, 3, 2), (byCounty[2].Rank!.Value, byCounty[2].PreviousRank!.Value, byCounty[2].RankChange!.Value));
        Assert.Equal(0, byCounty[3].RankChange);
        // Unranked before: no change to show.
        Assert.Null(byCounty[4].PreviousRank);
        Assert.Null(byCounty[4].RankChange);
    }

    [Fact]
    public void A_county_unranked_now_keeps_its_previous_rank_for_reference()
    {
        var ranked = Rank(entries: [E(1, null, previous: 3), E(2, 2, previous: 1)]);

        Assert.Equal((null, 1), (ranked[1].Rank, ranked[1].PreviousRank));
        Assert.Null(ranked[1].RankChange);
    }

    [Fact]
    public void A_rank_change_compares_places_among_the_counties_ranked_in_both_periods()
    {
        // A month so far: only county 1's figure is in yet; the month before ranked all three. First among one is no rise.
        var ranked = Rank(entries: [E(1, 5, previous: 10), E(2, null, previous: 20), E(3, null, previous: 30)]);
        Assert.Equal((1, 3), (ranked[0].Rank!.Value, ranked[0].PreviousRank!.Value));
        Assert.Null(ranked[0].RankChange);

        // County 2 has no figure now: county 1, third before and second now, passed county 3 (+1) and county 3 lost that place.
        ranked = Rank(entries: [E(1, 25, previous: 10), E(2, null, previous: 40), E(3, 20, previous: 30)]);
        var byCounty = ranked.ToDictionary(r => r.CountyId);
        Assert.Equal((1, 3, 1), (byCounty[1].Rank!.Value, byCounty[1].PreviousRank!.Value, byCounty[1].RankChange!.Value));
        Assert.Equal((2, 2, -1), (byCounty[3].Rank!.Value, byCounty[3].PreviousRank!.Value, byCounty[3].RankChange!.Value));
        Assert.Null(byCounty[2].RankChange);
    }
}
