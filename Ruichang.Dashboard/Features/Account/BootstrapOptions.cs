using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>Settings under <c>Bootstrap</c>: the first administrator, created on first start.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";
    public const string AdminUserNameKey = $"{SectionName}:{nameof(AdminUserName)}";
    public const string AdminPasswordKey = $"{SectionName}:{nameof(AdminPassword)}";

    private string _adminUserName = "admin";

    /// <summary>The first administrator's user name (<c>Bootstrap:AdminUserName</c>), without the spaces around it.</summary>
    public string AdminUserName
    {
        get => _adminUserName;
        set => _adminUserName = value?.Trim() ?? "";
    }

    /// <summary>
    /// The first administrator's password (<c>Bootstrap:AdminPassword</c>). Used only when the
    /// administrator is created; when empty, a password is generated and printed once.
    /// </summary>
    public string? AdminPassword { get; set; }
}

/// <summary>The first administrator's name must be one Identity accepts, and a password given must follow the password rules.</summary>
internal sealed class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        var identity = new IdentityOptions();
        AccountFeature.ConfigureIdentity(identity);
        var result = new ValidateOptionsResultBuilder();
        var userName = options.AdminUserName?.Trim();
        if (string.IsNullOrEmpty(userName) || userName.Any(c => !identity.User.AllowedUserNameCharacters.Contains(c)))
        {
            result.AddError($"{BootstrapOptions.AdminUserNameKey} 用户名 \"{options.AdminUserName}\" 无效：不能为空，只能包含英文字母、数字和 -._@+。");
        }

        if (!string.IsNullOrEmpty(options.AdminPassword) && PasswordPolicy.Problem(options.AdminPassword, identity.Password) is { } problem)
        {
            result.AddError($"{BootstrapOptions.AdminPasswordKey} 初始管理员密码不符合密码规则：{problem}");
        }

        return result.Build();
    }
}
