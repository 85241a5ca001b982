namespace Ruichang.Dashboard.Features.Account;

/// <summary>
/// Sign-in events, for whoever reads the server's log after a complaint or an attack. The typed user
/// name is whatever a stranger sent: it is logged without control characters (no forged log lines)
/// and at most <see cref="MaxLoggedName"/> characters, with the client's address.
/// </summary>
internal static partial class SignInLog
{
    public const int MaxLoggedName = 64;

    /// <summary>The typed name as logged: control and format characters dropped, shortened with an ellipsis.</summary>
    public static string Clean(string? typed)
    {
        var kept = new string((typed ?? "").Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray());
        return kept.Length <= MaxLoggedName ? kept : kept[..MaxLoggedName] + "…";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} signed in from {Address}")]
    public static partial void SignedIn(ILogger logger, string userName, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed for {UserName} from {Address}")]
    public static partial void Failed(ILogger logger, string userName, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for {UserName} from {Address}: account locked out or disabled")]
    public static partial void LockedOut(ILogger logger, string userName, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in form rate limit reached for {Address}")]
    public static partial void RateLimited(ILogger logger, string address);
}
