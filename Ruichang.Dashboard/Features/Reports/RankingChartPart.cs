using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Ruichang.Dashboard.Features.Rankings;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace Ruichang.Dashboard.Features.Reports;

/// <summary>
/// A ranking as a native Word chart (a DrawingML bar chart part with its data in an embedded workbook), not a
/// picture: staff can restyle it, and change or re-sort its figures with Word's "编辑数据", as they edit the rest
/// of the draft; no browser is needed to make it (a PNG from the server would need one, and one sent back from
/// the page would not fit through the circuit). The counties ranked, best at the top, the home county in red;
/// counties without a figure are left out (a bar of 0 would say they had none).
/// </summary>
public static class RankingChartPart
{
    private const string ChartUri = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    private const string BarColour = "5B7DB1";
    private const string HomeColour = "C00000";

    /// <summary>Adds the chart's part to the document and returns the paragraph that shows it.</summary>
    public static DocumentFormat.OpenXml.Wordprocessing.Paragraph Add(MainDocumentPart main, Ranking ranking, string title, uint drawingId)
    {
        var rows = ranking.Rows.Where(r => r.Place.Value is not null).ToList();
        var chartPart = main.AddNewPart<ChartPart>();
        var workbook = chartPart.AddEmbeddedPackagePart(EmbeddedPackagePartType.Xlsx);
        using (var data = new MemoryStream())
        {
            WriteWorkbook(data, ranking.Metric.Name, rows.Select(r => (r.County.Name, r.Place.Value!.Value)).ToList());
            data.Position = 0;
            workbook.FeedData(data);
        }

        var last = (rows.Count + 1).ToString(CultureInfo.InvariantCulture);
        var categories = new C.StringCache(new C.PointCount { Val = (uint)rows.Count });
        var values = new C.NumberingCache(new C.FormatCode("General"), new C.PointCount { Val = (uint)rows.Count });
        var series = new C.BarChartSeries(
            new C.Index { Val = 0U },
            new C.Order { Val = 0U },
            new C.SeriesText(new C.StringReference(
                new C.Formula("Sheet1!$B$1"),
                new C.StringCache(new C.PointCount { Val = 1U }, new C.StringPoint(new C.NumericValue(ranking.Metric.Name)) { Index = 0U }))),
            Fill(BarColour),
            new C.InvertIfNegative { Val = false });
        for (var i = 0; i < rows.Count; i++)
        {
            categories.Append(new C.StringPoint(new C.NumericValue(rows[i].County.Name)) { Index = (uint)i });
            values.Append(new C.NumericPoint(new C.NumericValue(rows[i].Place.Value!.Value.ToString("R", CultureInfo.InvariantCulture))) { Index = (uint)i });
            if (rows[i].County.IsHome)
            {
                series.Append(new C.DataPoint(new C.Index { Val = (uint)i }, new C.InvertIfNegative { Val = false }, new C.Bubble3D { Val = false }, Fill(HomeColour)));
            }
        }

        series.Append(
            new C.DataLabels(
                new C.ShowLegendKey { Val = false }, new C.ShowValue { Val = true }, new C.ShowCategoryName { Val = false },
                new C.ShowSeriesName { Val = false }, new C.ShowPercent { Val = false }, new C.ShowBubbleSize { Val = false }),
            new C.CategoryAxisData(new C.StringReference(new C.Formula($"Sheet1!$A$2:$A${last}"), categories)),
            new C.Values(new C.NumberReference(new C.Formula($"Sheet1!$B$2:$B${last}"), values)));

        chartPart.ChartSpace = new C.ChartSpace(
            new C.EditingLanguage { Val = "zh-CN" },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                new C.Title(
                    new C.ChartText(new C.RichText(
                        new A.BodyProperties(),
                        new A.ListStyle(),
                        new A.Paragraph(new A.Run(new A.RunProperties { Language = "zh-CN", FontSize = 1200, Bold = true }, new A.Text(title))))),
                    new C.Overlay { Val = false }),
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(
                    new C.Layout(),
                    new C.BarChart(
                        new C.BarDirection { Val = C.BarDirectionValues.Bar },
                        new C.BarGrouping { Val = C.BarGroupingValues.Clustered },
                        new C.VaryColors { Val = false },
                        series,
                        new C.GapWidth { Val = 60 },
                        new C.AxisId { Val = 1U },
                        new C.AxisId { Val = 2U }),
                    new C.CategoryAxis(
                        new C.AxisId { Val = 1U },
                        // The first in the workbook (the best) at the top of a horizontal bar chart.
                        new C.Scaling(new C.Orientation { Val = C.OrientationValues.MaxMin }),
                        new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Left },
                        new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                        new C.CrossingAxis { Val = 2U },
                        new C.Crosses { Val = C.CrossesValues.AutoZero },
                        new C.AutoLabeled { Val = true },
                        new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
                        new C.LabelOffset { Val = 100 }),
                    new C.ValueAxis(
                        new C.AxisId { Val = 2U },
                        new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                        new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
                        new C.MajorGridlines(),
                        new C.NumberingFormat { FormatCode = "General", SourceLinked = true },
                        new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                        new C.CrossingAxis { Val = 1U },
                        new C.Crosses { Val = C.CrossesValues.AutoZero },
                        new C.CrossBetween { Val = C.CrossBetweenValues.Between })),
                new C.PlotVisibleOnly { Val = true },
                new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }),
            new C.ExternalData(new C.AutoUpdate { Val = false }) { Id = chartPart.GetIdOfPart(workbook) });

        // 15 cm wide; a bar of about 0.75 cm per county and room for the title and the axis.
        const long emuPerCm = 360000;
        var height = (4 + (long)Math.Ceiling(rows.Count * 0.75)) * emuPerCm;
        var inline = new DW.Inline(
            new DW.Extent { Cx = 15 * emuPerCm, Cy = height },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = drawingId, Name = title },
            new DW.NonVisualGraphicFrameDrawingProperties(),
            new A.Graphic(new A.GraphicData(new C.ChartReference { Id = main.GetIdOfPart(chartPart) }) { Uri = ChartUri }))
        {
            DistanceFromTop = 0U,
            DistanceFromBottom = 0U,
            DistanceFromLeft = 0U,
            DistanceFromRight = 0U,
        };
        return new DocumentFormat.OpenXml.Wordprocessing.Paragraph(
            // Single line spacing: the body's exact 28-point lines would cut the chart off.
            new DocumentFormat.OpenXml.Wordprocessing.ParagraphProperties(
                new DocumentFormat.OpenXml.Wordprocessing.SpacingBetweenLines { Line = "240", LineRule = DocumentFormat.OpenXml.Wordprocessing.LineSpacingRuleValues.Auto },
                new DocumentFormat.OpenXml.Wordprocessing.Justification { Val = DocumentFormat.OpenXml.Wordprocessing.JustificationValues.Center }),
            new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Drawing(inline)));
    }

    private static C.ChartShapeProperties Fill(string colour) =>
        new(new A.SolidFill(new A.RgbColorModelHex { Val = colour }));

    // The chart's data as Word keeps it: column A the counties, column B the figures, a header row above.
    private static void WriteWorkbook(Stream stream, string header, List<(string County, double Value)> rows)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var book = document.AddWorkbookPart();
        book.Workbook = new Workbook();
        var sheetPart = book.AddNewPart<WorksheetPart>();
        var data = new SheetData(Row(1, Text("A1", "区县"), Text("B1", header)));
        for (var i = 0; i < rows.Count; i++)
        {
            var r = (uint)(i + 2);
            data.Append(Row(r, Text($"A{r}", rows[i].County), new Cell(new CellValue(rows[i].Value)) { CellReference = $"B{r}" }));
        }

        sheetPart.Worksheet = new Worksheet(data);
        book.Workbook.Append(new Sheets(new Sheet { Id = book.GetIdOfPart(sheetPart), SheetId = 1U, Name = "Sheet1" }));

        static Row Row(uint index, params Cell[] cells) => new(cells) { RowIndex = index };

        static Cell Text(string reference, string text) =>
            new(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString };
    }
}
