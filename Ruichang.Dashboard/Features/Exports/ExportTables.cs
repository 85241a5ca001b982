using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Commentators;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Features.Localization;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Rankings;

namespace Ruichang.Dashboard.Features.Exports;

/// <summary>
/// The tables the app exports, each from the code its page reads: a ranking (<see cref="RankingQueries"/>, as
/// <c>/rankings</c> and <c>GET /api/v1/rankings</c>), the audit trail (<see cref="AuditTrail"/>, as
/// <c>/entry/history</c>) and a month's stored figures in the importer's long form (<see cref="FigureImport"/>).
/// </summary>
public sealed class ExportTables(
    IDbContextFactory<DashboardDbContext> factory, RankingQueries rankings, AuditTrail trail, CommentatorMonths commentators, CountyClock clock,
    IOptionsMonitor<DepartmentOptions> department)
{
    public static readonly string[] RankingColumns = ["排名", "县（市、区）", "区县代码", "数值", "上期排名", "名次变化", "与上一名差距", "备注"];
    public static readonly string[] CommentatorColumns = ["姓名", "编号", "单位", "推荐", "任务数", "平台数", "转发", "评论"];

    /// <summary><see cref="CommentatorColumns"/> as the page shows them in English (exports stay in Chinese).</summary>
    public static readonly string[] CommentatorColumnsEn = ["Name", "Number", "Organisation", "Recommended", "Tasks", "Platforms", "Reposts", "Replies"];

    public static readonly string[] HistoryColumns = ["时间", "操作人", "操作", "区县", "指标", "渠道", "期间", "原值", "新值", "来源", "原因"];

    /// <summary>The long form's columns, in the order <see cref="FigureImport"/> reads them (the names checked against the codes).</summary>
    public static readonly string[] FigureColumns = [.. FigureImport.Header, "区县名称", "指标名称", "渠道"];

    private string Source => $"数据来源：{department.CurrentValue.Name}";

    /// <summary>
    /// The counties ranked on <paramref name="metric"/> over <paramref name="period"/>: ranked first, then those without a
    /// figure, unranked, as the page lists them; the period, unit and source above the table.
    /// </summary>
    public async Task<ExportTable> RankingAsync(MetricDefinition metric, RankingPeriod period, FigureView view, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return RankingTable(await rankings.GetAsync(metric, period, view, ct));
    }

    /// <summary>A ranking already read (see <see cref="RankingAsync"/>) as its table.</summary>
    public ExportTable RankingTable(Ranking ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var (metric, period) = (ranking.Metric, ranking.Period);
        var soFar = ranking.IsSoFar ? $"（至今，截至{ranking.AsOf.Month}月{ranking.AsOf.Day}日）" : "";
        var rows = ranking.Rows.Select(r => new object?[]
        {
            r.Place.Rank, r.County.Name, r.County.Code, r.Place.Value, r.Place.PreviousRank, r.Place.RankChange, r.Place.GapToAbove,
            r.Place.Rank is null ? "本期无数据，未参与排名" : null,
        }).ToList();
        return new ExportTable(
            new ExportFileName($"排名-{metric.Name}-{period.Label}", $"ranking-{Ascii(metric.Key)}-{period}"),
            [$"九江各县（市、区）{metric.Name}排名", $"期间：{period.Label}{soFar}　单位：{metric.Unit}", Source],
            RankingColumns,
            rows);
    }

    /// <summary>Every change that matches <paramref name="filter"/>, newest first, worded as <c>/entry/history</c> words it; read while written.</summary>
    public ExportTable History(AuditFilter filter, string filterText)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var month = filter.Month is { } m ? Ui.Month(m.Start) : "全部";
        var rows = trail.ReadAll(filter).Select(row => new object?[]
        {
            clock.LocalTime(row.AtUtc), row.UserName, AuditText.Action(row), row.County, row.Metric, row.Channel, AuditText.Period(row),
            NumberOrText(row.OldValue), NumberOrText(row.NewValue), AuditText.Source(row.Source), row.Reason,
        });
        return new ExportTable(
            new ExportFileName($"修改记录-{month}", $"history-{filter.Month?.ToString() ?? "all"}"),
            ["数据修改记录", $"筛选：{filterText}　导出时间：{clock.Now:yyyy-MM-dd HH:mm}", Source],
            HistoryColumns,
            rows);
    }

    /// <summary>
    /// The figures stored for <paramref name="month"/> (month figures, the county's own and its channels'), one a row in
    /// exactly the form the importer reads, with nothing above the header: imported again, the file changes nothing.
    /// A channel is named when its name says which channel it is to the importer, else given by its number.
    /// </summary>
    public async Task<ExportTable> FiguresAsync(Period month, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channels = await db.Channels.AsNoTracking().Select(c => new { c.Id, c.CountyId, c.Name }).ToListAsync(ct);
        var figures = await db.Observations.AsNoTracking()
            .Where(o => o.Granularity == PeriodGranularity.Month && o.PeriodStart == month.Start)
            .Select(o => new
            {
                o.CountyId, CountyCode = o.County!.Code, CountyName = o.County.Name, CountyOrder = o.County.DisplayOrder,
                MetricKey = o.Metric!.Key, MetricName = o.Metric.Name, MetricOrder = o.Metric.DisplayOrder, o.ChannelId, o.Value,
            })
            .ToListAsync(ct);

        // The importer takes a channel's name or its number within the county; a name that another channel of the
        // county also answers to (by name or number) would be refused as ambiguous.
        string? ChannelText(int countyId, int? channelId)
        {
            if (channelId is not { } id)
            {
                return null;
            }

            var name = channels.Single(c => c.Id == id).Name;
            var answering = channels.Count(c => c.CountyId == countyId && (c.Name == name || c.Id.ToString(CultureInfo.InvariantCulture) == name));
            return answering == 1 && name.Trim() == name && name.Length > 0 ? name : id.ToString(CultureInfo.InvariantCulture);
        }

        var rows = figures
            .OrderBy(f => f.CountyOrder).ThenBy(f => f.MetricOrder).ThenBy(f => f.ChannelId ?? 0)
            .Select(f => new object?[] { month.ToString(), f.CountyCode, f.MetricKey, f.Value, f.CountyName, f.MetricName, ChannelText(f.CountyId, f.ChannelId) })
            .ToList();
        return new ExportTable(new ExportFileName($"数据-{Ui.Month(month.Start)}", $"figures-{month}"), [], FigureColumns, rows);
    }

    /// <summary>The home county's commentators in <paramref name="month"/>, as <c>/commentators</c> lists them, with the month's totals above.</summary>
    public async Task<ExportTable> CommentatorsAsync(Period month, CancellationToken ct)
    {
        var table = await commentators.GetAsync(month, ct);
        var label = Ui.Month(month.Start);
        var rows = table.Rows.Select(r => new object?[] { r.Name, r.Number, r.Unit, r.IsRecommended ? "是" : null, r.Tasks, r.Platforms, r.Reposts, r.Replies }).ToList();
        return new ExportTable(
            new ExportFileName($"网评员-{label}", $"commentators-{month}"),
            [$"{table.Home.Name}网络评论员月度工作情况", $"期间：{label}　合计：转发 {table.Reposts}，评论 {table.Replies}", Source],
            CommentatorColumns,
            rows);
    }

    // An audit value is stored as text; a figure's is a number and is exported as one.
    private static object? NumberOrText(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : value;

    // Metric keys are ASCII by convention, but they are data: keep the fallback name ASCII whatever they hold.
    private static string Ascii(string text) => string.Concat(text.Select(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' ? c : '_'));
}
