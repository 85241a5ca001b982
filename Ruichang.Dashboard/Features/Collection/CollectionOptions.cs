namespace Ruichang.Dashboard.Features.Collection;

/// <summary>Settings under <c>Collection</c>.</summary>
public sealed class CollectionOptions
{
    public const string SectionName = "Collection";

    /// <summary>Run the Quartz collectors (<c>Collection:Enabled</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The county's time zone for periods and schedules (<c>Collection:TimeZone</c>).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}
