using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Overview;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Features.Screen;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Screen;

/// <summary>The big screen's parts, each on its own, with the clock in the test's hand.</summary>
public sealed class ScreenPartsTests : BunitTestBase
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 9, 15, 2, 0, 0, TimeSpan.Zero));

    public ScreenPartsTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(new CountyClock(_time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
    }

    private static MetricDefinition Metric(string key, string name) => new() { Key = key, Name = name, NameEn = name, Unit = "条" };

    private static County County(int id, string code, string name, bool home = false) =>
        new() { Id = id, Code = code, Name = name, ShortName = name[..2], IsHome = home, DisplayOrder = id };

    private static Ranking Thirteen()
    {
        var counties = Enumerable.Range(1, 13).Select(i => County(i, $"3604{i:00}", $"县{i:00}号", home: i == 11)).ToList();
        var ranked = RankingRules.Rank(counties.ConvertAll(c => new RankingEntry(c.Id, c.Id == 13 ? null : 100 + c.Id, 200 - c.Id)), higherIsBetter: true);
        var byId = counties.ToDictionary(c => c.Id);
        return new Ranking(Metric(MetricKeys.ArticlePlacements, "稿件刊发"), RankingPeriod.Month(Period.Month(2014, 9)), IsSoFar: true, new DateOnly(2014, 9, 15),
            ranked.Select(r => new RankingRow(byId[r.CountyId], r, r.AboveCountyId is { } a ? byId[a] : null)).ToList());
    }

    [Fact]
    public void The_ranking_board_lists_the_thirteen_best_first_with_the_home_county_highlighted_and_scrolls_when_longer_than_the_board()
    {
        var board = Render<ScreenRankingBoard>(p => p.Add(x => x.Ranking, Thirteen()).Add(x => x.VisibleRows, 10));

        var rows = board.FindAll("[data-testid=screen-ranking-row]");
        Assert.Equal(13, rows.Count);
        Assert.Equal("360412", rows[0].GetAttribute("data-county"));
        var home = Assert.Single(rows, r => r.ClassList.Contains("home"));
        Assert.Equal("360411", home.GetAttribute("data-county"));
        // Up from 11th last month to 2nd now.
        Assert.Contains("↑9", home.TextContent, StringComparison.Ordinal);
        Assert.Contains("无数据", rows[^1].TextContent, StringComparison.Ordinal);
        Assert.Contains("（至今）", board.Find(".screen-board-title").TextContent, StringComparison.Ordinal);
        // A second, hidden copy makes the loop seamless.
        Assert.NotNull(board.Find(".screen-board-list.scrolling"));
        Assert.Equal(26, board.FindAll(".screen-board-row").Count);
    }

    [Fact]
    public void A_board_that_fits_does_not_scroll()
    {
        var board = Render<ScreenRankingBoard>(p => p.Add(x => x.Ranking, Thirteen()).Add(x => x.VisibleRows, 13));

        Assert.Empty(board.FindAll(".scrolling"));
        Assert.Equal(13, board.FindAll(".screen-board-row").Count);
    }

    [Fact]
    public void A_changed_numeral_holds_its_new_figure_and_hands_the_browser_its_count_from_the_old_one()
    {
        var number = Render<CountUpNumber>(p => p.Add(x => x.Value, 100).Add(x => x.Duration, TimeSpan.FromSeconds(1)));
        var numeral = () => number.Find("[data-testid=count-up]");
        Assert.Equal("100", numeral().TextContent);
        Assert.Null(numeral().GetAttribute("data-frames"));

        number.Render(p => p.Add(x => x.Value, 200));

        // The figure is in the page at once; the count (a second at thirty frames) starts from the old one and rises to the new.
        Assert.Equal("200", numeral().TextContent);
        Assert.Equal("1000", numeral().GetAttribute("data-duration"));
        var frames = numeral().GetAttribute("data-frames")!.Split('|').Select(f => double.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(30, frames.Count);
        Assert.Equal(100, frames[0]);
        Assert.All(frames.Zip(frames.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"{pair.First} then {pair.Second}"));
        Assert.InRange(frames[^1], 190, 200);
        Assert.Contains(frames, f => f is > 100 and < 200);

        // Back down counts down; an unchanged figure starts no count again.
        number.Render(p => p.Add(x => x.Value, 150));
        Assert.StartsWith("200|", numeral().GetAttribute("data-frames"), StringComparison.Ordinal);
        var down = numeral().GetAttribute("data-frames");
        number.Render(p => p.Add(x => x.Value, 150));
        Assert.Equal(down, numeral().GetAttribute("data-frames"));
    }

    [Fact]
    public void A_numeral_counts_in_the_texts_the_wall_writes_numbers_in_and_shows_a_missing_figure_without_a_count()
    {
        var number = Render<CountUpNumber>(p => p.Add(x => x.Value, 0));

        number.Render(p => p.Add(x => x.Value, 50_000));
        var frames = number.Find("[data-testid=count-up]").GetAttribute("data-frames")!.Split('|');
        // 0.4 s by default, the rest of the second being the read's and the way to the wall; Chinese compact past ten thousand.
        Assert.Equal(12, frames.Length);
        Assert.Equal("0", frames[0]);
        Assert.Contains(frames, f => f.EndsWith('万'));
        Assert.Equal("5万", number.Find("[data-testid=count-up]").TextContent);

        number.Render(p => p.Add(x => x.Value, (double?)null));
        Assert.Equal("—", number.Find("[data-testid=count-up]").TextContent);
        Assert.Null(number.Find("[data-testid=count-up]").GetAttribute("data-frames"));
    }

    [Fact]
    public void Panels_take_turns_on_the_timer_and_start_again_after_the_last()
    {
        string[] titles = ["稿件刊发", "政务微博", "手机报"];
        // Each panel writes whether it was told it is on show.
        List<ScreenPanel> panels = [.. titles.Select(t => new ScreenPanel(t, shown => b => b.AddContent(0, shown ? t : "")))];
        var rotation = Render<ScreenRotation>(p => p.Add(x => x.Panels, panels).Add(x => x.Interval, TimeSpan.FromSeconds(15)));
        string Active() => rotation.Find("[data-testid=screen-panel][data-active=true]").TextContent.Trim();

        Assert.Equal("稿件刊发", Active());
        Assert.Equal(3, rotation.FindAll("[data-testid=screen-panel]").Count);
        Assert.Equal("稿件刊发", string.Concat(rotation.FindAll("[data-testid=screen-panel]").Select(p => p.TextContent.Trim())));

        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal("稿件刊发", Active());
        _time.Advance(TimeSpan.FromSeconds(1));
        rotation.WaitForAssertion(() => Assert.Equal("政务微博", Active()));
        _time.Advance(TimeSpan.FromSeconds(30));
        rotation.WaitForAssertion(() => Assert.Equal("稿件刊发", Active()));
        // Every panel stays in the page: its charts are never re-created.
        Assert.Equal(3, rotation.FindAll("[data-testid=screen-panel]").Count);
    }

    [Fact]
    public void The_kpi_row_compares_a_month_to_date_with_the_same_days_of_last_month_and_gives_the_rank()
    {
        var card = new KpiFigure(Metric(MetricKeys.ArticlePlacements, "稿件刊发"), 40, 32, null, 400, 2, 1, null, 13, 13);

        var soFar = Render<ScreenKpis>(p => p.Add(x => x.Cards, [card]).Add(x => x.IsSoFar, true));
        var whole = Render<ScreenKpis>(p => p.Add(x => x.Cards, [card]).Add(x => x.IsSoFar, false));

        Assert.Equal("较上月同期 +25.0%", soFar.Find("[data-testid=screen-kpi-change]").TextContent.Trim());
        Assert.Equal("环比 +25.0%", whole.Find("[data-testid=screen-kpi-change]").TextContent.Trim());
        Assert.Equal("全市第2名", soFar.Find("[data-testid=screen-kpi-rank]").TextContent.Trim());

        // Before the other counties' figures are in, the rank is among those that have one.
        var early = Render<ScreenKpis>(p => p.Add(x => x.Cards, [card with { Rank = 1, RankChange = null, RankedCounties = 1 }]).Add(x => x.IsSoFar, true));
        Assert.Equal("第1名（1县区有数据）", early.Find("[data-testid=screen-kpi-rank]").TextContent.Trim());
    }

    [Fact]
    public void Stories_that_arrive_while_the_wall_is_open_are_marked_new()
    {
        var first = new LatestArticle("瑞昌铜岭遗址保护", "https://www.jjxw.cn/1.html", "九江新闻网", new DateTime(2014, 9, 14, 1, 0, 0, DateTimeKind.Utc));
        var feed = Render<ScreenStoryFeed>(p => p.Add(x => x.Articles, [first]));
        Assert.Equal("false", feed.Find("[data-testid=screen-story]").GetAttribute("data-new"));

        var second = first with { Title = "瑞昌山药丰收", Url = "https://www.jjxw.cn/2.html" };
        feed.Render(p => p.Add(x => x.Articles, [second, first]));

        var stories = feed.FindAll("[data-testid=screen-story]");
        Assert.Equal(["true", "false"], stories.Select(s => s.GetAttribute("data-new")));
        Assert.Contains("2014-09-14 09:00", stories[1].TextContent, StringComparison.Ordinal);
    }
}
