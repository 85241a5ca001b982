using System.Text.Json;
using CsvHelper;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Features.Sources.Parsing;

/// <summary>
/// A column an export kind reads: its key in the <c>columns</c> / <c>fields</c> options, whether a
/// file without it cannot be read, and the header names tried in order when the channel names none
/// (a JSON field defaults to the key itself).
/// </summary>
internal sealed record TabularColumn(string Key, bool Required, IReadOnlyList<string> Headers);

/// <summary>A data row: its number as staff see it (a sheet row with the header's counted, or a JSON item from 1) and its non-empty cells by column key.</summary>
internal sealed record TabularRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    public string? this[string key] => Cells.GetValueOrDefault(key);
}

/// <summary>
/// The data rows of a CSV, XLSX or JSON export with the wanted columns located. In a sheet the
/// header is the first of the top rows that has every required column, since published lists often
/// carry a title row above it; in JSON a field is there when any item has it. A required column
/// that is nowhere fails the whole read, naming it.
/// </summary>
internal sealed class TabularTable
{
    private const int HeaderSearchRows = 10;
    private readonly IReadOnlyDictionary<string, string> _names;

    private TabularTable(TabularFormat format, IReadOnlyList<TabularRow> rows, IReadOnlyDictionary<string, string> names)
    {
        Format = format;
        Rows = rows;
        _names = names;
    }

    public TabularFormat Format { get; }

    public IReadOnlyList<TabularRow> Rows { get; }

    /// <summary>The header or field a column was read from (or would have been), for messages.</summary>
    public string NameOf(string key) => _names.GetValueOrDefault(key, key);

    public string Where(int number) => Format == TabularFormat.Json ? $"第 {number} 项" : $"第 {number} 行";

    /// <summary>
    /// Fetches a channel's export from <paramref name="url"/> and reads it with the channel's options:
    /// <c>format</c> (one of <paramref name="formats"/>, else detected from the answer), <c>itemsPath</c>,
    /// and the header names (<c>columns</c>) or JSON fields (<c>fields</c>) of <paramref name="columns"/>.
    /// </summary>
    public static async Task<TabularTable> FetchAsync(
        SourceHttpClient http, Channel channel, Uri url, JsonElement options, IReadOnlyList<TabularColumn> columns,
        IReadOnlyList<TabularFormat> formats, SpreadsheetOptions spreadsheets, CancellationToken ct)
    {
        // Every option is checked before the request: a typo is a configuration error, not a fetch failure.
        var format = TabularText.Format(channel, options, [.. formats]);
        var itemsPath = TabularText.Text(channel, options, "itemsPath");
        var columnNames = TabularText.Names(channel, options, "columns", columns);
        var fieldNames = TabularText.Names(channel, options, "fields", columns);

        var response = (await http.GetAsync(url, ct)).EnsureSuccess();
        var actual = format ?? TabularText.Detect(response);
        return Read(response, actual, itemsPath, columns, actual == TabularFormat.Json ? fieldNames : columnNames, TabularText.Describe(channel), spreadsheets, ct);
    }

    /// <summary>
    /// Reads the answer as <paramref name="format"/>, with the channel's own header or field names
    /// (<paramref name="names"/>, by column key; null when the file has no such column) or else the
    /// columns' defaults; <paramref name="source"/> (渠道「…」) starts every message. An XLSX file is read
    /// within <paramref name="spreadsheets"/>; <paramref name="ct"/> stops the reading between rows.
    /// </summary>
    public static TabularTable Read(
        FetchedResponse response, TabularFormat format, string? itemsPath,
        IReadOnlyList<TabularColumn> columns, IReadOnlyDictionary<string, string?> names, string source,
        SpreadsheetOptions spreadsheets, CancellationToken ct)
    {
        var wanted = columns
            .Where(c => !names.TryGetValue(c.Key, out var name) || name is not null)
            .Select(c => (c.Key, c.Required, Candidates: names.TryGetValue(c.Key, out var name)
                ? [name!]
                : format == TabularFormat.Json ? [c.Key] : c.Headers))
            .ToList();

        return format switch
        {
            TabularFormat.Json => FromItems(response, itemsPath, wanted, source, ct),
            TabularFormat.Xlsx => FromGrid(format, XlsxGrid(response, spreadsheets, source, ct), wanted, source),
            _ => FromGrid(format, CsvGrid(response, source, ct), wanted, source),
        };
    }

    private static TabularTable FromGrid(
        TabularFormat format, List<(int Number, string[] Cells)> grid,
        List<(string Key, bool Required, IReadOnlyList<string> Candidates)> wanted, string source)
    {
        var filled = grid.Where(r => r.Cells.Any(c => c.Length > 0)).ToList();
        if (filled.Count == 0)
        {
            throw new SourceFetchException($"{source}的文件是空的，没有表头。");
        }

        static int IndexIn(string[] cells, IReadOnlyList<string> candidates) => candidates
            .Select(name => Array.FindIndex(cells, c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(i => i >= 0, -1);

        var header = filled.Take(HeaderSearchRows)
            .FirstOrDefault(r => wanted.Where(w => w.Required).All(w => IndexIn(r.Cells, w.Candidates) >= 0), filled[0]);
        var located = wanted.Select(w => (w.Key, w.Required, w.Candidates, Index: IndexIn(header.Cells, w.Candidates))).ToList();
        var missing = located.Where(l => l.Required && l.Index < 0).Select(l => $"「{l.Candidates[0]}」").ToList();
        if (missing.Count > 0)
        {
            throw new SourceFetchException(
                $"{source}的文件缺少必需的列{string.Concat(missing)}（第 {header.Number} 行表头为：{string.Join("、", header.Cells.Where(c => c.Length > 0))}）。");
        }

        var present = located.Where(l => l.Index >= 0).ToList();
        var rows = filled
            .Where(r => r.Number > header.Number)
            .Select(r => new TabularRow(r.Number, present
                .Where(l => l.Index < r.Cells.Length && r.Cells[l.Index].Length > 0)
                .ToDictionary(l => l.Key, l => r.Cells[l.Index])))
            .ToList();
        var names = located.ToDictionary(l => l.Key, l => l.Index >= 0 ? header.Cells[l.Index] : l.Candidates[0]);
        return new TabularTable(format, rows, names);
    }

    private static TabularTable FromItems(
        FetchedResponse response, string? itemsPath,
        List<(string Key, bool Required, IReadOnlyList<string> Candidates)> wanted, string source, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(TextDecoding.Decode(response), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new SourceFetchException($"{source}返回的内容不是有效的 JSON：{ex.Message}", ex);
        }

        using (document)
        {
            var path = itemsPath ?? "$";
            if (!JsonFieldPath.TryParse(path, out var itemsAt, out var pathError))
            {
                throw new SourceConfigurationException($"{source}的选项 itemsPath「{path}」无效：{pathError}");
            }

            if (!itemsAt.TryFind(document.RootElement, out var items))
            {
                throw new SourceFetchException($"{source}的 JSON 中没有 itemsPath「{path}」所指的数据。");
            }

            if (items.ValueKind != JsonValueKind.Array)
            {
                throw new SourceFetchException($"{source}的 JSON 中 itemsPath「{path}」所指的不是数组（选项 itemsPath 应指向数据项的数组，例如 $.data.list）。");
            }

            var objects = new List<Dictionary<string, string>>();
            foreach (var item in items.EnumerateArray())
            {
                ct.ThrowIfCancellationRequested();
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new SourceFetchException($"{source}的 JSON 第 {objects.Count + 1} 项不是对象：{Shorten(item.GetRawText())}");
                }

                var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in item.EnumerateObject())
                {
                    if (CellText(property.Value) is { Length: > 0 } text)
                    {
                        cells.TryAdd(property.Name, text);
                    }
                }

                objects.Add(cells);
            }

            var located = wanted
                .Select(w => (w.Key, w.Required, w.Candidates, Field: w.Candidates.FirstOrDefault(name => objects.Any(o => o.ContainsKey(name)))))
                .ToList();
            var missing = located.Where(l => l.Required && l.Field is null).Select(l => $"「{l.Candidates[0]}」").ToList();
            if (objects.Count > 0 && missing.Count > 0)
            {
                throw new SourceFetchException($"{source}的 JSON 数据项都没有必需的字段{string.Concat(missing)}。");
            }

            var rows = objects
                .Select((o, i) => new TabularRow(i + 1, located
                    .Where(l => l.Field is not null && o.ContainsKey(l.Field))
                    .ToDictionary(l => l.Key, l => o[l.Field!])))
                .ToList();
            return new TabularTable(TabularFormat.Json, rows, located.ToDictionary(l => l.Key, l => l.Field ?? l.Candidates[0]));
        }
    }

    private static List<(int Number, string[] Cells)> CsvGrid(FetchedResponse response, string source, CancellationToken ct)
    {
        var grid = new List<(int, string[])>();
        try
        {
            // No header for the reader: the header row is found among the top rows (see FromGrid).
            using var csv = CsvReader.FromText(TextDecoding.Decode(response), new CsvReaderOptions { HasHeader = false, TrimWhitespace = true });
            while (csv.Read())
            {
                ct.ThrowIfCancellationRequested();
                var cells = new string[csv.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = csv.GetString(i).Trim();
                }

                grid.Add(((int)csv.RowNumber, cells));
            }
        }
        catch (CsvFormatException ex)
        {
            throw new SourceFetchException($"{source}的 CSV 格式有误：{ex.Message}", ex);
        }

        return grid;
    }

    private static List<(int Number, string[] Cells)> XlsxGrid(FetchedResponse response, SpreadsheetOptions limits, string source, CancellationToken ct)
    {
        try
        {
            // The first sheet's rows that hold something, with their numbers in the sheet.
            return [.. BoundedXlsxReader.ReadFirstSheet(response.Body, limits, source, ct).Rows.Select(r => (r.Number, r.Cells.ToArray()))];
        }
        catch (SpreadsheetException ex)
        {
            throw new SourceFetchException(ex.Message, ex);
        }
    }

    private static string CellText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Trim(),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}

/// <summary>
/// The problems found in a file's rows. A file is read whole or not at all, so every row is checked
/// first and the first few problems are reported together, each with its row and column.
/// </summary>
internal sealed class RowErrors(TabularTable table, string source)
{
    private const int Listed = 10;
    private readonly List<string> _errors = [];

    public void Add(TabularRow row, string key, string problem) =>
        _errors.Add($"{table.Where(row.Number)}「{table.NameOf(key)}」{problem}");

    public void ThrowIfAny()
    {
        if (_errors.Count == 0)
        {
            return;
        }

        var more = _errors.Count > Listed ? $"；另有 {_errors.Count - Listed} 处未列出" : "";
        throw new SourceFetchException(
            $"{source}的文件有 {_errors.Count} 处错误，本次未读取任何数据：{string.Join("；", _errors.Take(Listed))}{more}。");
    }
}
