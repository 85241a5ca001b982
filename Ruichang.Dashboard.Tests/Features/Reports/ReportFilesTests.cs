using Ruichang.Dashboard.Features.Reports;

namespace Ruichang.Dashboard.Tests.Features.Reports;

public sealed class ReportFilesTests
{
    [Theory]
    [InlineData("瑞昌网络宣传工作总结-2026年11月.docx", "瑞昌网络宣传工作总结-2026年11月", "report-2026-11")]
    [InlineData("网评员-2026年11月.xlsx", "网评员-2026年11月", "report-2026-11")]
    [InlineData("notes 2026 (v2).xlsx", "notes 2026 (v2)", "report-notes-2026-v2")]
    [InlineData("总结.docx", "总结", "report")]
    public void A_written_file_is_downloaded_under_its_own_name_with_report_and_its_ascii_letters_and_digits_as_fallback(
        string file, string name, string ascii)
    {
        var downloadName = ReportFiles.DownloadName(file);

        Assert.Equal(name, downloadName.Name);
        Assert.Equal(ascii, downloadName.AsciiName);
    }
}
