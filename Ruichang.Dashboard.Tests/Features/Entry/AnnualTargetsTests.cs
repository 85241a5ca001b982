using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary>The annual targets, service and page, on a real SQLite database on 15 October 2014.</summary>
public sealed class AnnualTargetsTests : BunitTestBase
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 10, 15, 2, 0, 0, TimeSpan.Zero));
    private readonly SignedInUser _user = new();
    private Dictionary<string, int> _counties = [];
    private Dictionary<string, MetricDefinition> _metrics = [];

    public AnnualTargetsTests()
    {
        Services.AddEntryPages(_database, _time, _user);
        _user.Set("zhang", Roles.Staff);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    private int Home => _counties["360481"];

    private int Placements => _metrics[MetricKeys.ArticlePlacements].Id;

    private AnnualTargets Targets => Services.GetRequiredService<AnnualTargets>();

    private async Task SeedAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        _counties = await db.Counties.ToDictionaryAsync(c => c.Code, c => c.Id);
        _metrics = await db.Metrics.ToDictionaryAsync(m => m.Key);
        await new ObservationWriter(_time).UpsertAsync(
            db,
            [new(Placements, Home, null, Period.Month(2013, 5), 800), new(Placements, Home, null, Period.Month(2013, 11), 1000), new(Placements, Home, null, Period.Month(2014, 3), 900)],
            new WriteProvenance(ObservationSource.Manual, "test"),
            CancellationToken.None);
    }

    private async Task<List<AuditEntry>> TargetAuditAsync()
    {
        await using var db = _database.CreateContext();
        return await db.AuditEntries.Where(a => a.EntityType == AuditEntities.Target).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task A_target_is_set_changed_and_removed_each_with_its_audit_entry_and_the_rankings_pace_against_it()
    {
        await SeedAsync();
        var staff = SignedInUser.Principal("zhang", Roles.Staff);

        Assert.True((await Targets.SaveAsync(staff, 2014, [new CellEdit(Home, Placements, "2,000", null)], CancellationToken.None)).Saved);
        var pacing = await new RankingQueries(_database.Factory, new ObservationQueries(_database.Factory), Services.GetRequiredService<CountyClock>())
            .GetHomePacingAsync(_metrics[MetricKeys.ArticlePlacements], FigureView.All, CancellationToken.None);
        Assert.Equal(2000, pacing!.Target);

        var version = (await Targets.LoadAsync(2014, CancellationToken.None)).Cell(Home, Placements).Version;
        Assert.True((await Targets.SaveAsync(staff, 2014, [new CellEdit(Home, Placements, "2500", version)], CancellationToken.None)).Saved);
        version = (await Targets.LoadAsync(2014, CancellationToken.None)).Cell(Home, Placements).Version;
        Assert.True((await Targets.SaveAsync(staff, 2014, [new CellEdit(Home, Placements, "", version)], CancellationToken.None)).Saved);

        Assert.Equal(
            [(AuditActions.Insert, (string?)null, (string?)"2000"), (AuditActions.Update, "2000", "2500"), (AuditActions.Delete, "2500", null)],
            (await TargetAuditAsync()).Select(a => (a.Action, a.OldValue, a.NewValue)));
        Assert.Equal(TargetCell.Empty with { LastYear = 1800 }, (await Targets.LoadAsync(2014, CancellationToken.None)).Cell(Home, Placements));
    }

    [Fact]
    public async Task A_target_over_the_years_limit_a_stale_one_and_a_leaders_are_refused_with_nothing_written()
    {
        await SeedAsync();
        var staff = SignedInUser.Principal("zhang", Roles.Staff);
        Assert.True((await Targets.SaveAsync(staff, 2014, [new CellEdit(Home, Placements, "2000", null)], CancellationToken.None)).Saved);

        var tooBig = await Targets.SaveAsync(staff, 2014, [new CellEdit(_counties["360423"], Placements, "120000001", null)], CancellationToken.None);
        var stale = await Targets.SaveAsync(SignedInUser.Principal("li", Roles.Staff), 2014, [new CellEdit(Home, Placements, "3000", null)], CancellationToken.None);
        var leader = await Targets.SaveAsync(SignedInUser.Principal("wang", Roles.Leader), 2014, [new CellEdit(Home, Placements, "1", null)], CancellationToken.None);
        var farAhead = await Targets.SaveAsync(staff, 2016, [new CellEdit(Home, Placements, "1", null)], CancellationToken.None);

        Assert.Contains("超过上限 120,000,000", Assert.Single(tooBig.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(2000, Assert.Single(stale.Conflicts).Value);
        Assert.Equal("没有权限：只有填报人员和管理员可以设定目标。", leader.Message);
        Assert.Equal("只能设定 2000 年到 2015 年的目标。", farAhead.Message);
        Assert.Single(await TargetAuditAsync());
    }

    [Fact]
    public async Task The_page_shows_last_years_figure_as_a_placeholder_and_saves_a_typed_target()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/entry/targets?year=2014");
        var page = Render<TargetsPage>();
        page.WaitForAssertion(() => Assert.Equal(13, page.FindAll("tbody tr").Count));
        var cell = page.Find("tr[data-county='360481'] input[aria-label='瑞昌市 稿件刊发']");
        Assert.Equal("1800", cell.GetAttribute("placeholder"));

        cell.Change("2400");
        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已保存：新增 1 个", page.Find("[data-testid=targets-message]").TextContent, StringComparison.Ordinal));
        await using var db = _database.CreateContext();
        Assert.Equal(2400, (await db.Targets.SingleAsync()).Value);
    }
}
