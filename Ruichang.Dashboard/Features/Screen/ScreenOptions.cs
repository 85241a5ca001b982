using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Screen;

/// <summary>Settings under <c>Screen</c>: what the big screen shows and how it moves.</summary>
public sealed class ScreenOptions
{
    public const string SectionName = "Screen";

    /// <summary><c>Screen:PanelInterval</c>: how long each rotating panel stays before the next.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:05", "00:10:00", ErrorMessage = "Screen:PanelInterval 应在 00:00:05 到 00:10:00 之间。")]
    public TimeSpan PanelInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The data-annotation rules of <see cref="ScreenOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class ScreenOptionsValidator : IValidateOptions<ScreenOptions>;
