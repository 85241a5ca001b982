using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// XLSX files written by hand, part by part, for the cases no spreadsheet program writes on purpose
/// (a cell at XFD1048576, a zip bomb, a directory that lies) and for exact control of the XML.
/// </summary>
public static class XlsxFiles
{
    public const string SheetPath = "xl/worksheets/sheet1.xml";

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>
    /// A workbook whose first sheet, named <paramref name="sheetName"/>, holds <paramref name="sheetData"/>
    /// (the content of <c>&lt;sheetData&gt;</c>), with its shared strings and the <c>&lt;numFmts&gt;</c> and
    /// <c>&lt;cellXfs&gt;</c> of its styles. A second sheet, "其他", comes after it.
    /// </summary>
    public static byte[] Workbook(
        string sheetData, string[]? sharedStrings = null, string? numberFormats = null, string cellFormats = """<xf numFmtId="0"/>""",
        string sheetName = "Sheet1", CompressionLevel sheetCompression = CompressionLevel.Optimal) =>
        Zip(sheetCompression, Parts(Sheet(sheetData), sharedStrings, numberFormats, cellFormats, sheetName));

    /// <summary>The parts of <see cref="Workbook"/> with <paramref name="sheetXml"/> as the whole first sheet.</summary>
    public static List<(string Path, string Xml)> Parts(
        string sheetXml, string[]? sharedStrings = null, string? numberFormats = null, string cellFormats = """<xf numFmtId="0"/>""", string sheetName = "Sheet1")
    {
        var strings = string.Concat((sharedStrings ?? []).Select(s => $"<si><t xml:space=\"preserve\">{System.Security.SecurityElement.Escape(s)}</t></si>"));
        return
        [
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                  <Default Extension="xml" ContentType="application/xml"/>
                  <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                </Types>
                """),
            ("_rels/.rels", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="{PackageRelationships}">
                  <Relationship Id="rId1" Type="{Relationships}/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """),
            ("xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="{Main}" xmlns:r="{Relationships}">
                  <sheets><sheet name="{sheetName}" sheetId="1" r:id="rId1"/><sheet name="其他" sheetId="2" r:id="rId4"/></sheets>
                </workbook>
                """),
            ("xl/_rels/workbook.xml.rels", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="{PackageRelationships}">
                  <Relationship Id="rId4" Type="{Relationships}/worksheet" Target="worksheets/sheet2.xml"/>
                  <Relationship Id="rId1" Type="{Relationships}/worksheet" Target="worksheets/sheet1.xml"/>
                  <Relationship Id="rId2" Type="{Relationships}/sharedStrings" Target="sharedStrings.xml"/>
                  <Relationship Id="rId3" Type="{Relationships}/styles" Target="/xl/styles.xml"/>
                </Relationships>
                """),
            (SheetPath, sheetXml),
            ("xl/worksheets/sheet2.xml", Sheet("""<row r="1"><c r="A1" t="inlineStr"><is><t>不该读到的工作表</t></is></c></row>""")),
            ("xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{Main}">{strings}</sst>"""),
            ("xl/styles.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="{Main}">{(numberFormats is null ? "" : $"<numFmts>{numberFormats}</numFmts>")}
                  <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
                  <cellXfs>{cellFormats}</cellXfs>
                </styleSheet>
                """),
        ];
    }

    /// <summary>A worksheet part around <paramref name="sheetData"/>.</summary>
    public static string Sheet(string sheetData, string dimension = "A1") => $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="{Main}"><dimension ref="{dimension}"/><sheetData>{sheetData}</sheetData></worksheet>
        """;

    /// <summary>A zip of <paramref name="parts"/> in UTF-8; the first sheet compressed as <paramref name="sheetCompression"/>.</summary>
    public static byte[] Zip(CompressionLevel sheetCompression, IEnumerable<(string Path, string Xml)> parts)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, xml) in parts)
            {
                using var entry = zip.CreateEntry(path, path == SheetPath ? sheetCompression : CompressionLevel.Optimal).Open();
                entry.Write(Encoding.UTF8.GetBytes(xml));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The zip with the uncompressed size its central directory gives for <paramref name="path"/> replaced by <paramref name="claimed"/>.</summary>
    public static byte[] WithClaimedSize(byte[] zip, string path, uint claimed)
    {
        var patched = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(path);
        for (var i = 0; i + 46 <= patched.Length; i++)
        {
            var span = patched.AsSpan(i);
            if (BinaryPrimitives.ReadUInt32LittleEndian(span) == 0x02014b50
                && BinaryPrimitives.ReadUInt16LittleEndian(span[28..]) == name.Length
                && span[46..].StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[24..], claimed);
                return patched;
            }
        }

        throw new InvalidOperationException($"{path} is not in the zip's directory");
    }
}
