using System.Text.Json;
using CsvHelper;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Features.Sources.Counters;

/// <summary>
/// A generic counter source (channel kinds <c>mobile-paper</c> and <c>wechat</c>): the channel's
/// URL answers JSON, with a field path per metric, or CSV, with a column per metric (see
/// <see cref="CounterOptions"/> for the options).
/// <para>
/// Periods: a counter without a date is for the current month (<c>"period": "month"</c>, the
/// default: the month so far (see <see cref="MonthToDateItems"/> for how the month's end is
/// handled)), or for today (<c>"period": "day"</c>). A gauge read on a day is that day's level and
/// also its month's figure, the month's latest, whichever the period. With <c>dateField</c> (JSON) the
/// source names the day or month itself and the figures are for that period instead of today's
/// (a month-to-date counter read just after midnight but dated the 30th stays in its month). With
/// <c>dateColumn</c>, each CSV row is the figure of its day (or month): a figure per row, and for a
/// gauge also the month figure, taken from the latest day of each month (a counter's month is the
/// sum of its days, made when it is read). Without <c>dateColumn</c>, the last row is today's figure.
/// </para>
/// </summary>
public sealed class CounterAdapter(SourceHttpClient http) : ISourceAdapter
{
    public IReadOnlyCollection<string> Kinds { get; } = [ChannelKinds.MobilePaper, ChannelKinds.WeChat];

    public async Task<SourceReading> ReadAsync(Channel channel, SourceContext context, CancellationToken ct)
    {
        var options = CounterOptions.Parse(channel);
        var where = $"渠道「{channel.Name}」";
        if (!Uri.TryCreate(channel.Url?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new SourceConfigurationException(string.IsNullOrWhiteSpace(channel.Url)
                ? $"{where}缺少 URL（url）：应填写返回 JSON 或 CSV 的地址。"
                : $"{where}的 URL（url）不是有效的 http(s) 地址：{SourceHttpClient.Display(channel.Url)}");
        }

        var response = await http.GetAsync(url, ct);
        if (!response.IsSuccess)
        {
            throw new SourceFetchException($"{where}：{SourceHttpClient.Display(url)} 返回 HTTP {(int)response.Status}：{response.Excerpt()}");
        }

        var text = TextDecoding.Decode(response);
        return options.Format == CounterFormat.Json
            ? ReadJson(text, options, context.Clock, where)
            : ReadCsv(text, options, context.Clock, where, ct);
    }

    private static SourceReading ReadJson(string text, CounterOptions options, CountyClock clock, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new SourceFetchException($"{where}返回的不是有效的 JSON（第 {ex.LineNumber + 1} 行附近）：{Excerpt(text)}");
        }

        using (document)
        {
            var dated = options.DateField is { } dateField ? DateOf(document.RootElement, dateField, options, clock, where) : (Period?)null;
            var figures = new List<FigureReading>();
            foreach (var metric in options.Metrics)
            {
                if (!metric.Path!.TryFind(document.RootElement, out var element))
                {
                    throw new SourceFetchException($"{where}返回的 JSON 中没有字段 {metric.Path}（指标 {metric.Key}）。");
                }

                if (!CounterNumber.TryRead(element, out var value, out var error))
                {
                    throw new SourceFetchException($"{where}返回的 JSON 中字段 {metric.Path} 的值 {Excerpt(element.GetRawText())} {error}（指标 {metric.Key}）。");
                }

                figures.AddRange(Figures(metric, value, options.Period, dated ?? Period.Day(clock.Today)));
            }

            return Reading(figures, options, dated is null && options.Period == CounterPeriod.Month, clock.Today, 1);
        }
    }

    /// <summary>The day or month the source gives with its figures (option <c>dateField</c>).</summary>
    private static Period DateOf(JsonElement root, JsonFieldPath path, CounterOptions options, CountyClock clock, string where)
    {
        if (!path.TryFind(root, out var element))
        {
            throw new SourceFetchException($"{where}返回的 JSON 中没有字段 {path}（日期，选项 dateField）。");
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        return CounterDates.TryParse(text, options.DateFormat, clock, out var period)
            ? period
            : throw new SourceFetchException($"{where}返回的 JSON 中字段 {path} 的值 {Excerpt(text)} 不是日期或月份（如 2014-10-15 或 2014-10；选项 dateField）。");
    }

    /// <summary>
    /// The reading: month-to-date counters of an undated source (the month they are for is decided
    /// when they are stored, see <see cref="MonthToDateItems"/>) apart from the other figures.
    /// </summary>
    private static SourceReading Reading(List<FigureReading> figures, CounterOptions options, bool undatedMonth, DateOnly today, int itemsRead)
    {
        if (!undatedMonth)
        {
            return new SourceReading { Figures = figures, ItemsRead = itemsRead };
        }

        var counters = figures.Where(f => options.Metrics.Single(m => m.Key == f.MetricKey).Kind == MetricKind.Counter).ToList();
        return new SourceReading
        {
            Figures = [.. figures.Except(counters)],
            Items = counters.Count == 0 ? [] : [new MonthToDateItems(counters, today)],
            ItemsRead = itemsRead,
        };
    }

    internal static SourceReading ReadCsv(string text, CounterOptions options, CountyClock clock, string where, CancellationToken ct)
    {
        var today = clock.Today;
        using var csv = CsvReader.FromText(text, CsvReaderOptions.Default with { Separator = options.Separator, TrackLineNumbers = true });
        string[] headers;
        try
        {
            headers = [.. csv.Headers.Select(h => h.Trim())];
        }
        catch (CsvFormatException)
        {
            throw new SourceFetchException($"{where}返回的 CSV 表头无法读取：{Excerpt(text)}");
        }

        if (headers.Length == 0 || headers.All(h => h.Length == 0))
        {
            throw new SourceFetchException($"{where}返回的 CSV 是空的，没有表头。");
        }

        var columns = options.Metrics.Select(m => (Metric: m, Index: Column(headers, m.Source, where))).ToList();
        var dateIndex = options.DateColumn is { } dateColumn ? Column(headers, dateColumn, where) : -1;

        var rows = 0;
        var byDay = new List<(int Line, Period Date, string[] Cells)>();
        (int Line, string[] Cells)? last = null;
        try
        {
            while (csv.Read())
            {
                ct.ThrowIfCancellationRequested();
                var cells = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).Trim()).ToArray();
                if (cells.All(c => c.Length == 0))
                {
                    // Excel leaves rows of bare separators at the end of a sheet.
                    continue;
                }

                rows++;
                var line = (int)csv.LineNumber;
                if (dateIndex < 0)
                {
                    last = (line, cells);
                    continue;
                }

                byDay.Add((line, ParseDate(Cell(cells, dateIndex), line, options, clock, where), cells));
            }
        }
        catch (CsvFormatException ex)
        {
            throw new SourceFetchException($"{where}返回的 CSV 第 {ex.LineNumber} 行格式有误：{ex.Message}");
        }

        var figures = new List<FigureReading>();
        if (dateIndex < 0)
        {
            if (last is not { } row)
            {
                throw new SourceFetchException($"{where}返回的 CSV 只有表头，没有数据行。");
            }

            foreach (var (metric, index) in columns)
            {
                var cell = Cell(row.Cells, index);
                if (cell.Length == 0)
                {
                    throw new SourceFetchException($"{where}返回的 CSV 第 {row.Line} 行（最后一行）列「{metric.Source}」是空的。");
                }

                figures.AddRange(Figures(metric, Number(cell, row.Line, metric.Source, where), options.Period, Period.Day(today)));
            }

            return Reading(figures, options, options.Period == CounterPeriod.Month, today, rows);
        }

        var seen = new Dictionary<Period, int>();
        foreach (var (line, date, _) in byDay)
        {
            if (!seen.TryAdd(date, line))
            {
                throw new SourceFetchException($"{where}返回的 CSV 第 {line} 行与第 {seen[date]} 行是同一{(date.Granularity == PeriodGranularity.Day ? "天" : "个月")}（{date}），每{(date.Granularity == PeriodGranularity.Day ? "天" : "月")}应只有一行。");
            }
        }

        foreach (var (metric, index) in columns)
        {
            // A blank cell is a day without a figure for that metric, not a zero.
            var readings = byDay
                .Select(r => (r.Line, r.Date, Cell: Cell(r.Cells, index)))
                .Where(r => r.Cell.Length > 0)
                .Select(r => (r.Date, Value: Number(r.Cell, r.Line, metric.Source, where)))
                .ToList();
            figures.AddRange(readings.Select(r => new FigureReading(metric.Key, r.Date, r.Value)));
            if (metric.Kind == MetricKind.Gauge)
            {
                // A month row is the month's figure already; days give their month its latest one.
                figures.AddRange(readings
                    .Where(r => r.Date.Granularity == PeriodGranularity.Day)
                    .GroupBy(r => Period.MonthOf(r.Date.Start))
                    .Where(month => !seen.ContainsKey(month.Key))
                    .Select(month => new FigureReading(metric.Key, month.Key, month.MaxBy(r => r.Date).Value)));
            }
        }

        return new SourceReading { Figures = figures, ItemsRead = rows };
    }

    /// <summary>The figures of one value for <paramref name="date"/> (a day, or a month the source named).</summary>
    private static IEnumerable<FigureReading> Figures(CounterMetric metric, double value, CounterPeriod period, Period date)
    {
        if (metric.Kind == MetricKind.Gauge)
        {
            // A gauge read on a day is its level that day, whatever the period option says; its month is its latest
            // reading, which this day's is. The day's reading lets a month so far be compared with the same day of another.
            if (date.Granularity == PeriodGranularity.Day)
            {
                yield return new FigureReading(metric.Key, date, value);
            }

            yield return new FigureReading(metric.Key, Period.MonthOf(date.Start), value);
            yield break;
        }

        yield return new FigureReading(metric.Key, period == CounterPeriod.Month ? Period.MonthOf(date.Start) : date, value);
    }

    private static int Column(string[] headers, string name, string where)
    {
        var index = Array.IndexOf(headers, name);
        return index >= 0
            ? index
            : throw new SourceFetchException($"{where}返回的 CSV 没有列「{name}」（表头：{string.Join("、", headers)}）。");
    }

    private static string Cell(string[] cells, int index) => index < cells.Length ? cells[index] : "";

    private static double Number(string cell, int line, string column, string where) =>
        CounterNumber.TryParse(cell, out var value, out var error)
            ? value
            : throw new SourceFetchException($"{where}返回的 CSV 第 {line} 行列「{column}」的值「{Excerpt(cell)}」{error}。");

    private static Period ParseDate(string cell, int line, CounterOptions options, CountyClock clock, string where) =>
        CounterDates.TryParse(cell, options.DateFormat, clock, out var period)
            ? period
            : throw new SourceFetchException(cell.Length == 0
                ? $"{where}返回的 CSV 第 {line} 行列「{options.DateColumn}」（日期）是空的。"
                : $"{where}返回的 CSV 第 {line} 行列「{options.DateColumn}」的值「{Excerpt(cell)}」不是日期或月份（如 2014-09-30 或 2014-09）。");

    private static string Excerpt(string text) => text.Length > 100 ? text[..100] + "…" : text;
}
