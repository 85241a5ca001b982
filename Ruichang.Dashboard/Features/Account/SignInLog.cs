namespace Ruichang.Dashboard.Features.Account;

/// <summary>Sign-in events, for whoever reads the server's log after a complaint or an attack.</summary>
internal static partial class SignInLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} signed in")]
    public static partial void SignedIn(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed for {UserName}")]
    public static partial void Failed(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for {UserName}: account locked out")]
    public static partial void LockedOut(ILogger logger, string userName);
}
