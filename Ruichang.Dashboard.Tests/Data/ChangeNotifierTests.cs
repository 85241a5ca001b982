using Microsoft.Extensions.Logging.Abstractions;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Data;

/// <summary>Change notices reach every subscriber without holding up the writer; subscribers coalesce re-reads.</summary>
public sealed class ChangeNotifierTests
{
    private static ChangeNotice Notice(string source = "test") => new(source, new HashSet<string> { "m" }, new HashSet<int> { 1 }, DateTime.UtcNow);

    [Fact]
    public async Task Publish_returns_while_every_subscriber_is_still_busy_and_each_gets_the_notice()
    {
        var notifier = new ChangeNotifier(NullLogger<ChangeNotifier>.Instance);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = 0;
        var subscriptions = Enumerable.Range(0, 20).Select(_ => notifier.Subscribe(async _ =>
        {
            await gate.Task;
            Interlocked.Increment(ref received);
        })).ToList();
        // One that blocks its thread before any await: it must not block the publisher either.
        subscriptions.Add(notifier.Subscribe(_ =>
        {
            gate.Task.Wait();
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        }));

        notifier.Publish(Notice());

        Assert.Equal(0, Volatile.Read(ref received));
        gate.SetResult();
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref received) == 21));
        subscriptions.ForEach(s => s.Dispose());
        Assert.Equal(0, notifier.SubscriberCount);
    }

    [Fact]
    public async Task A_notice_is_counted_as_published_before_a_subscriber_hears_of_it()
    {
        var notifier = new ChangeNotifier(NullLogger<ChangeNotifier>.Instance);
        var counted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = notifier.Subscribe(_ =>
        {
            counted.TrySetResult(notifier.Published);
            return Task.CompletedTask;
        });

        notifier.Publish(Notice());

        Assert.Equal(1, await counted.Task.WaitAsync(Eventually.Deadline));
    }

    [Fact]
    public async Task A_failing_subscriber_does_not_keep_the_notice_from_the_others()
    {
        var notifier = new ChangeNotifier(NullLogger<ChangeNotifier>.Instance);
        var got = new TaskCompletionSource<ChangeNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var failing = notifier.Subscribe(_ => throw new InvalidOperationException("broken page"));
        using var working = notifier.Subscribe(n =>
        {
            got.TrySetResult(n);
            return Task.CompletedTask;
        });

        notifier.Publish(Notice("articles:3"));

        Assert.Equal("articles:3", (await got.Task.WaitAsync(Eventually.Deadline)).Source);
    }

    [Fact]
    public async Task Requests_during_a_refresh_cause_exactly_one_more_that_sees_the_last_change()
    {
        var state = 0;
        var seen = new List<int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refresh = new CoalescingRefresh(async () =>
        {
            var now = Volatile.Read(ref state);
            started.TrySetResult();
            await gate.Task;
            lock (seen)
            {
                seen.Add(now);
            }
        }, ex => throw new InvalidOperationException("unexpected", ex));

        state = 1;
        var first = refresh.Request();
        await started.Task.WaitAsync(Eventually.Deadline);
        // Two changes arrive while the first re-read is still running.
        state = 2;
        _ = refresh.Request();
        state = 3;
        var last = refresh.Request();
        gate.SetResult();
        await Task.WhenAll(first, last).WaitAsync(Eventually.Deadline);

        Assert.Equal([1, 3], seen);
    }

    [Fact]
    public async Task A_refresh_that_fails_is_reported_and_the_next_request_runs_again()
    {
        var errors = new List<Exception>();
        var calls = 0;
        var refresh = new CoalescingRefresh(() =>
        {
            return Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("database busy") : Task.CompletedTask;
        }, errors.Add);

        await refresh.Request().WaitAsync(Eventually.Deadline);
        await refresh.Request().WaitAsync(Eventually.Deadline);

        Assert.Equal(2, calls);
        Assert.Equal("database busy", Assert.Single(errors).Message);
    }
}
