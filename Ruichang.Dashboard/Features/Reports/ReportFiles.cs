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
