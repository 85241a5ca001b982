using Microsoft.AspNetCore.Components.Server.Circuits;
using Ruichang.Dashboard.Features.Displays;

namespace Ruichang.Dashboard.Features.Screen;

/// <summary>
/// One circuit's screen: which display key opened it, so that the key is asked about again whenever
/// the circuit's connection comes back (<see cref="ScreenCircuitHandler"/>) and on the page's timer.
/// </summary>
public sealed class ScreenAccess(DisplayKeys keys)
{
    private int? _keyId;

    /// <summary>Raised once, when the watched key is found revoked; the page then shows why it stopped.</summary>
    public event Action? Revoked;

    public void Watch(int keyId) => _keyId = keyId;

    /// <summary>False, after raising <see cref="Revoked"/>, when the watched key is no longer live; true otherwise.</summary>
    public async Task<bool> RecheckAsync(CancellationToken ct)
    {
        if (_keyId is not { } id || await keys.IsLiveAsync(id, ct))
        {
            return true;
        }

        _keyId = null;
        Revoked?.Invoke();
        return false;
    }
}

/// <summary>
/// A wall's circuit survives a short network loss and resumes on the same server without loading the
/// page again: the key is checked here, at every reconnect, as well as when the page starts.
/// </summary>
internal sealed class ScreenCircuitHandler(ScreenAccess access) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) =>
        access.RecheckAsync(cancellationToken);
}
