using System.Collections.Immutable;

namespace Ruichang.Dashboard.Data;

/// <summary>What a committed write changed: the metrics and counties a dashboard may need to re-read.</summary>
public sealed record ChangeNotice(string Source, IReadOnlySet<string> MetricKeys, IReadOnlySet<int> CountyIds, DateTime AtUtc)
{
    /// <summary>Stands among <see cref="MetricKeys"/> when published ranking lists changed.</summary>
    public const string ExternalRankings = "external-rankings";
}

/// <summary>
/// Raised after every committed write of figures, so live dashboards re-read what changed. A
/// singleton; each subscription is disposable (a page unsubscribes when it goes away). A failing
/// subscriber never stops the others or the writer.
/// </summary>
public sealed partial class ChangeNotifier(ILogger<ChangeNotifier> logger)
{
    // Publishing iterates a snapshot: subscribing or leaving during a publish is safe.
    private ImmutableArray<Subscription> _subscribers = [];

    public IDisposable Subscribe(Func<ChangeNotice, Task> handler)
    {
        var subscription = new Subscription(this, handler);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscription));
        return subscription;
    }

    public int SubscriberCount => _subscribers.Length;

    public async Task PublishAsync(ChangeNotice notice)
    {
        foreach (var subscription in _subscribers)
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
