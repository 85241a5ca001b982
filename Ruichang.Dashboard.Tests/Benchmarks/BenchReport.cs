using System.Text.Json;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>Whether a figure's ratio to its limit should stay under its target (time) or reach it (a rate).</summary>
public enum Better
{
    Lower,
    Higher,
}

/// <summary>
/// One benchmark figure, as design.md fixes its form: its value, its ratio to <paramref name="Limit"/>
/// (the bare operation measured in the same run or, where nothing bare compares, the budget the issue
/// sets) and the target that ratio must meet; with
/// <paramref name="MaxValue"/>, the value itself must also stay under it (a query under 50 ms).
/// </summary>
public sealed record BenchFigure(string Name, double Value, string Unit, double Ratio, double Target, string Limit, Better Better = Better.Lower, double? MaxValue = null)
{
    public bool Met => (Better == Better.Lower ? Ratio <= Target : Ratio >= Target) && (MaxValue is not { } max || Value <= max);
}

/// <summary>
/// Collects the figures of a benchmark run and appends them to the file named by
/// <c>RUICHANG_BENCH_RESULTS</c> (scripts/bench.sh sets it), one JSON object per line.
/// </summary>
public static class BenchReport
{
    public const string Category = "Benchmark";

    /// <summary>The collection every benchmark class belongs to (<see cref="BenchmarkGroup"/>).</summary>
    public const string Collection = "benchmarks";

    public static async Task WriteAsync(BenchFigure figure)
    {
        var path = Environment.GetEnvironmentVariable("RUICHANG_BENCH_RESULTS");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        // The fields design.md fixes come first and in its order; scripts/bench.sh reads them in this order.
        var json = JsonSerializer.Serialize(new
        {
            name = figure.Name,
            value = Math.Round(figure.Value, 3),
            unit = figure.Unit,
            ratio = Math.Round(figure.Ratio, 3),
            target = figure.Target,
            met = figure.Met,
            limit = figure.Limit,
            better = figure.Better == Better.Lower ? "lower" : "higher",
            maxValue = figure.MaxValue,
        });
        await File.AppendAllTextAsync(path, json + "\n");
    }
}

/// <summary>
/// Benchmarks run one at a time and alone: xunit runs other collections in parallel, and a figure taken
/// while another benchmark seeds its database or drives its browser on the same cores (or, for the
/// server's memory, allocates in the same process) would measure both.
/// </summary>
[CollectionDefinition(BenchReport.Collection, DisableParallelization = true)]
public sealed class BenchmarkGroup;
