using System.Globalization;
using CsvHelper;
using MiniExcelLibs;

namespace Ruichang.Dashboard.Features.Exports;

/// <summary>
/// Writes an <see cref="ExportTable"/> as XLSX (MiniExcel, first sheet) or CSV (CsvHelper, UTF-8 with a BOM so
/// that Chinese Excel reads it as UTF-8), row by row as the rows come: the preamble lines, the header, then the
/// rows. Text goes through <see cref="FormulaGuard"/>; numbers stay numeric cells (XLSX) or plain numbers (CSV).
/// Every line has the table's width, so a CSV keeps one field count and a sheet's columns line up. Either format is
/// written to the destination with asynchronous writes only (XLSX through <see cref="AsyncOnlyWriteStream"/>).
/// </summary>
public static class TableWriter
{
    public static Task WriteAsync(Stream destination, ExportTable table, TableFormat format, CancellationToken ct) =>
        format == TableFormat.Csv ? WriteCsvAsync(destination, table, ct) : WriteXlsxAsync(destination, table, ct);

    public static Task WriteXlsxAsync(Stream destination, ExportTable table, CancellationToken ct) =>
        WriteWorkbookAsync(destination, [new ExportSheet("Sheet1", table)], ct);

    /// <summary>A workbook of several tables, a sheet each, in order (the monthly rankings: a sheet per metric).</summary>
    public static async Task WriteWorkbookAsync(Stream destination, IReadOnlyList<ExportSheet> sheets, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        // MiniExcel writes each value of an ordered name → rows dictionary as a sheet of that name.
        var workbook = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var sheet in sheets)
        {
            var keys = ColumnKeys(sheet.Table.Columns.Count);
            workbook.Add(SheetName(sheet.Name, workbook.Keys), Lines(sheet.Table).Select(line => Row(keys, line)));
        }

        // MiniExcel writes parts of the zip synchronously: they reach the destination asynchronously, in their place.
        await using var body = new AsyncOnlyWriteStream(destination);
        await MiniExcel.SaveAsAsync(body, workbook, printHeader: false, excelType: ExcelType.XLSX, cancellationToken: ct);
        await body.CompleteAsync(ct);
    }

    // Excel refuses a sheet name over 31 characters, with any of : \ / ? * [ ], or one the workbook already has.
    private static string SheetName(string name, IEnumerable<string> taken)
    {
        var clean = new string([.. name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '_' : c)]).Trim('\'');
        clean = clean.Length == 0 ? "Sheet" : clean[..Math.Min(clean.Length, 31)];
        var unique = clean;
        for (var n = 2; taken.Contains(unique, StringComparer.OrdinalIgnoreCase); n++)
        {
            var suffix = $"({n})";
            unique = clean[..Math.Min(clean.Length, 31 - suffix.Length)] + suffix;
        }

        return unique;
    }

    public static async Task WriteCsvAsync(Stream destination, ExportTable table, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        // The library's own injection escape stays off: FormulaGuard decides for both formats, with LF among the triggers.
        var options = CsvWriterOptions.Default with { WriteByteOrderMark = true, FormatProvider = CultureInfo.InvariantCulture };
        await using var csv = CsvWriter.Create(destination, options, leaveOpen: true);
        foreach (var line in Lines(table))
        {
            foreach (var cell in line)
            {
                switch (cell)
                {
                    case double number:
                        csv.WriteField(number, default);
                        break;
                    case int number:
                        csv.WriteField(number, default);
                        break;
                    default:
                        csv.WriteField((string?)cell);
                        break;
                }
            }

            await csv.EndRecordAsync(ct);
        }

        await csv.FlushAsync(ct);
    }

    // The preamble (one text per line, in the first column), the header and the rows, each as wide as the table,
    // text neutralised.
    private static IEnumerable<object?[]> Lines(ExportTable table)
    {
        var width = table.Columns.Count;
        foreach (var text in table.Preamble)
        {
            var line = new object?[width];
            line[0] = FormulaGuard.Neutralize(text);
            yield return line;
        }

        yield return [.. table.Columns.Select(FormulaGuard.Neutralize)];
        foreach (var row in table.Rows)
        {
            var line = new object?[width];
            for (var i = 0; i < width && i < row.Length; i++)
            {
                line[i] = row[i] is string text ? FormulaGuard.Neutralize(text) : row[i];
            }

            yield return line;
        }
    }

    // MiniExcel takes a row as a dictionary; with no header printed its keys only order the columns.
    private static Dictionary<string, object?> Row(string[] keys, object?[] line)
    {
        var row = new Dictionary<string, object?>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            row[keys[i]] = line[i];
        }

        return row;
    }

    private static string[] ColumnKeys(int count) => [.. Enumerable.Range(0, count).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture))];
}
