using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Features.Overview;

/// <summary>
/// Keeps an open page of the home county's figures (the overview, the big screen) current, reading again
/// only what a notice names: a notice about figures the page shows (of any county: ranks and averages
/// depend on every county) reads its figures again; any other notice about the home county moved at most
/// a source's "as of" time, so only the sources are read. Notices coalesce (<see cref="CoalescingRefresh"/>).
/// </summary>
public sealed class OverviewUpdates : IDisposable
{
    private readonly CoalescingRefresh _refresh;
    private readonly IDisposable _subscription;
    private int _figuresChanged;

    /// <param name="changes">The notices.</param>
    /// <param name="homeId">The home county shown, or null while the page has no figures (then every notice reads them).</param>
    /// <param name="namesShownFigures">Whether a notice names figures the page shows.</param>
    /// <param name="readAgain">Reads the figures again (true) or only the sources (false), on the page's renderer.</param>
    /// <param name="onError">A failed read, to log.</param>
    public OverviewUpdates(ChangeNotifier changes, Func<int?> homeId, Func<ChangeNotice, bool> namesShownFigures, Func<bool, Task> readAgain, Action<Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _refresh = new(() => readAgain(Interlocked.Exchange(ref _figuresChanged, 0) == 1 || homeId() is null), onError);
        _subscription = changes.Subscribe(notice =>
        {
            if (homeId() is not { } home || namesShownFigures(notice))
            {
                Interlocked.Exchange(ref _figuresChanged, 1);
                _refresh.Request();
            }
            else if (notice.CountyIds.Contains(home))
            {
                _refresh.Request();
            }

            return Task.CompletedTask;
        });
    }

    public void Dispose() => _subscription.Dispose();
}
