namespace Ruichang.Dashboard.Features.Account;

/// <summary>Settings under <c>Bootstrap</c>: the first administrator, created on first start.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";
    public const string AdminUserNameKey = $"{SectionName}:{nameof(AdminUserName)}";
    public const string AdminPasswordKey = $"{SectionName}:{nameof(AdminPassword)}";

    /// <summary>The first administrator's user name (<c>Bootstrap:AdminUserName</c>).</summary>
    public string AdminUserName { get; set; } = "admin";

    /// <summary>
    /// The first administrator's password (<c>Bootstrap:AdminPassword</c>). Used only when the
    /// administrator is created; when empty, a password is generated and printed once.
    /// </summary>
    public string? AdminPassword { get; set; }
}
