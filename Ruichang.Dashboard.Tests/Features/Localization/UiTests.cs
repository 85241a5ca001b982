using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Localization;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Localization;

public sealed class UiTests
{
    [Fact]
    public void Every_unit_of_the_catalogue_has_its_English_and_stays_as_it_is_in_Chinese()
    {
        var units = ReferenceCatalog.Metrics().Select(m => m.Unit).Distinct().ToList();

        using (UiCulture.Use("en"))
        {
            Assert.All(units, unit => Assert.Matches("^[a-z]+$", Ui.Unit(unit)));
            Assert.Equal("issues", Ui.Unit("期"));
        }

        using (UiCulture.Use("zh-CN"))
        {
            Assert.All(units, unit => Assert.Equal(unit, Ui.Unit(unit)));
        }
    }

    [Fact]
    public void A_month_and_a_ranking_period_are_worded_in_the_reader_s_language()
    {
        var ytd = RankingPeriod.TryParse("2014-YTD", Period.Month(2014, 9), out var p) ? p.Value : throw new InvalidOperationException();

        using (UiCulture.Use("en"))
        {
            Assert.Equal("2014-09", Ui.Month(new DateOnly(2014, 9, 1)));
            Assert.Equal("2014-01 to 2014-09", Ui.Period(ytd));
        }

        using (UiCulture.Use("zh-CN"))
        {
            Assert.Equal("2014年9月", Ui.Month(new DateOnly(2014, 9, 1)));
            Assert.Equal("2014年1—9月", Ui.Period(ytd));
        }
    }
}
