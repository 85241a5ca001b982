using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>Settings under <c>Entry</c>: the monthly figures grid.</summary>
public sealed class EntryOptions
{
    public const string SectionName = "Entry";

    /// <summary>
    /// <c>Entry:JumpWarningShare</c>: a figure that differs from last month's by more than this share of it
    /// (0.5: half) is saved only once the one who entered it confirms.
    /// </summary>
    [SettingRange(typeof(double), "0.01", "100", ErrorMessage = "Entry:JumpWarningShare 应在 0.01 到 100 之间（0.5 表示与上月相差一半以上时提醒）。")]
    public double JumpWarningShare { get; set; } = 0.5;

    /// <summary><c>Entry:MaxImportBytes</c>: the largest file <c>/entry/import</c> and <c>POST /api/v1/imports</c> take, checked before it is read.</summary>
    [SettingRange(typeof(long), "1024", "104857600", ErrorMessage = "Entry:MaxImportBytes 应在 1024（1 KB）到 104857600（100 MB）之间。")]
    public long MaxImportBytes { get; set; } = 10L * 1024 * 1024;
}

/// <summary>The data-annotation rules of <see cref="EntryOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class EntryOptionsValidator : IValidateOptions<EntryOptions>;
