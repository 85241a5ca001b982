using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Ruichang.Dashboard.Features.Exports;

/// <summary>Settings under <c>Department</c>: who publishes what the app exports.</summary>
public sealed class DepartmentOptions
{
    public const string SectionName = "Department";

    /// <summary><c>Department:Name</c>: the department named after "数据来源：" in exported tables (and charts and reports).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Department:Name 不能为空（导出文件中“数据来源：”后的单位名称）。")]
    [MaxLength(100, ErrorMessage = "Department:Name 最长 100 个字符。")]
    public string Name { get; set; } = "中共瑞昌市委宣传部";
}

/// <summary>The data-annotation rules of <see cref="DepartmentOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class DepartmentOptionsValidator : IValidateOptions<DepartmentOptions>;
