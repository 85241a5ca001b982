using Microsoft.AspNetCore.Identity;

namespace Ruichang.Dashboard.Data;

public sealed class DashboardUser : IdentityUser
{
    /// <summary>The name shown in the UI and the audit trail (e.g. 张三).</summary>
    public string? DisplayName { get; set; }

    /// <summary>The password was generated or reset by someone else: the user must choose one at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>When the user last signed in successfully.</summary>
    public DateTime? LastSignInAtUtc { get; set; }
}
