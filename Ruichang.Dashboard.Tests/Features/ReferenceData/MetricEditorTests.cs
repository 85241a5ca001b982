using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Features.ReferenceData;
using Ruichang.Dashboard.Tests.Features.Entry;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.ReferenceData;

/// <summary>Editing the metrics on a real migrated database, and what a new name changes for an import.</summary>
public sealed class MetricEditorTests : IAsyncLifetime, IDisposable
{
    private const string Actor = "user:admin";
    private static readonly ClaimsPrincipal Staff = SignedInUser.Principal("zhang", Roles.Staff);

    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 10, 15, 2, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => await _database.MigrateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database.Dispose();

    private readonly ChangeNotifier _notifier = new(NullLogger<ChangeNotifier>.Instance);

    private MetricEditor Editor => new(_database.Factory, _notifier, _time);

    private async Task<MetricEdit> SeenAsync(string key) => (await Editor.ListAsync(CancellationToken.None)).Single(m => m.Key == key);

    private async Task<(MetricDefinition Metric, List<AuditEntry> Audit)> StoredAsync(string key)
    {
        await using var db = _database.CreateContext();
        var metric = await db.Metrics.AsNoTracking().SingleAsync(m => m.Key == key);
        return (metric, await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == AuditEntities.Metric).OrderBy(a => a.Id).ToListAsync());
    }

    [Fact]
    public async Task The_list_has_every_metric_of_the_design_in_display_order()
    {
        var metrics = await Editor.ListAsync(CancellationToken.None);

        Assert.Equal(MetricKeys.All, metrics.Select(m => m.Key));
        Assert.Equal((MetricKind.Gauge, "人"), metrics.Single(m => m.Key == MetricKeys.WeiboFollowers) is var f ? (f.Kind, f.Unit) : default);
    }

    [Fact]
    public async Task A_renamed_metric_keeps_the_change_in_the_audit_trail_and_heads_the_imports_wide_sheet_by_its_new_name()
    {
        var seen = await SeenAsync(MetricKeys.OpinionBulletins);
        var heard = new TaskCompletionSource<ChangeNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _notifier.Subscribe(notice => Task.FromResult(heard.TrySetResult(notice)));

        var result = await Editor.UpdateAsync(seen, seen with { Name = " 舆情信息报送 ", Unit = "条" }, Actor, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.SelectMany(e => e.Value)));
        var (metric, audit) = await StoredAsync(MetricKeys.OpinionBulletins);
        Assert.Equal(("舆情信息报送", "条"), (metric.Name, metric.Unit));
        Assert.Equal(
            [("opinion_bulletins:name", "舆情信息", "舆情信息报送"), ("opinion_bulletins:unit", "期", "条")],
            audit.Select(a => (a.EntityKey, a.OldValue, a.NewValue)));
        Assert.All(audit, a => Assert.Equal((Actor, metric.Id), (a.UserName, a.MetricId)));

        // Open dashboards read the metric's figures of every county again, under its new name.
        var notice = await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([MetricKeys.OpinionBulletins], notice.MetricKeys);
        Assert.Equal(13, notice.CountyIds.Count);

        var import = EntryTestServices.CreateImport(_database, _time, new EntryOptions());
        var imported = await import.ImportAsync(Staff, "wide.csv", Encoding.UTF8.GetBytes("月份,区县代码,舆情信息报送\r\n2014-09,360481,12\r\n"), CancellationToken.None);
        Assert.Equal(new UpsertResult(1, 0, 0), imported.Written);
        var old = await import.ImportAsync(Staff, "wide.csv", Encoding.UTF8.GetBytes("月份,区县代码,journalist_visits,舆情信息\r\n2014-09,360481,2,12\r\n"), CancellationToken.None);
        Assert.Equal((1, "舆情信息"), Assert.Single(old.Errors) is var e ? (e.Row, e.Column) : default);
    }

    public static TheoryData<string, string, string, int, string, string> Refused => new()
    {
        { "", "Opinion bulletins", "期", 17, "name", "请填写指标名称。" },
        { "舆情专报", "Opinion bulletins", "期", 17, "name", "指标名称「舆情专报」已是舆情专报的指标名称。" },
        { "舆情信息", "opinion special reports", "期", 17, "nameEn", "英文名称「opinion special reports」已是舆情专报的英文名称。" },
        { "舆情信息", "Opinion bulletins", "", 17, "unit", "请填写单位。" },
        { "舆情信息", "Opinion bulletins", new string('期', 21), 17, "unit", "单位最多 20 个字（现在 21 个）。" },
        { "舆情信息", "Opinion bulletins", "期", 1000, "displayOrder", "显示顺序应为 1 到 999 之间的整数。" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_wrong_field_is_refused_with_its_message_and_nothing_is_written(string name, string nameEn, string unit, int order, string field, string message)
    {
        var seen = await SeenAsync(MetricKeys.OpinionBulletins);

        var result = await Editor.UpdateAsync(seen, seen with { Name = name, NameEn = nameEn, Unit = unit, DisplayOrder = order }, Actor, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(message, Assert.Contains(field, result.Errors));
        var (metric, audit) = await StoredAsync(MetricKeys.OpinionBulletins);
        Assert.Equal(MetricEdit.Of(metric), seen);
        Assert.Empty(audit);
        Assert.Equal(0, _notifier.Published);
    }

    [Fact]
    public async Task An_edit_of_a_metric_changed_since_it_was_opened_is_refused_whole()
    {
        var seen = await SeenAsync(MetricKeys.JournalistVisits);
        Assert.True((await Editor.UpdateAsync(seen, seen with { Unit = "批" }, "user:other", CancellationToken.None)).Succeeded);

        var late = await Editor.UpdateAsync(seen, seen with { Name = "记者接待" }, Actor, CancellationToken.None);

        Assert.False(late.Succeeded);
        Assert.Contains("指标「接待记者」在你打开本页后已被他人修改，本次未保存。", Assert.Single(late.Errors["metric"]), StringComparison.Ordinal);
        Assert.Equal(("接待记者", "批"), (await StoredAsync(MetricKeys.JournalistVisits)).Metric is var m ? (m.Name, m.Unit) : default);
    }
}
