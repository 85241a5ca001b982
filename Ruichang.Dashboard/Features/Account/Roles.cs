namespace Ruichang.Dashboard.Features.Account;

/// <summary>The three roles. Leaders read, staff also enter figures, administrators also manage.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";
    public const string Leader = "Leader";

    public static readonly string[] All = [Admin, Staff, Leader];

    /// <summary>Roles allowed to write figures.</summary>
    public const string Writers = $"{Admin},{Staff}";

    /// <summary>The role name as spelled in <see cref="All"/>, or null when it is not one.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
