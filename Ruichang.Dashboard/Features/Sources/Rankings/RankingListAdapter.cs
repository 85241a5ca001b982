using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Features.Sources.Rankings;

/// <summary>
/// Reads a published ranking list (the provincial government-Weibo ranking by quarter, the
/// prefecture's monthly notice) from the channel's URL as CSV, XLSX (the first sheet) or JSON.
/// Options, with the columns' defaults shown:
/// <c>{"format": "xlsx", "listName": "江西政务微博排行榜", "publisher": "江西省委网信办", "period": "2014-Q3",
/// "columns": {"rank": "排名", "account": "微博名称", "score": "总分", "influence": "影响力", "activity": "活跃度", "coverage": "覆盖度", "spread": "传播度"}}</c>;
/// for JSON <c>itemsPath</c> and <c>fields</c> as for the commentator export. <c>period</c> is
/// required (2014-Q3, 2014-09 or 2014); <c>listName</c> defaults to the channel's name. An entry's
/// county is the one county whose name or keyword its account name contains.
/// </summary>
public sealed partial class RankingListAdapter(SourceHttpClient http, IOptionsMonitor<SpreadsheetOptions> spreadsheets) : ISourceAdapter
{
    internal static readonly IReadOnlyList<TabularColumn> Columns =
    [
        new("rank", Required: true, ["排名", "名次"]),
        new("account", Required: true, ["微博名称", "账号名称", "微博账号", "账号", "名称"]),
        new("score", Required: false, ["总分", "综合得分", "得分"]),
        new("influence", Required: false, ["影响力"]),
        new("activity", Required: false, ["活跃度"]),
        new("coverage", Required: false, ["覆盖度"]),
        new("spread", Required: false, ["传播度", "传播力"]),
    ];

    private const string PeriodForms = "如 2014-Q3（季度）、2014-09（月）或 2014（年）";

    public IReadOnlyCollection<string> Kinds { get; } = [ChannelKinds.RankingList];

    public async Task<SourceReading> ReadAsync(Channel channel, SourceContext context, CancellationToken ct)
    {
        var source = TabularText.Describe(channel);
        var url = TabularText.SourceUrl(channel);
        var options = TabularText.Options(channel);
        var periodText = TabularText.Text(channel, options, "period")
            ?? throw new SourceConfigurationException($"{source}缺少选项 period（榜单的时期，{PeriodForms}）。");
        var period = ParsePeriod(periodText)
            ?? throw new SourceConfigurationException($"{source}的选项 period 无效：{periodText}（应{PeriodForms}）。");
        var listName = TabularText.Text(channel, options, "listName") ?? channel.Name;
        var publisher = TabularText.Text(channel, options, "publisher");
        var table = await TabularTable.FetchAsync(
            http, channel, url, options, Columns, [TabularFormat.Csv, TabularFormat.Xlsx, TabularFormat.Json], spreadsheets.CurrentValue, ct);

        var errors = new RowErrors(table, source);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<RankingEntryReading>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var ok = true;
            var rank = 0;
            if (row["rank"] is not { } rankText)
            {
                ok = Fail(errors, row, "rank", "为空");
            }
            else if (TabularText.TryWholeNumber(rankText, out var value) && value is >= 1 and <= int.MaxValue)
            {
                rank = (int)value;
            }
            else
            {
                ok = Fail(errors, row, "rank", $"不是正整数：{rankText}");
            }

            var account = row["account"];
            if (account is null)
            {
                ok = Fail(errors, row, "account", "为空");
            }
            else if (!seen.TryAdd(account, row.Number))
            {
                ok = Fail(errors, row, "account", $"与{table.Where(seen[account])}重复：{account}");
            }

            double? Score(string key)
            {
                if (row[key] is not { } text)
                {
                    return null;
                }

                if (TabularText.TryNumber(text, out var number))
                {
                    return number;
                }

                ok = Fail(errors, row, key, $"不是数字：{text}");
                return null;
            }

            var (score, influence, activity, coverage, spread) = (Score("score"), Score("influence"), Score("activity"), Score("coverage"), Score("spread"));
            if (ok && account is not null)
            {
                var counties = context.CountyMatcher.Match(account);
                entries.Add(new RankingEntryReading(account, counties.Count == 1 ? counties[0] : null, rank, score, influence, activity, coverage, spread));
            }
        }

        errors.ThrowIfAny();
        if (entries.Count == 0)
        {
            throw new SourceFetchException($"{source}的榜单没有任何条目。");
        }

        var ranking = new RankingReading(listName, publisher, period.Label, period.Start, period.End, PublishedOn: null, entries);
        return new SourceReading { Items = [new RankingItems([ranking])], ItemsRead = entries.Count };
    }

    /// <summary>A list's period: 2014-Q3 → 2014年第三季度, 2014-09 → 2014年9月, 2014 → 2014年.</summary>
    internal static (string Label, DateOnly Start, DateOnly End)? ParsePeriod(string text)
    {
        var match = PeriodPattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 1)
        {
            return null;
        }

        if (match.Groups["q"].Success)
        {
            var quarter = match.Groups["q"].Value[0] - '0';
            var start = new DateOnly(year, (quarter * 3) - 2, 1);
            return (string.Create(CultureInfo.InvariantCulture, $"{year}年第{"一二三四"[quarter - 1]}季度"), start, start.AddMonths(3).AddDays(-1));
        }

        if (match.Groups["m"].Success)
        {
            var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
            {
                return null;
            }

            var start = new DateOnly(year, month, 1);
            return (string.Create(CultureInfo.InvariantCulture, $"{year}年{month}月"), start, start.AddMonths(1).AddDays(-1));
        }

        return (string.Create(CultureInfo.InvariantCulture, $"{year}年"), new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
    }

    private static bool Fail(RowErrors errors, TabularRow row, string key, string problem)
    {
        errors.Add(row, key, problem);
        return false;
    }

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:-?[Qq](?<q>[1-4])|-(?<m>[0-9]{1,2}))?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PeriodPattern();
}
