using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>Checks and generates passwords against the Identity password options.</summary>
public static class PasswordPolicy
{
    // No 0/O, 1/l/I: a generated password is read off a console and typed in by hand.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>A random password of at least 20 characters (about 115 bits).</summary>
    public static string Generate(PasswordOptions options) =>
        RandomNumberGenerator.GetString(Alphabet, Math.Max(20, options.RequiredLength));

    /// <summary>
    /// What is wrong with <paramref name="password"/> under <paramref name="options"/>, or null.
    /// Used where no <see cref="UserManager{TUser}"/> exists yet (a setting read at start).
    /// </summary>
    public static string? Problem(string password, PasswordOptions options)
    {
        var problems = new List<string>();
        if (password.Length < options.RequiredLength)
        {
            problems.Add($"至少 {options.RequiredLength} 个字符");
        }

        if (password.Distinct().Count() < options.RequiredUniqueChars)
        {
            problems.Add($"至少 {options.RequiredUniqueChars} 个不同字符");
        }

        if (options.RequireDigit && !password.Any(char.IsAsciiDigit))
        {
            problems.Add("至少一个数字");
        }

        if (options.RequireLowercase && !password.Any(char.IsAsciiLetterLower))
        {
            problems.Add("至少一个小写字母");
        }

        if (options.RequireUppercase && !password.Any(char.IsAsciiLetterUpper))
        {
            problems.Add("至少一个大写字母");
        }

        if (options.RequireNonAlphanumeric && password.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add("至少一个符号");
        }

        return problems.Count == 0 ? null : "密码需要" + string.Join("、", problems) + "。";
    }
}
