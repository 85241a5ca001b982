using System.Security.Claims;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Account;

namespace Ruichang.Dashboard.Features.Observations;

/// <summary>Which figures a reader is shown.</summary>
public enum FigureView
{
    /// <summary>Every stored figure: entered and imported ones whatever their month's state.</summary>
    All,

    /// <summary>
    /// Collected figures, and entered or imported ones only of approved county-months: a draft someone is still
    /// checking is not shown as the county's figure (the collected figures stand in for it meanwhile).
    /// </summary>
    ApprovedOrCollected,
}

/// <summary>
/// Decides the <see cref="FigureView"/> of a reader from <c>Figures:LeadersSeeApprovedOnly</c>: with it on,
/// everyone who cannot enter figures (Leaders, Leader tokens, wall displays) sees approved or collected
/// figures only. Read on every call, so a changed setting applies at the next read.
/// </summary>
public sealed class FigureViews(IOptionsMonitor<FigureOptions> options)
{
    /// <summary>The view of a signed-in user or a token's principal: Staff and Admins see every figure.</summary>
    public FigureView For(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Staff) ? FigureView.All : ForLeaders;
    }

    /// <summary>The view of the leaders' screens: the big screen, whoever opened it.</summary>
    public FigureView ForLeaders => options.CurrentValue.LeadersSeeApprovedOnly ? FigureView.ApprovedOrCollected : FigureView.All;
}
