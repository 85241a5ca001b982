using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.ReferenceData;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.ReferenceData;

/// <summary>Editing the counties on a real migrated database, and what a keyword changes in a real feed run.</summary>
public sealed class CountyEditorTests() : CollectorTest(Now)
{
    private const string Ruichang = "360481";
    private const string Wuning = "360423";
    private const string Actor = "user:admin";

    // 2014-10-08 10:00 in Ruichang.
    private static readonly DateTimeOffset Now = new(2014, 10, 8, 2, 0, 0, TimeSpan.Zero);

    private ChangeNotifier Notifier => Host.Services.GetRequiredService<ChangeNotifier>();

    private CountyEditor Editor => new(Host.Database.Factory, Notifier, Time);

    private async Task<CountyEdit> SeenAsync(string code) => (await Editor.ListAsync(CancellationToken.None)).Single(c => c.Code == code);

    private async Task<(County County, List<AuditEntry> Audit)> StoredAsync(string code)
    {
        await using var db = Host.Database.CreateContext();
        var county = await db.Counties.AsNoTracking().SingleAsync(c => c.Code == code);
        return (county, await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == AuditEntities.County).OrderBy(a => a.Id).ToListAsync());
    }

    [Fact]
    public async Task The_list_has_the_thirteen_counties_in_display_order_with_their_keywords()
    {
        var counties = await Editor.ListAsync(CancellationToken.None);

        Assert.Equal(13, counties.Count);
        Assert.Equal(counties.OrderBy(c => c.DisplayOrder).Select(c => c.Code), counties.Select(c => c.Code));
        Assert.True(Assert.Single(counties, c => c.IsHome).Code == Ruichang);
        Assert.Equal("庐山市,星子县", counties.Single(c => c.Code == "360483").Keywords);
    }

    [Fact]
    public async Task A_saved_edit_changes_the_county_and_keeps_each_changed_field_in_the_audit_trail()
    {
        var seen = await SeenAsync(Ruichang);
        var heard = new TaskCompletionSource<ChangeNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Notifier.Subscribe(notice => Task.FromResult(heard.TrySetResult(notice)));

        var result = await Editor.UpdateAsync(seen, seen with { Keywords = " 瑞昌，码头镇、赛湖农场,码头镇 ", DisplayOrder = 20 }, Actor, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.SelectMany(e => e.Value)));
        var (county, audit) = await StoredAsync(Ruichang);
        Assert.Equal("瑞昌,码头镇,赛湖农场", county.Keywords);
        Assert.Equal(20, county.DisplayOrder);
        Assert.Equal("瑞昌市", county.Name);
        Assert.Collection(
            audit,
            a => Assert.Equal(("360481:keywords", "瑞昌", "瑞昌,码头镇,赛湖农场"), (a.EntityKey, a.OldValue, a.NewValue)),
            a => Assert.Equal(("360481:displayOrder", "11", "20"), (a.EntityKey, a.OldValue, a.NewValue)));
        Assert.All(audit, a => Assert.Equal((Actor, AuditActions.Update, county.Id, Now.UtcDateTime), (a.UserName, a.Action, a.CountyId, a.AtUtc)));

        var change = Assert.Single(await Editor.RecentChangesAsync(1, CancellationToken.None));
        Assert.Equal(("瑞昌市", CountyEditor.Fields.DisplayOrder, "11", "20"), (change.Row, change.Field, change.OldValue, change.NewValue));

        // Open dashboards read every figure of the county again, under its new order.
        var notice = await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([county.Id], notice.CountyIds);
        Assert.Equal(MetricKeys.All.Order(StringComparer.Ordinal), notice.MetricKeys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Saving_what_is_there_changes_nothing_and_writes_no_audit_row()
    {
        var seen = await SeenAsync(Wuning);
        var published = Notifier.Published;

        var result = await Editor.UpdateAsync(seen, seen, Actor, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Empty((await StoredAsync(Wuning)).Audit);
        Assert.Equal(published, Notifier.Published);
    }

    public static TheoryData<string, string, string, int, string, string> Refused => new()
    {
        { "", "武宁", "武宁", 4, "name", "请填写区县名称。" },
        { new string('县', 51), "武宁", "武宁", 4, "name", "区县名称最多 50 个字（现在 51 个）。" },
        { "修水县", "武宁", "武宁", 4, "name", "区县名称「修水县」已是修水县的区县名称。" },
        { "武宁县", "修水", "武宁", 4, "shortName", "简称「修水」已是修水县的简称。" },
        { "武宁县", "武宁", "武宁,宁", 4, "keywords", "关键词「宁」太短：至少 2 个字，一个字会匹配到大量无关的稿件。" },
        { "武宁县", "武宁", "武宁,都昌县", 4, "keywords", "关键词「都昌县」已是都昌县的名称或关键词：提到它的稿件会同时计入两个区县。" },
        { "武宁县", "武宁", "武宁,瑞昌码头", 4, "keywords", "关键词「瑞昌码头」与瑞昌市的「瑞昌」重叠：提到它的稿件会同时计入两个区县。" },
        { "武宁县", "武宁", "武宁,庐山", 4, "keywords", "关键词「庐山」与庐山市的「庐山市」重叠：提到它的稿件会同时计入两个区县。" },
        { "武宁县", "武宁", "武宁," + new string('山', 21), 4, "keywords", "关键词「" + new string('山', 20) + "…」太长：最多 20 个字。" },
        { "武宁县", "武宁", string.Join(",", Enumerable.Range(0, 31).Select(i => $"武宁乡{i}")), 4, "keywords", "关键词最多 30 个（现在 31 个）。" },
        { "武宁县", "武宁", "武宁", 0, "displayOrder", "显示顺序应为 1 到 999 之间的整数。" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_wrong_field_is_refused_with_its_message_and_nothing_is_written(string name, string shortName, string keywords, int order, string field, string message)
    {
        var seen = await SeenAsync(Wuning);
        var published = Notifier.Published;

        var result = await Editor.UpdateAsync(seen, seen with { Name = name, ShortName = shortName, Keywords = keywords, DisplayOrder = order }, Actor, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(message, Assert.Contains(field, result.Errors));
        var (county, audit) = await StoredAsync(Wuning);
        Assert.Equal(("武宁县", "武宁", "武宁", 4), (county.Name, county.ShortName, county.Keywords, county.DisplayOrder));
        Assert.Empty(audit);
        Assert.Equal(published, Notifier.Published);
    }

    [Fact]
    public async Task An_edit_of_a_county_changed_since_it_was_opened_is_refused_whole()
    {
        var seen = await SeenAsync(Ruichang);
        Assert.True((await Editor.UpdateAsync(seen, seen with { Keywords = "瑞昌,码头镇" }, "user:other", CancellationToken.None)).Succeeded);

        var late = await Editor.UpdateAsync(seen, seen with { ShortName = "瑞昌市区" }, Actor, CancellationToken.None);

        Assert.False(late.Succeeded);
        Assert.Contains("瑞昌市在你打开本页后已被他人修改，本次未保存。", Assert.Single(late.Errors["county"]), StringComparison.Ordinal);
        var (county, audit) = await StoredAsync(Ruichang);
        Assert.Equal(("瑞昌", "瑞昌,码头镇"), (county.ShortName, county.Keywords));
        Assert.Equal("user:other", Assert.Single(audit).UserName);
    }

    [Fact]
    public async Task A_keyword_added_counts_the_stories_that_name_it_from_the_next_collection_run()
    {
        Server.Serve("/rss/jj.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>九江新闻网</title>
              <item><title>码头镇山药丰收</title><link>https://www.jjxw.cn/n/1.html</link><pubDate>Tue, 07 Oct 2014 08:00:00 +0800</pubDate></item>
            </channel></rss>
            """, "application/rss+xml; charset=utf-8");
        var channel = await AddChannelAsync(ChannelKinds.NewsFeed, "九江新闻网订阅", "/rss/jj.xml");

        await RunAsync(CollectionJobDefinitions.Articles);
        Assert.Null(await StoredAsync(MetricKeys.ArticlePlacements, 2014, 10, channel));

        var seen = await SeenAsync(Ruichang);
        Assert.True((await Editor.UpdateAsync(seen, seen with { Keywords = "瑞昌,码头镇" }, Actor, CancellationToken.None)).Succeeded);
        await RunAsync(CollectionJobDefinitions.Articles);

        Assert.Equal(1, await StoredAsync(MetricKeys.ArticlePlacements, 2014, 10, channel));
    }
}
