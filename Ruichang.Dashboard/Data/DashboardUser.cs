using Microsoft.AspNetCore.Identity;

namespace Ruichang.Dashboard.Data;

public sealed class DashboardUser : IdentityUser
{
    /// <summary>The name shown in the UI and the audit trail (e.g. 张三).</summary>
    public string? DisplayName { get; set; }
}
