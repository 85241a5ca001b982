using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Localization;

namespace Ruichang.Dashboard.Features.Admin;

/// <summary>
/// The base of the admin pages. The page's <c>[Authorize]</c> only guards opening it; each action
/// asks again on the server, with the same policy and then the database (<see cref="AccountAccess"/>:
/// the user's roles now, not the claims the circuit was given when the tab opened), so that a circuit
/// kept open, or a handler reached some other way, cannot act once the user was disabled, locked
/// out, given a new password or another role.
/// </summary>
public abstract class AdminPageBase : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly CancellationToken _pageClosed;

    protected AdminPageBase() => _pageClosed = _disposed.Token;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject]
    private AccountAccess Access { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    /// <summary>Cancelled when the page goes away: work it started stops with it.</summary>
    /// <remarks>Still readable after disposal (a timer or an await may finish late).</remarks>
    protected CancellationToken PageClosed => _pageClosed;

    /// <summary>
    /// Whether clicks reach the page: not while it is prerendered, before its circuit connects.
    /// Buttons are disabled until then rather than ignoring a click.
    /// </summary>
    protected bool Interactive => RendererInfo.IsInteractive;

    /// <summary>The signed-in administrator, or null (after telling the user) when the user is not one.</summary>
    protected async Task<ClaimsPrincipal?> RequireAdminAsync()
    {
        var state = await Authentication.GetAuthenticationStateAsync();
        if (await Access.AuthorizeAsync(state.User, AccountFeature.AdminPolicy, PageClosed))
        {
            return state.User;
        }

        Snackbar.Add(Ui.Text("没有权限：只有管理员可以执行此操作。", "Not allowed: only administrators may do this."), Severity.Error);
        return null;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !_pageClosed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _disposed.Dispose();
        }
    }
}
