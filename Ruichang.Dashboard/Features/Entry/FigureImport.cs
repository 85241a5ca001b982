using System.Security.Claims;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>What is wrong in an imported file: its row as the spreadsheet numbers it (0 for the file as a whole), its column, and why.</summary>
public sealed record ImportError(int Row, string Column, string Message);

/// <summary>What an import did: the figures added, changed and unchanged; or nothing, and every error found.</summary>
public sealed record ImportResult(UpsertResult? Written, IReadOnlyList<ImportError> Errors)
{
    public bool Saved => Written is not null;

    public static ImportResult Failed(string message) => new(null, [new ImportError(0, "", message)]);
}

/// <summary>
/// Imports figures from an XLSX or CSV file, all or nothing, in either of two forms told apart by the header row:
/// the long form, one figure a row (<c>月份,区县代码,指标代码,数值</c>, with <c>区县名称</c>, <c>指标名称</c>,
/// <c>渠道</c> and <c>备注</c> optional; the names, when given, must match the codes), or the wide month sheet of
/// the prefecture's notice, one county a row and one metric a column (<c>月份,区县代码</c>, optionally
/// <c>区县名称</c> and <c>备注</c>, then a column per metric headed by its code or its name; an empty cell is no
/// figure). Either way: every row is checked as the API checks a figure (<see cref="FigureInputs"/>) and the first
/// <see cref="MaxErrors"/> errors are reported with their row and column; a clean file is written in one transaction
/// through <see cref="EnteredFigures"/> (approval lock, audit trail, change notice), so the same file imported twice
/// changes nothing. A hostile file fails alone and early: its size is checked before it is read, its bytes must be
/// the type its name says (an XLSX is a zip, a CSV is text), an XLSX is read within <c>Spreadsheets:*</c> (entries,
/// uncompressed size, rows, columns; formulas as their cached values, never evaluated), and a CSV in UTF-8 (with or
/// without BOM) or GB18030 as Chinese Excel saves it is told apart by its bytes.
/// </summary>
public sealed class FigureImport(
    IDbContextFactory<DashboardDbContext> factory, FigureInputs inputs, EnteredFigures entered, AccountAccess access,
    IOptionsMonitor<EntryOptions> options, IOptionsMonitor<SpreadsheetOptions> spreadsheets)
{
    public const int MaxErrors = 200;

    public static readonly string[] Header = ["月份", "区县代码", "指标代码", "数值"];
    private static readonly string[] Optional = ["区县名称", "指标名称", "渠道", "备注"];

    /// <summary>The wide sheet's first columns; a column per metric follows, headed by its code or name.</summary>
    public static readonly string[] WideHeader = ["月份", "区县代码"];
    private static readonly string[] WideOptional = ["区县名称", "备注"];

    public long MaxBytes => options.CurrentValue.MaxImportBytes;

    public async Task<ImportResult> ImportAsync(ClaimsPrincipal user, string fileName, byte[] body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(body);
        if (!await access.AuthorizeAsync(user, AccountFeature.WritersPolicy, ct) || user.Identity?.Name is not { Length: > 0 } name)
        {
            return ImportResult.Failed("没有权限：只有填报人员和管理员可以导入。");
        }

        if (body.Length > MaxBytes)
        {
            return ImportResult.Failed($"文件过大：{body.Length / 1024} KB，上限 {MaxBytes / 1024} KB（Entry:MaxImportBytes）。");
        }

        List<(int Number, string[] Cells)> grid;
        try
        {
            grid = ReadGrid(fileName, body, ct);
        }
        catch (ImportFileException ex)
        {
            return ImportResult.Failed(ex.Message);
        }

        var filled = grid.Where(r => r.Cells.Any(c => c.Length > 0)).ToList();
        if (filled.Count == 0)
        {
            return ImportResult.Failed("文件是空的：第一行应为表头 月份,区县代码,指标代码,数值。");
        }

        var header = filled[0];
        await using var db = await factory.CreateDbContextAsync(ct);
        var counties = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        var metrics = await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Key, StringComparer.Ordinal, ct);
        var headers = header.Cells.Select(c => FormulaGuard.Restore(c.Trim())).ToArray();
        var isLong = Header.All(headers.Contains);
        // A metric's column in the wide sheet: headed by its code or by its name.
        var metricColumns = isLong ? [] : headers
            .Select((text, i) => (Index: i, Text: text, Metric: metrics.GetValueOrDefault(text) ?? metrics.Values.FirstOrDefault(m => m.Name == text)))
            .Where(c => c.Metric is not null)
            .ToList();
        if (!isLong && (metricColumns.Count == 0 || !headers.Contains("月份") || !headers.Contains("区县代码")))
        {
            var missing = Header.Where(h => !headers.Contains(h));
            return ImportResult.Failed($"第 {header.Number} 行表头缺少列「{string.Join("」「", missing)}」：长表应为 月份,区县代码,指标代码,数值（可再加 区县名称、指标名称、渠道、备注）；" +
                "宽表应为 月份,区县代码（可加 区县名称、备注），其后每列一个指标，列名为指标代码或指标名称。");
        }

        var known = isLong ? Header.Concat(Optional) : WideHeader.Concat(WideOptional);
        var columns = known.ToDictionary(h => h, h => Array.IndexOf(headers, h));
        var rows = filled.Skip(1).ToList();
        // A cell this app exported with a leading ' against formulas (FormulaGuard) reads as what it stood for.
        static string At((int Number, string[] Cells) row, int i) => i >= 0 && i < row.Cells.Length ? FormulaGuard.Restore(row.Cells[i].Trim()) : "";
        string Cell((int Number, string[] Cells) row, string column) => At(row, columns[column]);

        var errors = new List<ImportError>();
        if (!isLong)
        {
            // A column the sheet names that is neither a metric nor one of its own would be dropped without a word.
            errors.AddRange(headers
                .Select((text, i) => (Text: text, Index: i))
                .Where(c => c.Text.Length > 0 && !columns.ContainsKey(c.Text) && metricColumns.All(m => m.Index != c.Index))
                .Select(c => new ImportError(header.Number, Shorten(c.Text), $"不认识的列「{Shorten(c.Text)}」：宽表的列名应为指标代码（如 weibo_followers）或指标名称。")));
        }

        var channels = await db.Channels.AsNoTracking().Select(c => new { c.Id, c.CountyId, c.Name }).ToListAsync(ct);
        // Each figure with its row, and the column of its value (数值, or the wide sheet's metric column).
        var figures = new List<(FigureInput Input, int Row, string ValueColumn)>();
        foreach (var row in rows)
        {
            var countyCode = Cell(row, "区县代码");
            if (Cell(row, "区县名称") is { Length: > 0 } countyName && counties.TryGetValue(countyCode, out var county)
                && !SameText(countyName, county.Name) && !SameText(countyName, county.ShortName))
            {
                errors.Add(new ImportError(row.Number, "区县名称", $"「{Shorten(countyName)}」与区县代码 {countyCode}（{county.Name}）不符。"));
            }

            if (!isLong)
            {
                figures.AddRange(metricColumns
                    .Where(c => At(row, c.Index).Length > 0)
                    .Select(c => (new FigureInput(c.Metric!.Key, countyCode, null, Cell(row, "月份"), null, At(row, c.Index)), row.Number, Shorten(c.Text))));
                continue;
            }

            var metricKey = Cell(row, "指标代码");

            if (Cell(row, "指标名称") is { Length: > 0 } metricName && metrics.TryGetValue(metricKey, out var metric) && metricName != metric.Name)
            {
                errors.Add(new ImportError(row.Number, "指标名称", $"「{Shorten(metricName)}」与指标代码 {metricKey}（{metric.Name}）不符。"));
            }

            int? channelId = null;
            if (Cell(row, "渠道") is { Length: > 0 } channelText && counties.TryGetValue(countyCode, out var channelCounty))
            {
                var match = channels.Where(c => c.CountyId == channelCounty.Id && (SameText(c.Name, channelText) || c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == channelText)).ToList();
                if (match.Count == 1)
                {
                    channelId = match[0].Id;
                }
                else
                {
                    errors.Add(new ImportError(row.Number, "渠道", match.Count == 0
                        ? $"{channelCounty.Name}没有名为「{Shorten(channelText)}」的渠道（可填渠道名称或编号，留空表示区县的数值）。"
                        : $"{channelCounty.Name}有 {match.Count} 个名为「{Shorten(channelText)}」的渠道，请改填渠道编号。"));
                }
            }

            figures.Add((new FigureInput(metricKey, countyCode, channelId, Cell(row, "月份"), null, Cell(row, "数值")), row.Number, "数值"));
        }

        var checkedFigures = await inputs.CheckAsync(figures.ConvertAll(f => f.Input), ct);
        errors.AddRange(checkedFigures.Errors.Select(e => new ImportError(figures[e.Index].Row, ColumnOf(e.Field) ?? figures[e.Index].ValueColumn, e.Message)));
        if (errors.Count > 0)
        {
            return new ImportResult(null, [.. errors.OrderBy(e => e.Row).Take(MaxErrors)]);
        }

        try
        {
            var written = await entered.WriteAsync(
                user, name, ObservationSource.Import, checkedFigures.MetricKeys, checkedFigures.Writes, [], ct, $"导入文件「{Shorten(fileName)}」");
            return new ImportResult(written, []);
        }
        catch (MonthLockedException ex)
        {
            return ImportResult.Failed(ex.Message);
        }
    }

    // The column of a checked field; null for the value, whose column is the figure's own (数值 or a metric's).
    private static string? ColumnOf(string field) => field switch
    {
        "metric" => "指标代码",
        "county" => "区县代码",
        "channel" => "渠道",
        "period" => "月份",
        _ => null,
    };

    /// <summary>
    /// The file's rows as the spreadsheet numbers them, with their cells' text: all the import does before it
    /// checks anything (the benchmark's limit). The bytes decide, not the name alone: a renamed program or
    /// archive is refused before any parsing.
    /// </summary>
    internal List<(int Number, string[] Cells)> ReadGrid(string fileName, byte[] body, CancellationToken ct)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var isZip = body.Length >= 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4;
        switch (extension)
        {
            case ".xlsx" when isZip:
                try
                {
                    return [.. BoundedXlsxReader.ReadFirstSheet(body, spreadsheets.CurrentValue, "导入文件", ct).Rows.Select(r => (r.Number, r.Cells.ToArray()))];
                }
                catch (SpreadsheetException ex)
                {
                    throw new ImportFileException(ex.Message);
                }

            case ".xlsx":
                throw new ImportFileException("文件扩展名是 .xlsx，内容却不是 Excel 工作簿：请用 Excel 另存为 .xlsx 后再导入。");
            case ".csv" when isZip || Array.IndexOf(body, (byte)0, 0, Math.Min(body.Length, 8192)) >= 0 && !HasUtf16Bom(body):
                throw new ImportFileException("文件扩展名是 .csv，内容却不是文本：请用 Excel 另存为 CSV 后再导入。");
            case ".csv":
                return Csv(body, ct);
            default:
                throw new ImportFileException($"不支持的文件类型「{Shorten(extension)}」：请导入 .xlsx 或 .csv 文件。");
        }
    }

    private static bool HasUtf16Bom(byte[] body) => body.Length >= 2 && ((body[0] == 0xFF && body[1] == 0xFE) || (body[0] == 0xFE && body[1] == 0xFF));

    private List<(int Number, string[] Cells)> Csv(byte[] body, CancellationToken ct)
    {
        var limits = spreadsheets.CurrentValue;
        var grid = new List<(int, string[])>();
        try
        {
            using var csv = CsvReader.FromText(TextDecoding.DecodeUpload(body), new CsvReaderOptions { HasHeader = false, TrimWhitespace = true });
            while (csv.Read())
            {
                ct.ThrowIfCancellationRequested();
                if (csv.RowNumber > limits.MaxRows || csv.FieldCount > limits.MaxColumns)
                {
                    throw new ImportFileException($"文件超过 {limits.MaxRows} 行或 {limits.MaxColumns} 列（Spreadsheets:MaxRows、MaxColumns）。");
                }

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
            throw new ImportFileException($"CSV 格式有误：{ex.Message}");
        }

        return grid;
    }

    // A spreadsheet keeps a line break in a cell as LF whatever was written (XML normalises CR), so a name holding
    // one matches by its text, not by the bytes of its line breaks.
    private static bool SameText(string a, string b) => a == b || a.ReplaceLineEndings("\n") == b.ReplaceLineEndings("\n");

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    internal sealed class ImportFileException(string message) : Exception(message);
}
