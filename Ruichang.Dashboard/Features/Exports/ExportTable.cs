using Microsoft.Net.Http.Headers;

namespace Ruichang.Dashboard.Features.Exports;

/// <summary>The two file formats a table is exported in.</summary>
public enum TableFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// A file's name twice, for <c>Content-Disposition</c> (RFC 6266): as the reader should see it
/// (<c>排名-微博粉丝数-2014年9月</c>, sent as <c>filename*</c> in UTF-8) and in ASCII for a client that
/// only knows <c>filename</c> (<c>ranking-weibo_followers-2014-09</c>); both without the extension.
/// </summary>
public sealed record ExportFileName(string Name, string AsciiName)
{
    /// <summary>
    /// The <c>Content-Disposition</c> of every download the app names (exported tables, the work summary, the files
    /// the reports job wrote): <c>attachment; filename="ranking-….xlsx"; filename*=UTF-8''%E6%8E%92…</c>. Any
    /// character of <see cref="AsciiName"/> outside printable ASCII (or a quote or backslash) becomes <c>_</c>, so the
    /// fallback stays plain ASCII whatever a caller passed.
    /// </summary>
    public string ContentDisposition(string extension)
    {
        var ascii = string.Concat((AsciiName + extension).Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_'));
        return new ContentDispositionHeaderValue("attachment") { FileName = ascii, FileNameStar = Name + extension }.ToString();
    }
}

/// <summary>
/// A table as it is exported: lines above it (a title, the period, "数据来源：…"; none for a file meant to be
/// imported again), its column headers, and its rows, each a value per column: <see cref="string"/> for text,
/// <see cref="double"/> or <see cref="int"/> for a number, null for an empty cell. The rows are enumerated once,
/// while the file is written, so a large table is never held whole.
/// </summary>
public sealed record ExportTable(ExportFileName FileName, IReadOnlyList<string> Preamble, IReadOnlyList<string> Columns, IEnumerable<object?[]> Rows);

/// <summary>A table as one sheet of a workbook, under <paramref name="Name"/> (made a name Excel accepts when it is not one).</summary>
public sealed record ExportSheet(string Name, ExportTable Table);
