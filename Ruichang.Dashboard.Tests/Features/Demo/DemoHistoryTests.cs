using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Demo;

namespace Ruichang.Dashboard.Tests.Features.Demo;

/// <summary>The generator on its own, without a database.</summary>
public sealed class DemoHistoryTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Fact]
    public void Two_generations_are_identical()
    {
        var first = DemoHistory.Generate(Today);
        var second = DemoHistory.Generate(Today);

        Assert.Equal(first.Figures, second.Figures);
        Assert.Equal(first.Articles, second.Articles);
        Assert.Equal(Flatten(first), Flatten(second));
        Assert.Equal(first.Rankings.SelectMany(r => r.Entries), second.Rankings.SelectMany(r => r.Entries));
    }

    [Fact]
    public void A_later_day_keeps_every_earlier_month_and_adds_the_new_ones()
    {
        var earlier = DemoHistory.Generate(new DateOnly(2025, 6, 15));
        var later = DemoHistory.Generate(Today);

        var cutoff = Period.Month(2025, 6);
        Assert.Equal(earlier.Figures, later.Figures.Where(f => f.Period <= cutoff));
        Assert.Contains(later.Figures, f => f.Period == Period.Month(2026, 11));
        Assert.DoesNotContain(later.Figures, f => f.Period > Period.Month(2026, 11));
    }

    [Fact]
    public void The_figures_do_not_depend_on_the_process()
    {
        // Pinned values: a seed taken from string.GetHashCode or HashCode would change them in every run.
        var figures = DemoHistory.Generate(Today).Figures;

        double Value(string county, string metric, int year, int month) =>
            figures.Single(f => f.CountyCode == county && f.MetricKey == metric && f.Period == Period.Month(year, month)).Value;

        Assert.Equal(PinnedSiteArticlesJuly2014, Value("360481", MetricKeys.SiteArticles, 2014, 7));
        Assert.Equal(PinnedLianxiPlacementsMarch2015, Value("360402", MetricKeys.ArticlePlacements, 2015, 3));
        Assert.Equal(PinnedChecksum2014, Math.Round(figures.Where(f => f.Period.Start.Year == 2014).Sum(f => f.Value), 1));
    }

    [Fact]
    public void Nothing_is_generated_before_2014()
    {
        var data = DemoHistory.Generate(new DateOnly(2013, 12, 31));

        Assert.Empty(data.Figures);
        Assert.Empty(data.Articles);
    }

    private const double PinnedSiteArticlesJuly2014 = 217;
    private const double PinnedLianxiPlacementsMarch2015 = 192;
    private const double PinnedChecksum2014 = 6275666.9;

    private static IEnumerable<string> Flatten(DemoDataSet data) =>
        data.Commentators.SelectMany(c => c.Activity.Select(a => $"{c.Name}|{c.Unit}|{c.ExternalId}|{c.JoinedOn}|{c.IsRecommended}|{a}"));
}
