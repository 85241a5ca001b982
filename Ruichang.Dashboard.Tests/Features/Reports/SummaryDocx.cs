using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace Ruichang.Dashboard.Tests.Features.Reports;

/// <summary>A work-summary document opened with the Open XML SDK, read as a reader (and Word) sees it.</summary>
public sealed class SummaryDocx
{
    private SummaryDocx(IReadOnlyList<string> paragraphs, IReadOnlyList<IReadOnlyList<string[]>> tables, IReadOnlyList<ChartData> charts, IReadOnlyList<string> errors)
    {
        Paragraphs = paragraphs;
        Tables = tables;
        Charts = charts;
        ValidationErrors = errors;
    }

    /// <summary>The body's paragraphs outside tables, each as one string.</summary>
    public IReadOnlyList<string> Paragraphs { get; }

    public string Text => string.Join("\n", Paragraphs);

    /// <summary>Each table as rows of cell texts, header first.</summary>
    public IReadOnlyList<IReadOnlyList<string[]>> Tables { get; }

    public IReadOnlyList<ChartData> Charts { get; }

    /// <summary>What the SDK's schema validator finds wrong (Office 2019 rules); empty for a document Word opens cleanly.</summary>
    public IReadOnlyList<string> ValidationErrors { get; }

    /// <summary>The first table whose header row starts with <paramref name="firstHeader"/> and holds <paramref name="alsoHeader"/>.</summary>
    public IReadOnlyList<string[]> Table(string firstHeader, string alsoHeader) =>
        Tables.First(t => t[0][0] == firstHeader && t[0].Any(h => h.Contains(alsoHeader, StringComparison.Ordinal)));

    public static SummaryDocx Open(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        var tables = body.Elements<Table>()
            .Select(t => (IReadOnlyList<string[]>)t.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList())
            .ToList();
        var charts = document.MainDocumentPart.ChartParts.Select(part =>
        {
            var chart = part.ChartSpace!;
            var title = chart.Descendants<C.Title>().First().InnerText;
            var categories = chart.Descendants<C.CategoryAxisData>().Single().Descendants<C.StringPoint>().Select(p => p.InnerText).ToList();
            var values = chart.Descendants<C.Values>().Single().Descendants<C.NumericPoint>().Select(p => double.Parse(p.InnerText, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            return new ChartData(title, categories, values, part.EmbeddedPackagePart is not null);
        }).ToList();
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        return new SummaryDocx(paragraphs, tables, charts, errors);
    }
}

/// <summary>One native chart: its title, its categories and values in order, and whether its data workbook is embedded (Word's "编辑数据").</summary>
public sealed record ChartData(string Title, IReadOnlyList<string> Categories, IReadOnlyList<double> Values, bool HasWorkbook);
