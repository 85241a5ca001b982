using Microsoft.Extensions.Options;

namespace Ruichang.Dashboard.Features.Reports;

/// <summary>Settings under <c>Reports</c>: where the monthly job writes its work summaries.</summary>
public sealed class ReportsOptions
{
    public const string SectionName = "Reports";

    /// <summary>
    /// <c>Reports:OutputFolder</c>: the folder the <c>reports</c> job writes to and <c>/reports</c> lists; a relative
    /// path is under the app's folder.
    /// </summary>
    public string OutputFolder { get; set; } = Path.Combine("App_Data", "reports");
}

/// <summary>Checks <see cref="ReportsOptions"/>: a folder is named, and it is a path.</summary>
internal sealed class ReportsOptionsValidator : IValidateOptions<ReportsOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OutputFolder))
        {
            return ValidateOptionsResult.Fail("Reports:OutputFolder 不能为空：应为保存工作总结的文件夹，如 App_Data/reports。");
        }

        return options.OutputFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0
            ? ValidateOptionsResult.Fail($"Reports:OutputFolder 不是有效的路径：\"{options.OutputFolder}\"。")
            : ValidateOptionsResult.Success;
    }
}
