using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Counters;

/// <summary>
/// Counters across a month's end, on a fixed clock that starts at 22:55 on 30 November 2014 in
/// Ruichang and reads hourly, as the counters job does: each figure lands in the month it belongs to.
/// </summary>
public sealed class MonthToDateItemsTests() : CollectorTest(new DateTimeOffset(2014, 11, 30, 14, 55, 0, TimeSpan.Zero))
{
    private const string Paper = "江西手机报瑞昌报";
    private const string Undated = """{"format": "json", "fields": {"mobile_paper_issues": "$.data.issues_this_month", "mobile_paper_subscribers": "$.data.subscribers"}}""";
    private const string Dated = """{"format": "json", "fields": {"mobile_paper_issues": "$.data.issues_this_month"}, "dateField": "$.data.date"}""";

    private int _channel;

    private async Task ReadAsync(int issues, int subscribers = 19000, string? date = null)
    {
        var dateField = date is null ? "" : $", \"date\": \"{date}\"";
        Server.Serve("/paper.json", $$$"""{"data": {"issues_this_month": {{{issues}}}, "subscribers": {{{subscribers}}}{{{dateField}}}}}""", "application/json");
        var run = await RunAsync(CollectionJobDefinitions.Counters);
        Assert.Equal(JobRunStatus.Succeeded, run.Status);
    }

    private void NextHour() => Time.Advance(TimeSpan.FromHours(1));

    private Task<double?> IssuesAsync(int year, int month) => StoredAsync(MetricKeys.MobilePaperIssues, year, month, _channel);

    private async Task<Dictionary<DateOnly, double>> DaysAsync()
    {
        await using var db = Host.Database.CreateContext();
        return await db.Observations
            .Where(o => o.Metric!.Key == MetricKeys.MobilePaperIssues && o.ChannelId == _channel && o.Granularity == PeriodGranularity.Day)
            .ToDictionaryAsync(o => o.PeriodStart, o => o.Value);
    }

    [Fact]
    public async Task The_last_read_before_midnight_is_the_months_and_a_source_that_resets_late_stays_in_its_month()
    {
        _channel = await PointAsync(Paper, "/paper.json", Undated);
        await ReadAsync(128);
        NextHour();
        await ReadAsync(129);
        Assert.Equal(129, await IssuesAsync(2014, 11));

        // 00:55 on 1 December: the source has not reset yet and still counts November.
        NextHour();
        await ReadAsync(130, 19010);
        Assert.Equal(130, await IssuesAsync(2014, 11));
        Assert.Null(await IssuesAsync(2014, 12));
        // A gauge is a level, not a count of the month: it is December's as read.
        Assert.Equal(19010, await StoredAsync(MetricKeys.MobilePaperSubscribers, 2014, 12, _channel));

        // 07:55: it has reset.
        Time.Advance(TimeSpan.FromHours(7));
        await ReadAsync(1);
        NextHour();
        await ReadAsync(2);

        Assert.Equal(130, await IssuesAsync(2014, 11));
        Assert.Equal(2, await IssuesAsync(2014, 12));
    }

    [Fact]
    public async Task After_the_first_of_the_month_a_figure_above_last_months_is_this_months()
    {
        _channel = await PointAsync(Paper, "/paper.json", Undated);
        await ReadAsync(12);
        Time.Advance(TimeSpan.FromHours(2));
        await ReadAsync(0);
        Time.Advance(TimeSpan.FromDays(20));

        await ReadAsync(14);

        Assert.Equal((12d, 14d), (await IssuesAsync(2014, 11), await IssuesAsync(2014, 12)));
    }

    [Fact]
    public async Task After_a_month_with_nothing_the_first_days_figure_is_the_new_months()
    {
        _channel = await PointAsync(Paper, "/paper.json", Undated);
        await ReadAsync(0);
        Time.Advance(TimeSpan.FromHours(10));

        await ReadAsync(2);

        Assert.Equal((0d, 2d), (await IssuesAsync(2014, 11), await IssuesAsync(2014, 12)));
    }

    [Fact]
    public async Task Each_read_stores_its_days_items_while_every_earlier_day_of_the_month_has_its_own()
    {
        _channel = await PointAsync(Paper, "/paper.json", Undated);
        // 22:55 on 30 November: the channel's first read, late in the month. Its 128 issues did not all come out today.
        await ReadAsync(128);

        // December, read from its first day: 07:55 on the 1st after the reset, then once a day, two issues a day.
        Time.Advance(TimeSpan.FromHours(9));
        await ReadAsync(1);
        NextHour();
        await ReadAsync(2);
        for (var day = 2; day <= 31; day++)
        {
            Time.Advance(TimeSpan.FromDays(1));
            await ReadAsync(2 * day);
        }

        // 01:55 on 1 January, not reset yet: December's last day. Then the reset, and no read on the 2nd.
        Time.Advance(TimeSpan.FromHours(17));
        await ReadAsync(65);
        Time.Advance(TimeSpan.FromHours(7));
        await ReadAsync(1);
        Time.Advance(TimeSpan.FromDays(2));
        await ReadAsync(6);

        var days = await DaysAsync();
        Assert.DoesNotContain(days, d => d.Key.Month == 11);
        Assert.Equal(Enumerable.Range(1, 31).Select(d => new DateOnly(2014, 12, d)), days.Keys.Where(d => d.Month == 12));
        Assert.All(days.Where(d => d.Key.Month == 12 && d.Key.Day is > 1 and < 31), d => Assert.Equal(2, d.Value));
        Assert.Equal((2d, 5d), (days[new DateOnly(2014, 12, 1)], days[new DateOnly(2014, 12, 31)]));
        Assert.Equal(await IssuesAsync(2014, 12), days.Where(d => d.Key.Month == 12).Sum(d => d.Value));
        Assert.Equal(65, await IssuesAsync(2014, 12));
        // The 2nd of January had no read: the 3rd's would hold two days' issues, so January has no more days.
        Assert.Equal([new DateOnly(2015, 1, 1)], days.Keys.Where(d => d.Year == 2015));
        Assert.Equal(6, await IssuesAsync(2015, 1));
    }

    [Fact]
    public async Task A_month_so_far_below_its_earlier_days_stores_no_day_and_says_so()
    {
        _channel = await PointAsync(Paper, "/paper.json", Undated);
        Time.Advance(TimeSpan.FromHours(9));
        await ReadAsync(5);
        Time.Advance(TimeSpan.FromDays(1));
        Server.Serve("/paper.json", """{"data": {"issues_this_month": 3, "subscribers": 19000}}""", "application/json");

        var run = await RunAsync(CollectionJobDefinitions.Counters);

        // The source corrected 5 down to 3: the month is 3, and 2 December has no day that would make the days disagree.
        Assert.Equal(3, await IssuesAsync(2014, 12));
        Assert.Equal(new Dictionary<DateOnly, double> { [new DateOnly(2014, 12, 1)] = 5 }, await DaysAsync());
        Assert.Contains("本月至今 3，少于本月此前各日之和 5", (await SourceResultAsync(run, _channel)).Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_that_gives_its_date_puts_each_figure_in_the_month_it_names()
    {
        _channel = await PointAsync(Paper, "/paper.json", Dated);
        await ReadAsync(129, date: "2014-11-30");
        // Read after midnight, still dated the 30th: November's final figure.
        NextHour();
        await ReadAsync(130, date: "2014-11-30");
        Time.Advance(TimeSpan.FromHours(7));
        await ReadAsync(1, date: "2014-12-01");

        Assert.Equal((130d, 1d), (await IssuesAsync(2014, 11), await IssuesAsync(2014, 12)));
    }
}
