using Microsoft.AspNetCore.Identity;
using Ruichang.Dashboard.Features.Localization;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>Identity's errors in the UI's languages (the command-line verbs print them too).</summary>
internal sealed class ChineseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() =>
        Error(nameof(DefaultError), "发生未知错误。", "An unknown failure has occurred.");

    public override IdentityError ConcurrencyFailure() =>
        Error(nameof(ConcurrencyFailure), "数据已被他人修改，请重试。", "The record was changed by someone else; try again.");

    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), $"用户名 \"{userName}\" 已存在。", $"User name '{userName}' is already taken.");

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), $"用户名 \"{userName}\" 无效：只能包含英文字母、数字和 -._@+。",
            $"User name '{userName}' is invalid: use letters, digits and -._@+ only.");

    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), $"密码至少需要 {length} 个字符。", $"Passwords must be at least {length} characters.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), $"密码至少需要 {uniqueChars} 个不同字符。", $"Passwords must use at least {uniqueChars} different characters.");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), "密码至少需要一个符号。", "Passwords must have at least one symbol.");

    public override IdentityError PasswordRequiresDigit() =>
        Error(nameof(PasswordRequiresDigit), "密码至少需要一个数字。", "Passwords must have at least one digit.");

    public override IdentityError PasswordRequiresLower() =>
        Error(nameof(PasswordRequiresLower), "密码至少需要一个小写字母。", "Passwords must have at least one lowercase letter.");

    public override IdentityError PasswordRequiresUpper() =>
        Error(nameof(PasswordRequiresUpper), "密码至少需要一个大写字母。", "Passwords must have at least one uppercase letter.");

    public override IdentityError UserAlreadyInRole(string role) =>
        Error(nameof(UserAlreadyInRole), $"用户已有角色 {role}。", $"User already has the role {role}.");

    public override IdentityError PasswordMismatch() =>
        Error(nameof(PasswordMismatch), "当前密码不正确。", "The current password is wrong.");

    public override IdentityError InvalidToken() =>
        Error(nameof(InvalidToken), "令牌无效。", "Invalid token.");

    private static IdentityError Error(string code, string zh, string en) => new() { Code = code, Description = Ui.Text(zh, en) };
}
