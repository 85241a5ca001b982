using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary>The monthly figures grid's load and save on a real SQLite database, on 15 October 2014 in Ruichang.</summary>
public sealed class MonthlyFiguresTests : IAsyncLifetime, IDisposable
{
    private static readonly Period September = Period.Month(2014, 9);
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 10, 15, 2, 0, 0, TimeSpan.Zero));
    private readonly ChangeNotifier _notifier = new(NullLogger<ChangeNotifier>.Instance);
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddRolePolicies().AddSingleton<AccountAccess>().BuildServiceProvider();
    private Dictionary<string, County> _counties = [];
    private Dictionary<string, MetricDefinition> _metrics = [];
    private List<Channel> _homeWeibo = [];

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        _counties = await db.Counties.ToDictionaryAsync(c => c.Code);
        _metrics = await db.Metrics.ToDictionaryAsync(m => m.Key);
        _homeWeibo = await db.Channels.Where(c => c.Kind == ChannelKinds.Weibo && c.County!.IsHome).OrderBy(c => c.Id).ToListAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }

    private int Home => _counties["360481"].Id;

    private int Wuning => _counties["360423"].Id;

    private int Posts => _metrics[MetricKeys.WeiboPosts].Id;

    private MonthlyFigures Figures
    {
        get
        {
            var clock = new CountyClock(_time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
            var access = _services.GetRequiredService<AccountAccess>();
            return new(
                _database.Factory, new ObservationQueries(_database.Factory),
                new EnteredFigures(_database.Factory, new ObservationWriter(_time), _notifier, access, clock),
                access, clock, new FixedOptions<EntryOptions>(new EntryOptions()));
        }
    }

    private static readonly ClaimsPrincipal Zhang = SignedInUser.Principal("zhang", Roles.Staff);

    private async Task CollectAsync(params ObservationWrite[] writes)
    {
        await using var db = _database.CreateContext();
        await new ObservationWriter(_time).UpsertAsync(db, writes, new WriteProvenance(ObservationSource.Collector, "weibo"), CancellationToken.None);
    }

    private async Task<List<(int CountyId, double Value, ObservationSource Source)>> CountyLevelAsync(int metricId)
    {
        await using var db = _database.CreateContext();
        return (await db.Observations.Where(o => o.MetricId == metricId && o.ChannelId == null).ToListAsync())
            .Select(o => (o.CountyId, o.Value, o.Source)).OrderBy(o => o.CountyId).ToList();
    }

    [Fact]
    public async Task The_grid_shows_the_entered_figure_beside_the_collected_one_it_overrides_and_last_months_figure()
    {
        await CollectAsync(
            new(Posts, Home, _homeWeibo[0].Id, September, 100), new(Posts, Home, _homeWeibo[1].Id, September, 40),
            new(Posts, Home, _homeWeibo[0].Id, Period.Month(2014, 8), 90));
        Assert.True((await Figures.SaveAsync(Zhang, September, [new CellEdit(Home, Posts, "150", null)], confirmed: true, CancellationToken.None)).Saved);

        var sheet = await Figures.LoadAsync(September, CancellationToken.None);

        var cell = sheet.Cell(Home, Posts);
        Assert.Equal((150.0, 140.0, 90.0, ObservationSource.Manual, "zhang"), (cell.Entered, cell.Collected, cell.LastMonth, cell.Source, cell.RecordedBy));
        Assert.Equal(13, sheet.Counties.Count);
        Assert.Equal(_metrics.Count, sheet.Metrics.Count);
        Assert.Null(sheet.MonthError);
        Assert.Equal(EntryCell.Empty, sheet.Cell(Wuning, Posts));
        Assert.Equal(
            [(_homeWeibo[0].Id, 100.0), (_homeWeibo[1].Id, 40.0)],
            sheet.HomeChannels.Select(c => (c.ChannelId, c.Figures[Posts])));
    }

    [Fact]
    public async Task A_save_writes_every_cell_in_one_go_and_clearing_a_cell_returns_the_county_to_its_collected_figure()
    {
        await CollectAsync(new ObservationWrite(Posts, Home, _homeWeibo[0].Id, September, 100));
        using var notices = new NoticeLog(_notifier);
        var first = await Figures.SaveAsync(Zhang, September, [new(Home, Posts, "120", null), new(Wuning, Posts, "1,500", null)], confirmed: false, CancellationToken.None);
        Assert.Equal(new UpsertResult(2, 0, 0), first.Written);
        var version = (await Figures.LoadAsync(September, CancellationToken.None)).Cell(Home, Posts).Version;

        var cleared = await Figures.SaveAsync(Zhang, September, [new(Home, Posts, "", version)], confirmed: false, CancellationToken.None);

        Assert.Equal(new UpsertResult(0, 0, 0, 1), cleared.Written);
        Assert.Equal([(Wuning, 1500.0, ObservationSource.Manual)], await CountyLevelAsync(Posts));
        var cell = (await Figures.LoadAsync(September, CancellationToken.None)).Cell(Home, Posts);
        Assert.Equal((null, 100.0), (cell.Entered, cell.Collected));
        // Published without waiting for subscribers: they arrive a moment later.
        var published = await Eventually.ReturnsAsync(() => Task.FromResult(notices.Snapshot()), n => n.Count == 2);
        Assert.Contains(published, n => n.CountyIds.SetEquals([Home, Wuning]) && n.MetricKeys.Contains(MetricKeys.WeiboPosts));
    }

    [Fact]
    public async Task One_bad_cell_refuses_the_whole_save_and_says_which_cell_and_why()
    {
        var result = await Figures.SaveAsync(Zhang, September, [new(Home, Posts, "120", null), new(Wuning, Posts, "12.5", null), new(Wuning, _metrics[MetricKeys.WeiboFollowers].Id, "-3", null)], confirmed: true, CancellationToken.None);

        Assert.False(result.Saved);
        Assert.Equal(
            [(Wuning, Posts, "应为整数（单位：条）。"), (Wuning, _metrics[MetricKeys.WeiboFollowers].Id, "不能为负数。")],
            result.Errors.Select(e => (e.CountyId, e.MetricId, e.Message)));
        Assert.Empty(await CountyLevelAsync(Posts));
    }

    [Fact]
    public async Task A_jump_against_last_month_is_saved_only_once_confirmed()
    {
        await CollectAsync(new ObservationWrite(Posts, Home, _homeWeibo[0].Id, Period.Month(2014, 8), 100));
        var edits = new[] { new CellEdit(Home, Posts, "300", null) };

        var asked = await Figures.SaveAsync(Zhang, September, edits, confirmed: false, CancellationToken.None);
        Assert.False(asked.Saved);
        Assert.Contains("增加了 200%", Assert.Single(asked.Warnings).Message, StringComparison.Ordinal);
        Assert.Empty(await CountyLevelAsync(Posts));

        Assert.True((await Figures.SaveAsync(Zhang, September, edits, confirmed: true, CancellationToken.None)).Saved);
        Assert.Equal([(Home, 300.0, ObservationSource.Manual)], await CountyLevelAsync(Posts));
        await using var db = _database.CreateContext();
        Assert.Equal("已确认：比上月（100）增加了 200%。", (await db.AuditEntries.SingleAsync(a => a.UserName == "zhang")).Reason);
    }

    [Fact]
    public async Task The_second_of_two_people_editing_the_same_month_is_refused_with_the_others_change_and_nothing_is_lost()
    {
        var li = SignedInUser.Principal("li", Roles.Staff);
        Assert.True((await Figures.SaveAsync(li, September, [new(Home, Posts, "100", null)], confirmed: true, CancellationToken.None)).Saved);
        var seenByBoth = (await Figures.LoadAsync(September, CancellationToken.None)).Cell(Home, Posts).Version;
        Assert.True((await Figures.SaveAsync(li, September, [new(Home, Posts, "110", seenByBoth)], confirmed: true, CancellationToken.None)).Saved);

        var second = await Figures.SaveAsync(Zhang, September, [new(Home, Posts, "120", seenByBoth), new(Wuning, Posts, "70", null)], confirmed: true, CancellationToken.None);

        Assert.False(second.Saved);
        var conflict = Assert.Single(second.Conflicts);
        Assert.Equal((Home, 110.0, "li"), (conflict.CountyId, conflict.Value, conflict.RecordedBy));
        Assert.Equal([(Home, 110.0, ObservationSource.Manual)], await CountyLevelAsync(Posts));
    }

    [Fact]
    public async Task Two_saves_of_the_same_figure_at_the_same_moment_on_SQLite_keep_one_and_refuse_the_other_with_it()
    {
        var li = SignedInUser.Principal("li", Roles.Staff);
        Assert.True((await Figures.SaveAsync(li, September, [new(Home, Posts, "100", null)], confirmed: true, CancellationToken.None)).Saved);
        for (var round = 0; round < 5; round++)
        {
            var seen = (await Figures.LoadAsync(September, CancellationToken.None)).Cell(Home, Posts).Version;
            var (liValue, zhangValue) = (101 + (2 * round), 102 + (2 * round));

            // Two circuits, two services, one database file: the saves really overlap.
            var saves = await Task.WhenAll(
                Task.Run(() => Figures.SaveAsync(li, September, [new(Home, Posts, $"{liValue}", seen)], confirmed: true, CancellationToken.None)),
                Task.Run(() => Figures.SaveAsync(Zhang, September, [new(Home, Posts, $"{zhangValue}", seen)], confirmed: true, CancellationToken.None)));

            var saved = Assert.Single(saves, s => s.Saved);
            var refused = Assert.Single(saves, s => !s.Saved);
            var kept = saved == saves[0] ? liValue : zhangValue;
            Assert.Equal(kept, Assert.Single(refused.Conflicts).Value);
            Assert.Equal([(Home, (double)kept, ObservationSource.Manual)], await CountyLevelAsync(Posts));
        }
    }

    [Fact]
    public async Task A_leader_cannot_save_and_no_one_can_enter_a_month_that_has_not_begun()
    {
        var leader = await Figures.SaveAsync(SignedInUser.Principal("wang", Roles.Leader), September, [new(Home, Posts, "1", null)], confirmed: true, CancellationToken.None);
        var november = await Figures.SaveAsync(Zhang, Period.Month(2014, 11), [new(Home, Posts, "1", null)], confirmed: true, CancellationToken.None);

        Assert.Equal("没有权限：只有填报人员和管理员可以保存数据。", leader.Message);
        Assert.Equal("2014年11月还没有到，不能填报。", november.Message);
        Assert.Equal("2014年11月还没有到，不能填报。", (await Figures.LoadAsync(Period.Month(2014, 11), CancellationToken.None)).MonthError);
        Assert.Empty(await CountyLevelAsync(Posts));
    }

    [Fact]
    public async Task An_approved_county_month_is_locked_for_staff_but_not_for_an_admin()
    {
        await using (var db = _database.CreateContext())
        {
            db.Submissions.Add(new Submission { CountyId = Home, Month = September.Start, Status = SubmissionStatus.Approved });
            await db.SaveChangesAsync();
        }

        var staff = await Figures.SaveAsync(Zhang, September, [new(Home, Posts, "1", null), new(Wuning, Posts, "2", null)], confirmed: true, CancellationToken.None);
        Assert.False(staff.Saved);
        Assert.Contains("瑞昌市 2014年9月", staff.Message, StringComparison.Ordinal);
        Assert.Empty(await CountyLevelAsync(Posts));

        Assert.True((await Figures.SaveAsync(SignedInUser.Principal("admin", Roles.Admin), September, [new(Home, Posts, "1", null)], confirmed: true, CancellationToken.None)).Saved);
        Assert.Equal(SubmissionStatus.Approved, (await Figures.LoadAsync(September, CancellationToken.None)).Status(Home));
    }

    private sealed class NoticeLog : IDisposable
    {
        private readonly IDisposable _subscription;

        public NoticeLog(ChangeNotifier notifier) => _subscription = notifier.Subscribe(n =>
        {
            lock (Notices)
            {
                Notices.Add(n);
            }

            return Task.CompletedTask;
        });

        private List<ChangeNotice> Notices { get; } = [];

        public List<ChangeNotice> Snapshot()
        {
            lock (Notices)
            {
                return [.. Notices];
            }
        }

        public void Dispose() => _subscription.Dispose();
    }
}
