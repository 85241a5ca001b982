using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>
/// What happens to accounts and API tokens, kept in the append-only audit trail beside the figures'
/// changes (<see cref="AuditEntities.User"/>, <see cref="AuditEntities.ApiToken"/>): sign-ins,
/// lockouts, who disabled whom. The admin page reads the recent ones back.
/// </summary>
public static class AccountAudit
{
    public const string SignedIn = "sign-in";
    public const string LockedOut = "lockout";
    public const string Created = "create";
    public const string RoleChanged = "role";
    public const string Disabled = "disable";
    public const string Enabled = "enable";
    public const string PasswordReset = "reset-password";
    public const string PasswordChanged = "change-password";
    public const string Revoked = "revoke";

    /// <summary>Who acted from the command line: the operating-system account, as the display keys record it.</summary>
    public static string CommandLineActor => $"cli:{Environment.UserName}";

    public static void Add(DashboardDbContext db, DateTime nowUtc, string actor, string entityType, string action, string entityKey,
        string? oldValue = null, string? newValue = null, string? reason = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = nowUtc,
            UserName = Shorten(actor, 256),
            Action = action,
            EntityType = entityType,
            EntityKey = Shorten(entityKey, 200),
            OldValue = oldValue,
            NewValue = newValue,
            Reason = reason is null ? null : Shorten(reason, 500),
        });

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length];
}
