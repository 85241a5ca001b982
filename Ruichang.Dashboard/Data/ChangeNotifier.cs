using System.Collections.Immutable;

namespace Ruichang.Dashboard.Data;

/// <summary>
/// What a committed write changed: the metrics and counties a dashboard may need to re-read. A successful read
/// that changed no figure raises a notice without metrics, naming its channel's county: only that county's
/// sources' "as of" times moved.
/// </summary>
public sealed record ChangeNotice(string Source, IReadOnlySet<string> MetricKeys, IReadOnlySet<int> CountyIds, DateTime AtUtc)
{
    /// <summary>Stands among <see cref="MetricKeys"/> when published ranking lists changed.</summary>
    public const string ExternalRankings = "external-rankings";

    /// <summary>Only the freshness of a county's sources changed, no figure.</summary>
    public bool IsFreshnessOnly => MetricKeys.Count == 0;
}

/// <summary>
/// Raised after every committed write of figures, so live dashboards re-read what changed. A
/// singleton; each subscription is disposable (a page unsubscribes when it goes away).
/// <see cref="Publish"/> never waits for a subscriber: each notice is handed to every subscriber
/// on the thread pool and the writer goes on at once, so neither many open pages nor one stuck
/// circuit can slow collection. A failing subscriber is logged and never stops the others.
/// Subscribers coalesce on their side (<see cref="CoalescingRefresh"/>).
/// </summary>
public sealed partial class ChangeNotifier(ILogger<ChangeNotifier> logger, ChangeNoticeOutbox? outbox = null)
{
    // Publishing iterates a snapshot: subscribing or leaving during a publish is safe.
    private ImmutableArray<Subscription> _subscribers = [];
    private long _published;

    public IDisposable Subscribe(Func<ChangeNotice, Task> handler)
    {
        var subscription = new Subscription(this, handler);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscription));
        return subscription;
    }

    public int SubscriberCount => _subscribers.Length;

    /// <summary>
    /// How many notices have been delivered here (published on this instance or relayed from another), counted
    /// before any subscriber hears of one: a read that starts after this number was taken sees every write the
    /// notices counted in it reported.
    /// </summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>
    /// Hands <paramref name="notice"/> to every subscriber without waiting for any of them, and, with
    /// <c>Live:CrossInstance</c>, to the other app instances (<see cref="ChangeNoticeRelay"/>).
    /// </summary>
    public void Publish(ChangeNotice notice)
    {
        Deliver(notice);
        outbox?.Post(notice);
    }

    /// <summary>Hands <paramref name="notice"/> to this instance's subscribers only: one another instance published.</summary>
    internal void Deliver(ChangeNotice notice)
    {
        Interlocked.Increment(ref _published);
        foreach (var subscription in _subscribers)
        {
            // Task.Run: a handler that blocks before its first await must not block the writer either.
            _ = Task.Run(() => DeliverAsync(subscription, notice));
        }
    }

    private async Task DeliverAsync(Subscription subscription, ChangeNotice notice)
    {
        try
        {
            await subscription.Handler(notice);
        }
        catch (Exception ex)
        {
            LogSubscriberFailed(logger, ex, notice.Source);
        }
    }

    private void Remove(Subscription subscription) => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscription));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change-notice subscriber failed on a notice from {Source}")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception ex, string source);

    private sealed class Subscription(ChangeNotifier owner, Func<ChangeNotice, Task> handler) : IDisposable
    {
        public Func<ChangeNotice, Task> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}

/// <summary>
/// Runs a re-read when asked, never two at once, and never drops a request: asked while a re-read
/// is running, it runs once more after it (however often it was asked meanwhile), so the last
/// change is always shown. A dashboard makes one per page and calls <see cref="Request"/> from its
/// change-notice handler.
/// </summary>
public sealed class CoalescingRefresh(Func<Task> refresh, Action<Exception> onError)
{
    private readonly Lock _gate = new();
    private bool _running;
    private bool _pending;
    private Task _current = Task.CompletedTask;

    /// <summary>Asks for a re-read; returns at once. The returned task ends with the re-read this request caused or joined.</summary>
    public Task Request()
    {
        lock (_gate)
        {
            if (_running)
            {
                _pending = true;
                return _current;
            }

            _running = true;
            _current = LoopAsync();
            return _current;
        }
    }

    private async Task LoopAsync()
    {
        // Let Request return before the first re-read starts.
        await Task.Yield();
        while (true)
        {
            try
            {
                await refresh();
            }
            catch (Exception ex)
            {
                // A failed re-read must not stop later ones: the next notice tries again.
                onError(ex);
            }

            lock (_gate)
            {
                if (!_pending)
                {
                    _running = false;
                    return;
                }

                _pending = false;
            }
        }
    }
}
