using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Features.Sources.Commentators;

/// <summary>
/// Reads a commentator platform's export of tasks (CSV as Chinese Excel saves it, JSON, or XLSX)
/// from the channel's URL: one row per commentator and task, with its date, reposts (转发) and
/// replies (跟帖). A typical export reads with options <c>{}</c>; otherwise
/// <c>{"format": "csv", "columns": {"name": "姓名", "id": "编号", "unit": "单位", "task": "任务", "date": "日期", "reposts": "转发数", "replies": "跟帖数"}}</c>
/// or <c>{"format": "json", "itemsPath": "$.data.tasks", "fields": {"name": "name", "date": "date"}}</c>.
/// A file is read whole or not at all: one bad row fails the read, naming its row and column.
/// </summary>
public sealed class CommentatorExportAdapter(SourceHttpClient http, IOptionsMonitor<SpreadsheetOptions> spreadsheets) : ISourceAdapter
{
    internal static readonly IReadOnlyList<TabularColumn> Columns =
    [
        new("name", Required: true, ["姓名", "评论员", "评论员姓名"]),
        new("id", Required: false, ["编号", "工号", "ID"]),
        new("unit", Required: false, ["单位", "所在单位"]),
        new("task", Required: false, ["任务", "任务名称"]),
        new("date", Required: true, ["日期", "完成日期", "时间"]),
        // The counts are required columns although their cells may be empty: a renamed column must
        // not read as a month of zeros that replaces the real one.
        new("reposts", Required: true, ["转发数", "转发"]),
        new("replies", Required: true, ["跟帖数", "跟帖"]),
    ];

    public IReadOnlyCollection<string> Kinds { get; } = [ChannelKinds.CommentatorPlatform];

    public async Task<SourceReading> ReadAsync(Channel channel, SourceContext context, CancellationToken ct)
    {
        var source = TabularText.Describe(channel);
        var url = TabularText.SourceUrl(channel);
        var options = TabularText.Options(channel);
        var table = await TabularTable.FetchAsync(
            http, channel, url, options, Columns, [TabularFormat.Csv, TabularFormat.Json, TabularFormat.Xlsx], spreadsheets.CurrentValue, ct);

        var errors = new RowErrors(table, source);
        var tasks = new List<CommentatorTaskReading>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var name = row["name"];
            if (name is null)
            {
                errors.Add(row, "name", "为空");
            }

            DateOnly? date = null;
            if (row["date"] is not { } dateText)
            {
                errors.Add(row, "date", "为空");
            }
            else if (TryParseDate(dateText, context.Clock, out var parsed))
            {
                date = parsed;
            }
            else
            {
                errors.Add(row, "date", $"不是日期（应如 2014-09-03、2014/9/3 或 2014年9月3日）：{dateText}");
            }

            var reposts = Count(row, "reposts", errors);
            var replies = Count(row, "replies", errors);
            if (name is not null && date is { } day && reposts is { } r && replies is { } c)
            {
                tasks.Add(new CommentatorTaskReading(name, row["id"], row["unit"], row["task"], day, r, c));
            }
        }

        errors.ThrowIfAny();
        return new SourceReading { Items = [new CommentatorTaskItems(tasks)], ItemsRead = tasks.Count };
    }

    /// <summary>
    /// A task's date as the export writes it (2014-09-03, 2014/9/3, 2014.9.3, 2014年9月3日, maybe with a
    /// time): a time without an offset is the county's own, one with an offset becomes the county's date.
    /// </summary>
    internal static bool TryParseDate(string text, CountyClock clock, out DateOnly date)
    {
        var parsed = LenientDates.TryParse(text, clock.Zone, out var utc);
        date = parsed ? clock.DateOf(utc) : default;
        return parsed;
    }

    private static int? Count(TabularRow row, string key, RowErrors errors)
    {
        if (row[key] is not { } text)
        {
            return 0;
        }

        if (TabularText.TryWholeNumber(text, out var value) && value is >= 0 and <= int.MaxValue)
        {
            return (int)value;
        }

        errors.Add(row, key, $"不是非负整数：{text}");
        return null;
    }
}
