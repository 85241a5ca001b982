using Ruichang.Dashboard.Features.Localization;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>The roles as the UI names them.</summary>
public static class RoleNames
{
    public static string Of(string? role) => role switch
    {
        Roles.Admin => Ui.Text("管理员", "Administrator"),
        Roles.Staff => Ui.Text("工作人员", "Staff"),
        Roles.Leader => Ui.Text("领导", "Leader"),
        null or "" => Ui.Text("无角色", "No role"),
        _ => role,
    };
}
