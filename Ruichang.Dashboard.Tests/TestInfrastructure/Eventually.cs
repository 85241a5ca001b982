namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// Waits for something that happens in the background (a scheduler starting, a job recording its
/// run): asks again every 100 ms and fails only after a generous deadline. Not a timing assertion:
/// a slow machine only makes it ask more often.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Still not done after {(deadline ?? Deadline).TotalSeconds} s; last value: {value}");
            }

            (value as IDisposable)?.Dispose();
            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan? deadline = null) => ReturnsAsync(probe, done => done, deadline);
}
