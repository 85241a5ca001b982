namespace Ruichang.Dashboard.Domain;

/// <summary>
/// The composite Weibo index in the form the published government new-media rankings use
/// (BCI, 微博传播力指数), over one period's totals.
/// </summary>
public static class WeiboIndex
{
    /// <summary>
    /// <c>BCI = (0.2·W1 + 0.8·W2) × 160</c> with <c>W1 = ln(posts + 1)</c> and
    /// <c>W2 = 0.4·ln(reposts + 1) + 0.4·ln(comments + 1) + 0.2·ln(likes + 1)</c>.
    /// </summary>
    public static double Bci(double posts, double reposts, double comments, double likes)
    {
        var w1 = Ln1p(posts, nameof(posts));
        var w2 = (0.4 * Ln1p(reposts, nameof(reposts))) + (0.4 * Ln1p(comments, nameof(comments))) + (0.2 * Ln1p(likes, nameof(likes)));
        return ((0.2 * w1) + (0.8 * w2)) * 160;
    }

    // Counts are never negative; a negative or non-finite one is a bug upstream, not a low score.
    private static double Ln1p(double count, string name) =>
        double.IsFinite(count) && count >= 0
            ? Math.Log(count + 1)
            : throw new ArgumentOutOfRangeException(name, count, "A count must be a finite number of at least 0.");
}
