namespace Ruichang.Dashboard.Features.Demo;

/// <summary>Settings under <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>
    /// Seed the demo history on start (<c>Demo:Enabled</c>); on in Development, off otherwise.
    /// <c>purge-demo</c> removes the demo rows whatever the setting.
    /// </summary>
    public bool Enabled { get; set; }
}
