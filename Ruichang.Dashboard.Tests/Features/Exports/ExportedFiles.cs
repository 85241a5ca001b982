using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using CsvHelper;

namespace Ruichang.Dashboard.Tests.Features.Exports;

/// <summary>One cell of an exported sheet: whether the file stores it as a number, and its text as stored.</summary>
public sealed record SheetCell(bool IsNumber, string Text);

/// <summary>Reads exported files back as they are stored, cell types included: the golden checks look at the bytes, not at what the app would read.</summary>
public static class ExportedFiles
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>The workbook's sheet names, in order.</summary>
    public static List<string> SheetNames(byte[] file)
    {
        using var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
        return [.. XDocument.Load(zip.GetEntry("xl/workbook.xml")!.Open()).Descendants(Main + "sheet").Select(s => s.Attribute("name")!.Value)];
    }

    /// <summary>The rows of sheet <paramref name="sheet"/> (1, the first, unless told), each a cell per column up to its last cell (null where none is stored).</summary>
    public static List<SheetCell?[]> Xlsx(byte[] file, int sheet = 1)
    {
        using var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
        var shared = zip.GetEntry("xl/sharedStrings.xml") is { } sst
            ? XDocument.Load(sst.Open()).Root!.Elements(Main + "si").Select(si => string.Concat(si.Descendants(Main + "t").Select(t => t.Value))).ToList()
            : [];
        var rowsOf = XDocument.Load(zip.GetEntry(FormattableString.Invariant($"xl/worksheets/sheet{sheet}.xml"))!.Open());
        var rows = new List<SheetCell?[]>();
        foreach (var row in rowsOf.Descendants(Main + "row"))
        {
            var number = int.Parse(row.Attribute("r")!.Value, CultureInfo.InvariantCulture);
            while (rows.Count < number - 1)
            {
                rows.Add([]);
            }

            var cells = new List<SheetCell?>();
            foreach (var cell in row.Elements(Main + "c"))
            {
                var column = Column(cell.Attribute("r")!.Value);
                while (cells.Count < column)
                {
                    cells.Add(null);
                }

                var type = (string?)cell.Attribute("t");
                var value = (string?)cell.Element(Main + "v");
                cells.Add(type switch
                {
                    null or "n" when value is not null => new SheetCell(true, value),
                    "s" => new SheetCell(false, shared[int.Parse(value!, CultureInfo.InvariantCulture)]),
                    "inlineStr" => new SheetCell(false, string.Concat(cell.Descendants(Main + "t").Select(t => t.Value))),
                    "str" => new SheetCell(false, value ?? ""),
                    _ => null,
                });
            }

            rows.Add([.. cells]);
        }

        return rows;
    }

    /// <summary>The CSV's records as text (the BOM skipped), with whether each field was quoted not told apart: CSV has no types.</summary>
    public static List<string[]> Csv(byte[] file)
    {
        var text = Encoding.UTF8.GetString(file.AsSpan(3));
        var records = new List<string[]>();
        using var csv = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = false });
        while (csv.Read())
        {
            records.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }

        return records;
    }

    private static int Column(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            column = (column * 26) + (c - 'A' + 1);
        }

        return column - 1;
    }
}
