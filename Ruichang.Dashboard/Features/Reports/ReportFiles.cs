using System.Text;
using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Features.Reports;

/// <summary>A file the job wrote: a work summary or a table.</summary>
public sealed record ReportFile(string Name, long Length, DateTime WrittenAtUtc);

/// <summary>
/// The folder the <c>reports</c> job writes to (<c>Reports:OutputFolder</c>). A file is found again only by a name
/// its own listing gives, never by joining a requested name to the folder, so no name (<c>../appsettings.json</c>,
/// an absolute path) reaches anything but the summaries and tables written there.
/// </summary>
public sealed class ReportFiles(string folder)
{
    /// <summary>The files the job writes, by extension, with their content types: Word documents and Excel workbooks.</summary>
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".docx"] = WorkSummaryDocument.ContentType,
        [".xlsx"] = TableFileResult.XlsxContentType,
    };

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The written summaries, newest first; none when the folder does not exist yet.</summary>
    public IReadOnlyList<ReportFile> List()
    {
        var directory = new DirectoryInfo(Folder);
        if (!directory.Exists)
        {
            return [];
        }

        return
        [
            .. directory.EnumerateFiles("*", SearchOption.TopDirectoryOnly)
                .Where(f => ContentTypes.ContainsKey(f.Extension))
                .Select(f => new ReportFile(f.Name, f.Length, f.LastWriteTimeUtc))
                .OrderByDescending(f => f.WrittenAtUtc).ThenBy(f => f.Name, StringComparer.Ordinal),
        ];
    }

    /// <summary>The full path and content type of the listed file called <paramref name="name"/>, or null when none is.</summary>
    public (string Path, string ContentType)? Find(string? name) =>
        List().FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal)) is { } file
            ? (Path.Combine(Folder, file.Name), ContentTypes[Path.GetExtension(file.Name)])
            : null;

    /// <summary>
    /// The name a written file is downloaded under (without its extension): its own name as <c>filename*</c> and, for a
    /// client that reads only the ASCII <c>filename</c>, one rule for every file in the folder: <c>report-</c> and the
    /// name's ASCII letters and digits, each run of other characters a single <c>-</c>
    /// (<c>排名-2026年11月.xlsx</c> → <c>report-2026-11.xlsx</c>). Derived from the name alone, because the folder is all
    /// there is to know a file by (the job may have written it in an earlier version, or someone copied it there).
    /// The job's names differ only in their Chinese words, so a month's two tables share the fallback; only a client
    /// that ignores <c>filename*</c> sees it (every current browser reads it).
    /// </summary>
    public static ExportFileName DownloadName(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var ascii = new StringBuilder();
        foreach (var c in stem)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                ascii.Append(c);
            }
            else if (ascii.Length > 0 && ascii[^1] != '-')
            {
                ascii.Append('-');
            }
        }

        var kept = ascii.ToString().TrimEnd('-');
        return new ExportFileName(stem, kept.Length == 0 ? "report" : "report-" + kept);
    }

    /// <summary>Writes a file whole: to a temporary name first, so the listing never shows half a document.</summary>
    public async Task<string> WriteAsync(string name, byte[] content, CancellationToken ct)
    {
        if (!string.Equals(Path.GetFileName(name), name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Not a plain file name: {name}", nameof(name));
        }

        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, ct);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
