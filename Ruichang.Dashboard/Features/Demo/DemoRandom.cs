namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// Seeded random streams for the demo history. A seed is derived from names with FNV-1a, because
/// <see cref="string.GetHashCode()"/> and <see cref="HashCode"/> are randomised per process; a seeded
/// <see cref="Random"/> keeps its sequence across runtimes, so every process generates the same figures.
/// </summary>
internal static class DemoRandom
{
    public static Random For(string scope, string key, int number = 0)
    {
        var hash = 2166136261u;
        hash = Mix(hash, scope);
        hash = Mix(hash, key);
        foreach (var b in BitConverter.GetBytes(number))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return new Random((int)(hash & 0x7FFF_FFFF));
    }

    public static double Between(this Random rng, double low, double high) => low + (rng.NextDouble() * (high - low));

    /// <summary>
    /// Splits a whole <paramref name="total"/> in proportion to <paramref name="weights"/> so that the
    /// parts add up exactly (largest remainder); a zero weight gets nothing.
    /// </summary>
    public static int[] Allocate(int total, IReadOnlyList<double> weights)
    {
        var parts = new int[weights.Count];
        var sum = weights.Sum();
        if (total <= 0 || sum <= 0)
        {
            return parts;
        }

        var remainders = new double[weights.Count];
        var given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = total * weights[i] / sum;
            parts[i] = (int)Math.Floor(exact);
            remainders[i] = exact - parts[i];
            given += parts[i];
        }

        foreach (var i in Enumerable.Range(0, weights.Count).Where(i => weights[i] > 0)
            .OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(total - given))
        {
            parts[i]++;
        }

        return parts;
    }

    private static uint Mix(uint hash, string text)
    {
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return (hash ^ '|') * 16777619u;
    }
}
