using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Ruichang.Dashboard.Features.Sources.Parsing;

/// <summary>A row of a sheet that holds something: its number as Excel shows it, and its cells' texts by column (A is 0), "" where a cell is empty.</summary>
public sealed record SheetRow(int Number, IReadOnlyList<string> Cells);

/// <summary>The first worksheet of a workbook: its name (as on its tab) and its rows that hold something, in order.</summary>
public sealed record XlsxSheet(string Name, IReadOnlyList<SheetRow> Rows);

/// <summary>A workbook that cannot be read or is over a limit; the message (Chinese) says which, and where.</summary>
public sealed class SpreadsheetException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the first worksheet of an XLSX file that nobody vouches for (a remote export, a staff upload)
/// within <see cref="SpreadsheetOptions"/>: every cell's text with its real row number, formulas as
/// their cached value (never evaluated), date-formatted numbers as dates.
/// <para>
/// Its own reader rather than MiniExcel's <c>Query</c>: MiniExcel pads every row to the widest column
/// and fills the missing rows, sizing both from the cells and from the sheet's <c>&lt;dimension&gt;</c>,
/// which a file may set to anything; it numbers rows only by emitting the empty ones; and it opens the
/// zip itself, so its reads cannot be metered. Guarding it would mean mirroring its internals. What a
/// table needs is small — the first sheet from <c>workbook.xml</c> and its relationships, shared and
/// inline strings, the cached <c>&lt;v&gt;</c>, and the number formats that make a number a date — and
/// read here it creates nothing for an empty cell, so the cost of a file is bounded by its bytes.
/// </para>
/// <para>
/// Checks, before anything is decompressed: the body is a zip (an old .xls or an HTML page is named as
/// such), its entry count, and the sizes its directory declares. While reading, every byte decompressed
/// is counted against <see cref="SpreadsheetOptions.MaxUncompressedBytes"/> whatever the directory
/// said. A cell holding something beyond <see cref="SpreadsheetOptions.MaxRows"/> or
/// <see cref="SpreadsheetOptions.MaxColumns"/> refuses the file when it is met; empty styled cells and
/// rows (templates formatted down to row 65536) count only as the bytes they take.
/// </para>
/// </summary>
public static class BoundedXlsxReader
{
    private const string MaxRowsKey = SpreadsheetOptions.SectionName + ":MaxRows";
    private const string MaxColumnsKey = SpreadsheetOptions.SectionName + ":MaxColumns";
    private const string MaxEntriesKey = SpreadsheetOptions.SectionName + ":MaxZipEntries";
    private const string MaxBytesKey = SpreadsheetOptions.SectionName + ":MaxUncompressedBytes";

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>The first sheet of the workbook in <paramref name="body"/>; <paramref name="source"/> (渠道「…」, 上传的文件「…」) starts every message.</summary>
    /// <exception cref="SpreadsheetException">The body is not a workbook, is damaged, or is over a limit.</exception>
    public static XlsxSheet ReadFirstSheet(byte[] body, SpreadsheetOptions limits, string source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var stream = new MemoryStream(body, writable: false);
        return ReadFirstSheet(stream, limits, source, ct);
    }

    /// <summary>The first sheet of the workbook in <paramref name="stream"/>, read from its start and left open; one that cannot seek is copied first, up to the size limit.</summary>
    /// <exception cref="SpreadsheetException">The body is not a workbook, is damaged, or is over a limit.</exception>
    public static XlsxSheet ReadFirstSheet(Stream stream, SpreadsheetOptions limits, string source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        try
        {
            return Read(stream, limits, source, ct);
        }
        catch (Exception ex) when (ex is not (SpreadsheetException or OperationCanceledException or OutOfMemoryException))
        {
            // Whatever else bytes from outside make the zip or XML readers throw, it means the same to staff.
            throw new SpreadsheetException($"无法读取 Excel 文件：{source}的内容不是有效的 XLSX 工作簿（{ex.Message}）。", ex);
        }
    }

    private static XlsxSheet Read(Stream stream, SpreadsheetOptions limits, string source, CancellationToken ct)
    {
        if (!stream.CanSeek)
        {
            using var copy = new MemoryStream();
            var budget = new ByteBudget(limits.MaxUncompressedBytes, $"{source}的 Excel 文件超出限制：文件本身已超过 {MaxBytesKey}（{limits.MaxUncompressedBytes}）。");
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                budget.Spend(read);
                copy.Write(buffer, 0, read);
            }

            copy.Position = 0;
            return new Workbook(limits, source, ct).Read(copy);
        }

        return new Workbook(limits, source, ct).Read(stream);
    }

    /// <summary>Column letters (A, Z, AA, XFD) of a 1-based column number.</summary>
    public static string ColumnName(int column)
    {
        var name = new StringBuilder();
        for (; column > 0; column = (column - 1) / 26)
        {
            name.Insert(0, (char)('A' + ((column - 1) % 26)));
        }

        return name.ToString();
    }

    private enum NumberKind
    {
        Number,
        Date,
        Time,
    }

    private sealed class Workbook(SpreadsheetOptions limits, string source, CancellationToken ct)
    {
        private readonly ByteBudget _budget = new(limits.MaxUncompressedBytes, $"{source}的 Excel 文件超出限制：解压后的内容超过 {MaxBytesKey}（{limits.MaxUncompressedBytes}），与压缩包目录所称的大小不符。");
        private Dictionary<string, ZipArchiveEntry> _entries = [];
        private List<string> _sharedStrings = [];
        private List<NumberKind> _styles = [];
        private bool _date1904;

        public XlsxSheet Read(Stream zip)
        {
            RefuseNonZip(zip);
            RefuseTooManyEntries(zip);
            ZipArchive archive;
            try
            {
                archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException ex)
            {
                throw Invalid($"压缩包目录损坏：{ex.Message}", ex);
            }

            using (archive)
            {
                var part = "";
                try
                {
                    CheckDirectory(archive);
                    _entries = archive.Entries
                        .GroupBy(e => e.FullName.Replace('\\', '/').TrimStart('/'), StringComparer.OrdinalIgnoreCase)
                        .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
                    part = "_rels/.rels";
                    var workbookPath = Targets(part, "")
                        .FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target
                        ?? "xl/workbook.xml";
                    part = workbookPath;
                    var (sheetName, sheetId) = FirstSheet(workbookPath);
                    var folder = workbookPath.Contains('/', StringComparison.Ordinal) ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";
                    var relationships = Targets($"{folder}_rels/{workbookPath[folder.Length..]}.rels", folder);
                    var sheetPath = relationships.FirstOrDefault(r => r.Id == sheetId).Target
                        ?? throw Invalid($"找不到第一张工作表「{sheetName}」（{workbookPath} 中的 {sheetId}）");

                    if (relationships.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target is { } strings)
                    {
                        part = strings;
                        _sharedStrings = SharedStrings(strings);
                    }

                    if (relationships.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target is { } styles)
                    {
                        part = styles;
                        _styles = NumberKinds(styles);
                    }

                    part = sheetPath;
                    return new XlsxSheet(sheetName, Rows(sheetPath, sheetName));
                }
                catch (XmlException ex)
                {
                    throw Invalid($"{part} 第 {ex.LineNumber} 行第 {ex.LinePosition} 列：{ex.Message}", ex);
                }
                catch (InvalidDataException ex)
                {
                    throw Invalid(part.Length == 0 ? $"压缩包目录损坏：{ex.Message}" : $"{part} 无法解压：{ex.Message}", ex);
                }
            }
        }

        private void RefuseNonZip(Stream zip)
        {
            Span<byte> head = stackalloc byte[8];
            zip.Position = 0;
            var length = zip.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            zip.Position = 0;
            head = head[..length];
            if (head.StartsWith("PK\x03\x04"u8))
            {
                return;
            }

            throw new SpreadsheetException(head switch
            {
                // The compound-file format of Excel 97–2003, and of a workbook encrypted with a password.
                [0xD0, 0xCF, 0x11, 0xE0, ..] => $"无法读取 Excel 文件：{source}的内容是旧版 Excel（.xls）文件或加了密码的工作簿，只能读取未加密的 .xlsx，请另存为 .xlsx。",
                [] => $"无法读取 Excel 文件：{source}的内容是空的。",
                [(byte)'<', ..] or [0xEF, 0xBB, 0xBF, (byte)'<', ..] => $"无法读取 Excel 文件：{source}的内容是网页或 XML，不是 XLSX 工作簿（地址可能指向了下载页面或错误页面）。",
                _ => $"无法读取 Excel 文件：{source}的内容不是 XLSX 工作簿（XLSX 文件是 zip 压缩包，这个不是）。",
            });
        }

        // The entry count from the end-of-central-directory record, before ZipArchive reads a single entry.
        private void RefuseTooManyEntries(Stream zip)
        {
            var tail = (int)Math.Min(zip.Length, 22 + ushort.MaxValue);
            var buffer = new byte[tail];
            zip.Seek(-tail, SeekOrigin.End);
            zip.ReadExactly(buffer);
            zip.Position = 0;
            for (var i = tail - 22; i >= 0; i--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) == 0x06054b50)
                {
                    // 0xFFFF means the count is in the Zip64 record: checked below, once the directory is read.
                    var count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10));
                    if (count != ushort.MaxValue && count > limits.MaxZipEntries)
                    {
                        throw TooManyEntries(count);
                    }

                    return;
                }
            }
        }

        private void CheckDirectory(ZipArchive archive)
        {
            if (archive.Entries.Count > limits.MaxZipEntries)
            {
                throw TooManyEntries(archive.Entries.Count);
            }

            // Summed with a stop: a Zip64 directory can claim sizes whose sum overflows.
            var declared = 0L;
            foreach (var entry in archive.Entries)
            {
                declared += Math.Max(entry.Length, 0);
                if (entry.Length > limits.MaxUncompressedBytes || declared > limits.MaxUncompressedBytes)
                {
                    throw OverLimit($"解压后共 {archive.Entries.Sum(e => (decimal)e.Length)} 字节，超过 {MaxBytesKey}（{limits.MaxUncompressedBytes}）");
                }
            }
        }

        private (string Name, string Id) FirstSheet(string workbookPath)
        {
            using var reader = Open(workbookPath) ?? throw Invalid($"缺少工作簿 {workbookPath}");
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "workbookPr")
                {
                    _date1904 = reader.GetAttribute("date1904") is "1" or "true";
                }
                else if (reader.LocalName == "sheet")
                {
                    // The first sheet in the file is the first tab, as Excel and MiniExcel take it.
                    return (reader.GetAttribute("name") ?? "Sheet1", RelationshipId(reader) ?? throw Invalid($"{workbookPath} 中的第一张工作表没有 r:id"));
                }
            }

            throw Invalid("工作簿中没有工作表");
        }

        private List<(string Id, string Type, string Target)> Targets(string relsPath, string folder)
        {
            var targets = new List<(string, string, string)>();
            using var reader = Open(relsPath);
            while (reader is not null && reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                    && reader.GetAttribute("TargetMode") != "External" && reader.GetAttribute("Target") is { } target)
                {
                    targets.Add((reader.GetAttribute("Id") ?? "", reader.GetAttribute("Type") ?? "", Resolve(folder, target)));
                }
            }

            return targets;
        }

        private List<string> SharedStrings(string path)
        {
            var strings = new List<string>();
            using var reader = Open(path);
            if (reader is null)
            {
                return strings;
            }

            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
                {
                    ct.ThrowIfCancellationRequested();
                    strings.Add(RichText(reader));
                }
                else
                {
                    reader.Read();
                }
            }

            return strings;
        }

        // Which cell formats (by index, as a cell's s attribute gives it) show a number as a date or a time.
        private List<NumberKind> NumberKinds(string path)
        {
            var custom = new Dictionary<int, string>();
            var kinds = new List<NumberKind>();
            using var reader = Open(path);
            if (reader is null)
            {
                return kinds;
            }

            var inCellFormats = false;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
                {
                    inCellFormats = false;
                }
                else if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                else if (reader.LocalName == "numFmt" && int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id))
                {
                    custom[id] = reader.GetAttribute("formatCode") ?? "";
                }
                else if (reader.LocalName == "cellXfs")
                {
                    inCellFormats = !reader.IsEmptyElement;
                }
                else if (inCellFormats && reader.LocalName == "xf")
                {
                    _ = int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var format);
                    kinds.Add(custom.TryGetValue(format, out var code) ? KindOf(code) : BuiltInKind(format));
                }
            }

            return kinds;
        }

        private List<SheetRow> Rows(string path, string sheetName)
        {
            using var reader = Open(path) ?? throw Invalid($"缺少工作表 {path}");
            var rows = new List<SheetRow>();
            while (reader.Read() && !(reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheetData"))
            {
            }

            if (reader.EOF || reader.IsEmptyElement)
            {
                return rows;
            }

            var depth = reader.Depth;
            var last = 0;
            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
                {
                    Next(reader);
                    continue;
                }

                ct.ThrowIfCancellationRequested();
                var number = last + 1;
                if (reader.GetAttribute("r") is { } r && (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
                {
                    throw Invalid($"工作表的行号「{Excerpt(r)}」无效");
                }

                if (number <= last)
                {
                    throw Invalid($"工作表的行顺序有误：第 {number} 行出现在第 {last} 行之后");
                }

                last = number;
                if (!reader.IsEmptyElement && Cells(reader, number, sheetName) is { } cells)
                {
                    rows.Add(new SheetRow(number, cells));
                }

                reader.Read();
            }

            return rows;
        }

        // The row's cells up to its last that holds something, or null when none does; leaves the reader on the row's end.
        private string[]? Cells(XmlReader reader, int row, string sheetName)
        {
            var depth = reader.Depth;
            var texts = new List<(int Column, string Text)>();
            var column = 0;
            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
                {
                    Next(reader);
                    continue;
                }

                column = reader.GetAttribute("r") is { } reference ? ColumnOf(reference) : column + 1;
                var text = CellText(reader, row, column);
                if (text.Length == 0)
                {
                    continue;
                }

                if (row > limits.MaxRows)
                {
                    throw OverLimit($"第一张工作表「{sheetName}」用到第 {row} 行，超过 {MaxRowsKey}（{limits.MaxRows}）");
                }

                if (column > limits.MaxColumns)
                {
                    throw OverLimit($"第一张工作表「{sheetName}」用到第 {column} 列（{ColumnName(column)} 列），超过 {MaxColumnsKey}（{limits.MaxColumns}）");
                }

                texts.Add((column, text));
            }

            if (texts.Count == 0)
            {
                return null;
            }

            var cells = new string[texts.Max(t => t.Column)];
            Array.Fill(cells, "");
            foreach (var (at, text) in texts)
            {
                cells[at - 1] = text;
            }

            return cells;
        }

        // One <c> as text, trimmed; leaves the reader after it. A formula's cached <v> is its value.
        private string CellText(XmlReader reader, int row, int column)
        {
            var type = reader.GetAttribute("t");
            var style = int.TryParse(reader.GetAttribute("s"), CultureInfo.InvariantCulture, out var s) ? s : 0;
            string? value = null;
            string? inline = null;
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return "";
            }

            var depth = reader.Depth;
            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v")
                {
                    value = reader.ReadElementContentAsString();
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "is")
                {
                    inline = RichText(reader);
                }
                else
                {
                    // <f> (the formula, never evaluated), <extLst>.
                    Next(reader);
                }
            }

            reader.Read();
            return (type switch
            {
                "s" => SharedString(value, row, column),
                "inlineStr" => inline ?? value ?? "",
                "str" or "e" => value ?? "",
                "b" => value?.Trim() switch { "1" => "True", "0" => "False", var other => other ?? "" },
                "d" => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? DateText(date) : value ?? "",
                _ => NumberText(value, style),
            }).Trim();
        }

        private string SharedString(string? index, int row, int column) =>
            int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _sharedStrings.Count
                ? _sharedStrings[i]
                : throw Invalid($"第 {row} 行 {ColumnName(column)} 列引用了不存在的共享字符串「{Excerpt(index ?? "")}」");

        private string NumberText(string? value, int style)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return value ?? "";
            }

            var kind = style >= 0 && style < _styles.Count ? _styles[style] : NumberKind.Number;
            if (kind == NumberKind.Time && number is >= 0 and < 1e6)
            {
                return TimeSpan.FromSeconds(Math.Round(number * 86400)).ToString("c", CultureInfo.InvariantCulture);
            }

            var serial = _date1904 ? number + 1462 : number;
            if (kind == NumberKind.Date && serial is > -657435 and < 2958466)
            {
                // To the nearest second, as Excel shows it: 08:30 is stored as 0.35416666666666669.
                var ticks = DateTime.FromOADate(serial).Ticks;
                return DateText(new DateTime(Math.Min((ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTime.MaxValue.Ticks)));
            }

            return number.ToString("R", CultureInfo.InvariantCulture);
        }

        private static string DateText(DateTime time) =>
            time.ToString(time.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private int ColumnOf(string reference)
        {
            var column = 0;
            var letters = 0;
            foreach (var c in reference)
            {
                var upper = char.ToUpperInvariant(c);
                if (upper is < 'A' or > 'Z')
                {
                    break;
                }

                // Past XFD is no column at all; capped so that the number cannot overflow.
                column = Math.Min((column * 26) + (upper - 'A' + 1), 1_000_000);
                letters++;
            }

            return letters > 0 && letters < reference.Length && char.IsAsciiDigit(reference[letters])
                ? column
                : throw Invalid($"单元格引用「{Excerpt(reference)}」无效");
        }

        private XmlReader? Open(string path)
        {
            if (!_entries.TryGetValue(path, out var entry))
            {
                return null;
            }

            ct.ThrowIfCancellationRequested();
            return XmlReader.Create(new MeteredStream(entry.Open(), _budget), XmlSettings);
        }

        private SpreadsheetException TooManyEntries(int count) =>
            OverLimit($"压缩包中有 {count} 个文件，超过 {MaxEntriesKey}（{limits.MaxZipEntries}）");

        private SpreadsheetException OverLimit(string detail) => new($"{source}的 Excel 文件超出限制：{detail}。");

        private SpreadsheetException Invalid(string detail, Exception? inner = null) =>
            new($"无法读取 Excel 文件：{source}的内容不是有效的 XLSX 工作簿（{detail}）。", inner);
    }

    // The text of a string item (<si>, <is>): its <t>, or its runs' <t>s, without phonetic guides (<rPh>).
    // Leaves the reader after the element.
    private static string RichText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var text = new StringBuilder();
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
            {
                text.Append(reader.ReadElementContentAsString());
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName is not "r")
            {
                reader.Skip();
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
        return text.ToString();
    }

    // Past a node: an element with all it holds, anything else by itself.
    private static void Next(XmlReader reader)
    {
        if (reader.NodeType == XmlNodeType.Element)
        {
            reader.Skip();
        }
        else
        {
            reader.Read();
        }
    }

    private static string? RelationshipId(XmlReader reader)
    {
        // r:id in the transitional or the strict relationships namespace.
        while (reader.MoveToNextAttribute())
        {
            if (reader.LocalName == "id" && reader.NamespaceURI.EndsWith("/relationships", StringComparison.Ordinal))
            {
                var id = reader.Value;
                reader.MoveToElement();
                return id;
            }
        }

        reader.MoveToElement();
        return null;
    }

    // A relationship's target: absolute from the package root when it starts with '/', else relative to the part's folder.
    private static string Resolve(string folder, string target)
    {
        var segments = new List<string>();
        foreach (var segment in (target.StartsWith('/') ? target : folder + target).Replace('\\', '/').Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    // Excel's built-in formats that show a date (14–17, 22; 27–36 and 50–58 in the Chinese, Japanese and Korean locales) or a time.
    private static NumberKind BuiltInKind(int format) => format switch
    {
        (>= 14 and <= 17) or 22 or (>= 27 and <= 36) or (>= 50 and <= 58) => NumberKind.Date,
        (>= 18 and <= 21) or (>= 45 and <= 47) => NumberKind.Time,
        _ => NumberKind.Number,
    };

    // A custom format shows a date when, outside quoted text, escapes and [colour]/[$-804] sections, it has
    // y, d or a month (m without h or s); a time when it has only h, m, s ("yyyy\"年\"m\"月\"d\"日\"" is a date).
    private static NumberKind KindOf(string code)
    {
        var tokens = new StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '"':
                    i = code.IndexOf('"', i + 1) is var close and >= 0 ? close : code.Length;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    var inside = end < 0 ? "" : code[(i + 1)..end].ToLowerInvariant();
                    // [h], [mm], [ss]: elapsed time.
                    tokens.Append(inside.Length > 0 && inside.All(c => c is 'h' or 'm' or 's') ? inside : "");
                    i = end < 0 ? code.Length : end;
                    break;
                default:
                    tokens.Append(char.ToLowerInvariant(code[i]));
                    break;
            }
        }

        var text = tokens.ToString().Replace("am/pm", "", StringComparison.Ordinal).Replace("a/p", "", StringComparison.Ordinal);
        if (text.Contains('y') || text.Contains('d'))
        {
            return NumberKind.Date;
        }

        if (text.Contains('h') || text.Contains('s'))
        {
            return NumberKind.Time;
        }

        return text.Contains('m') ? NumberKind.Date : NumberKind.Number;
    }

    private static string Excerpt(string text) => text.Length > 20 ? text[..20] + "…" : text;

    /// <summary>
    /// The bytes read so far, against the cap: the sizes in a zip's directory are only what it claims
    /// (System.IO.Compression stops a deflated entry at its declared size, but reads a stored one whole).
    /// </summary>
    private sealed class ByteBudget(long limit, string message)
    {
        private long _spent;

        public void Spend(int bytes)
        {
            _spent += bytes;
            if (_spent > limit)
            {
                throw new SpreadsheetException(message);
            }
        }
    }

    /// <summary>A read-only stream whose every byte is charged to a <see cref="ByteBudget"/>.</summary>
    private sealed class MeteredStream(Stream inner, ByteBudget budget) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            budget.Spend(read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
