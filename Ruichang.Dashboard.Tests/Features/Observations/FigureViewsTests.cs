using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Observations;

/// <summary>
/// <c>Figures:LeadersSeeApprovedOnly</c>: who sees which figures, and what the approved-or-collected view reads
/// from a real SQLite database that holds collected channel figures beside figures entered by hand.
/// </summary>
public sealed class FigureViewsTests : IDisposable
{
    private static readonly Period September = Period.Month(2014, 9);
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static FigureViews Views(bool approvedOnly) => new(new FixedOptions<FigureOptions>(new FigureOptions { LeadersSeeApprovedOnly = approvedOnly }));

    [Theory]
    [InlineData(Roles.Leader, true, FigureView.ApprovedOrCollected)]
    [InlineData(Roles.Staff, true, FigureView.All)]
    [InlineData(Roles.Admin, true, FigureView.All)]
    [InlineData(Roles.Leader, false, FigureView.All)]
    public void Only_those_who_cannot_enter_figures_are_kept_to_approved_ones_and_only_with_the_setting_on(string role, bool approvedOnly, FigureView expected)
    {
        Assert.Equal(expected, Views(approvedOnly).For(SignedInUser.Principal("someone", role)));
    }

    [Fact]
    public void The_big_screen_follows_the_setting_whoever_opened_it()
    {
        Assert.Equal(FigureView.ApprovedOrCollected, Views(true).ForLeaders);
        Assert.Equal(FigureView.All, Views(false).ForLeaders);
    }

    /// <summary>September's posts: two accounts collected 40 and 2; staff entered 100 for the county (the prefecture's notice).</summary>
    private async Task<(MetricDefinition Metric, int HomeId)> SeedEnteredBesideCollectedAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        var home = await db.Counties.SingleAsync(c => c.IsHome);
        var posts = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboPosts);
        var weibo = await db.Channels.Where(c => c.Kind == ChannelKinds.Weibo && c.CountyId == home.Id).OrderBy(c => c.Id).Select(c => c.Id).Take(2).ToListAsync();
        var writer = new ObservationWriter(TimeProvider.System);
        await writer.UpsertAsync(db, [new(posts.Id, home.Id, weibo[0], September, 40), new(posts.Id, home.Id, weibo[1], September, 2)],
            new WriteProvenance(ObservationSource.Collector, "weibo:test"), CancellationToken.None);
        await writer.UpsertAsync(db, [new(posts.Id, home.Id, null, September, 100)], new WriteProvenance(ObservationSource.Manual, "staff"), CancellationToken.None);
        return (posts, home.Id);
    }

    private async Task ApproveAsync(int countyId, Period month)
    {
        await using var db = _database.CreateContext();
        db.Submissions.Add(new Submission { CountyId = countyId, Month = month.Start, Status = SubmissionStatus.Approved, ApprovedBy = "admin", ApprovedAtUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task An_entered_figure_of_a_month_not_approved_gives_way_to_the_collected_channels_in_the_approved_view()
    {
        var (posts, homeId) = await SeedEnteredBesideCollectedAsync();
        var queries = new ObservationQueries(_database.Factory);

        var all = await queries.GetSeriesAsync(posts, homeId, September, September, null, FigureView.All, CancellationToken.None);
        var approved = await queries.GetSeriesAsync(posts, homeId, September, September, null, FigureView.ApprovedOrCollected, CancellationToken.None);
        var monthly = await queries.LoadMonthlyReadingsAsync([posts], September.Start, September.End, FigureView.ApprovedOrCollected, CancellationToken.None);

        Assert.Equal(100, Assert.Single(all).Value);
        Assert.Equal(42, Assert.Single(approved).Value);
        Assert.Equal(42, FigureRules.CountyFigure(posts.Kind, monthly[(homeId, posts.Id)], September, September));
    }

    [Fact]
    public async Task Once_its_month_is_approved_the_entered_figure_is_the_countys_figure_in_every_view()
    {
        var (posts, homeId) = await SeedEnteredBesideCollectedAsync();
        await ApproveAsync(homeId, September);
        var queries = new ObservationQueries(_database.Factory);

        var approved = await queries.GetSeriesAsync(posts, homeId, September, September, null, FigureView.ApprovedOrCollected, CancellationToken.None);
        var monthly = await queries.LoadMonthlyReadingsAsync([posts], September.Start, September.End, FigureView.ApprovedOrCollected, CancellationToken.None);
        var readings = await queries.LoadReadingsAsync([posts.Id], homeId, September.Start, September.End, FigureView.ApprovedOrCollected, CancellationToken.None);

        Assert.Equal(100, Assert.Single(approved).Value);
        Assert.Equal(100, FigureRules.CountyFigure(posts.Kind, monthly[(homeId, posts.Id)], September, September));
        Assert.Equal(100, FigureRules.CountyFigure(posts.Kind, readings[posts.Id], September, September));
    }

    [Fact]
    public async Task A_month_with_only_an_unapproved_entry_is_not_the_latest_month_in_the_approved_view()
    {
        var (posts, homeId) = await SeedEnteredBesideCollectedAsync();
        await using (var db = _database.CreateContext())
        {
            await new ObservationWriter(TimeProvider.System).UpsertAsync(db, [new(posts.Id, homeId, null, September.Next(), 7)],
                new WriteProvenance(ObservationSource.Import, "staff"), CancellationToken.None);
        }

        var queries = new ObservationQueries(_database.Factory);
        var notAfter = Period.Month(2014, 12);

        Assert.Equal(September.Next(), await queries.GetLatestMonthAsync([posts.Id], homeId, notAfter, FigureView.All, CancellationToken.None));
        Assert.Equal(September, await queries.GetLatestMonthAsync([posts.Id], homeId, notAfter, FigureView.ApprovedOrCollected, CancellationToken.None));
    }

    [Fact]
    public async Task A_day_entered_by_hand_among_collected_days_is_left_out_of_its_month_in_the_approved_view()
    {
        await _database.MigrateAsync();
        int homeId, channel;
        MetricDefinition posts;
        await using (var db = _database.CreateContext())
        {
            homeId = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            posts = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboPosts);
            channel = await db.Channels.Where(c => c.Kind == ChannelKinds.Weibo && c.CountyId == homeId).Select(c => c.Id).FirstAsync();
            var writer = new ObservationWriter(TimeProvider.System);
            await writer.UpsertAsync(db, Enumerable.Range(1, 3).Select(d => new ObservationWrite(posts.Id, homeId, channel, Period.Day(new DateOnly(2014, 9, d)), d)).ToList(),
                new WriteProvenance(ObservationSource.Collector, "weibo:test"), CancellationToken.None);
            await writer.UpsertAsync(db, [new(posts.Id, homeId, channel, Period.Day(new DateOnly(2014, 9, 4)), 10)],
                new WriteProvenance(ObservationSource.Manual, "staff"), CancellationToken.None);
        }

        var queries = new ObservationQueries(_database.Factory);
        var all = await queries.LoadMonthlyReadingsAsync([posts], September.Start, September.End, FigureView.All, CancellationToken.None);
        var approved = await queries.LoadMonthlyReadingsAsync([posts], September.Start, September.End, FigureView.ApprovedOrCollected, CancellationToken.None);
        var accounts = await queries.LoadChannelReadingsAsync([posts.Id], September.Start, September.End, FigureView.ApprovedOrCollected, CancellationToken.None);

        Assert.Equal(16, FigureRules.CountyFigure(posts.Kind, all[(homeId, posts.Id)], September, September));
        Assert.Equal(6, FigureRules.CountyFigure(posts.Kind, approved[(homeId, posts.Id)], September, September));
        Assert.Equal(6, FigureRules.CountyFigure(posts.Kind, accounts[(channel, posts.Id)], September, September));
    }
}
