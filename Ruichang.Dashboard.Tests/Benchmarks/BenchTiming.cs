using System.Diagnostics;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>How the benchmarks time an operation, and an operation against its limit.</summary>
internal static class BenchTiming
{
    /// <summary>Seconds at least that both sides of a comparison run before either is timed.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// The best time of each side, warmed up together for <paramref name="warmUp"/>, until the runtime has
    /// optimised the code (tiered compilation instruments, then recompiles, a method after some calls, in the
    /// background: after two calls a benchmark timed code up to three times slower than it runs once warm).
    /// Then timed in turns, one pass of each per round, for <paramref name="timed"/> and at least
    /// <paramref name="minRounds"/> rounds: on a shared machine whose speed drifts, both sides are timed under the
    /// same conditions (timed one after the other, a ratio moved by a factor of two between runs). A pass says
    /// its own time, so that what it does before and after the timed part (emptying tables, checking what was
    /// stored) is not timed.
    /// </summary>
    public static async Task<(TimeSpan First, TimeSpan Second)> BestOfEachAsync(
        Func<Task<TimeSpan>> first, Func<Task<TimeSpan>> second, TimeSpan warmUp, TimeSpan timed, int minRounds)
    {
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < warmUp)
        {
            await first();
            await second();
        }

        // Lets the compilations the warm-up queued finish before anything is timed.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var (bestFirst, bestSecond) = (TimeSpan.MaxValue, TimeSpan.MaxValue);
        var timing = Stopwatch.StartNew();
        for (var round = 0; round < minRounds || timing.Elapsed < timed; round++)
        {
            var time = await first();
            bestFirst = time < bestFirst ? time : bestFirst;
            time = await second();
            bestSecond = time < bestSecond ? time : bestSecond;
        }

        return (bestFirst, bestSecond);
    }
}
