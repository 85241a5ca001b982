using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary>The change history over a real SQLite database whose figures were written through ObservationWriter.</summary>
public sealed class HistoryPageTests : BunitTestBase
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 10, 15, 2, 0, 0, TimeSpan.Zero));
    private Dictionary<string, int> _counties = [];
    private Dictionary<string, int> _metrics = [];

    public HistoryPageTests()
    {
        Services.AddSingleton(_database.Factory);
        Services.AddSingleton(new CountyClock(_time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        Services.AddSingleton<AuditTrail>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    private async Task SeedAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        _counties = await db.Counties.ToDictionaryAsync(c => c.Code, c => c.Id);
        _metrics = await db.Metrics.ToDictionaryAsync(m => m.Key, m => m.Id);
        var writer = new ObservationWriter(_time);
        ObservationWrite Posts(string county, int month, double value) => new(_metrics[MetricKeys.WeiboPosts], _counties[county], null, Period.Month(2014, month), value);
        await writer.UpsertAsync(db, [Posts("360481", 9, 100), Posts("360423", 9, 70)], new WriteProvenance(ObservationSource.Manual, "zhang"), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        await writer.UpsertAsync(db, [Posts("360481", 9, 120), Posts("360481", 8, 90)], new WriteProvenance(ObservationSource.Import, "li"), CancellationToken.None);
    }

    private IRenderedComponent<HistoryPage> RenderAt(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/entry/history" + query);
        return Render<HistoryPage>();
    }

    [Fact]
    public async Task Lists_every_change_newest_first_with_who_what_and_old_and_new_value()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();

        var page = RenderAt("");

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=history-row]").Count));
        var newest = page.FindAll("[data-testid=history-row]")[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["2014-10-15 11:00", "li", "新增", "瑞昌市", "微博发布", "2014年8月", "— → 90", "导入", ""], newest);
        var changed = page.FindAll("[data-testid=history-row]")[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(("修改", "100 → 120"), (changed[2], changed[6]));
    }

    [Fact]
    public async Task Lists_the_figures_changes_only_not_sign_ins_or_county_settings()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();
        await using (var db = _database.CreateContext())
        {
            db.AuditEntries.Add(new AuditEntry { AtUtc = _time.GetUtcNow().UtcDateTime, UserName = "admin", Action = "sign-in", EntityType = AuditEntities.User, EntityKey = "admin" });
            db.AuditEntries.Add(new AuditEntry
            {
                AtUtc = _time.GetUtcNow().UtcDateTime, UserName = "user:admin", Action = AuditActions.Update, EntityType = AuditEntities.County,
                EntityKey = "360481:keywords", OldValue = "瑞昌", NewValue = "瑞昌,码头镇", CountyId = _counties["360481"],
            });
            await db.SaveChangesAsync();
        }

        var page = RenderAt("");

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=history-row]").Count));
        Assert.DoesNotContain("sign-in", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("码头镇", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_by_month_and_person_from_the_address_and_by_county()
    {
        using var culture = UiCulture.Use("zh-CN");
        await SeedAsync();

        var page = RenderAt("?month=2014-09&user=zhang");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=history-row]").Count));
        Assert.All(page.FindAll("[data-testid=history-row]"), r => Assert.Contains("zhang", r.TextContent, StringComparison.Ordinal));

        var trail = Services.GetRequiredService<AuditTrail>();
        var wuning = await trail.ReadAsync(new AuditFilter(CountyId: _counties["360423"]), null, CancellationToken.None);
        Assert.Equal([("70", "zhang")], wuning.Select(r => (r.NewValue, r.UserName)));
        Assert.Empty(await trail.ReadAsync(new AuditFilter(Period.Month(2014, 7)), null, CancellationToken.None));
        Assert.Single(await trail.ReadAsync(new AuditFilter(MetricId: _metrics[MetricKeys.WeiboPosts], UserName: "li", Month: Period.Month(2014, 8)), null, CancellationToken.None));
    }

    [Fact]
    public async Task The_export_buttons_download_every_change_the_filters_choose()
    {
        await SeedAsync();

        var page = RenderAt("?month=2014-09&user=zhang");

        page.WaitForAssertion(() => Assert.Equal(
            "/exports/history.xlsx?month=2014-09&user=zhang", page.Find("[data-testid=export-xlsx]").GetAttribute("href")));
        Assert.Equal("/exports/history.csv?month=2014-09&user=zhang", page.Find("[data-testid=export-csv]").GetAttribute("href"));
        Assert.True(page.Find("[data-testid=export-csv]").HasAttribute("download"));
    }
}
