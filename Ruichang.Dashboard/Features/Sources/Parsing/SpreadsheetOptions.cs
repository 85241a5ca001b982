using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Sources.Parsing;

/// <summary>
/// <c>Spreadsheets:*</c>: how large an Excel (XLSX) file may be, whoever sends it (a ranking list, a
/// commentator platform's export, a staff upload). A county needs a tenth of the defaults: a month's
/// commentator export is about 3,000 rows of 7 columns, a published list a few hundred rows.
/// </summary>
public sealed class SpreadsheetOptions
{
    public const string SectionName = "Spreadsheets";

    /// <summary>The highest row of the first sheet that may hold something.</summary>
    [SettingRange(1, 1_048_576, ErrorMessage = "Spreadsheets:MaxRows 应在 1 到 1048576（Excel 的最大行数）之间。")]
    public int MaxRows { get; set; } = 50_000;

    /// <summary>The rightmost column of the first sheet that may hold something (100 is CV).</summary>
    [SettingRange(1, 16_384, ErrorMessage = "Spreadsheets:MaxColumns 应在 1 到 16384（Excel 的最大列数）之间。")]
    public int MaxColumns { get; set; } = 100;

    /// <summary>Files in the workbook's zip; Excel writes about ten.</summary>
    [SettingRange(1, 10_000, ErrorMessage = "Spreadsheets:MaxZipEntries 应在 1 到 10000 之间。")]
    public int MaxZipEntries { get; set; } = 100;

    /// <summary>The workbook's files together once decompressed (bytes).</summary>
    [SettingRange(typeof(long), "1048576", "1073741824", ErrorMessage = "Spreadsheets:MaxUncompressedBytes 应在 1048576（1 MB）到 1073741824（1 GB）之间。")]
    public long MaxUncompressedBytes { get; set; } = 50L * 1024 * 1024;
}

/// <summary>Checks <see cref="SpreadsheetOptions"/> on start; the messages name the key.</summary>
[OptionsValidator]
internal sealed partial class SpreadsheetOptionsValidator : IValidateOptions<SpreadsheetOptions>;
