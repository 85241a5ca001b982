using System.Text.Json;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>One benchmark figure, as design.md fixes its form.</summary>
public sealed record BenchFigure(string Name, double Value, string Unit, double Ratio, double Target)
{
    public bool Met => Ratio <= Target;
}

/// <summary>
/// Collects the figures of a benchmark run and appends them to the file named by
/// <c>RUICHANG_BENCH_RESULTS</c> (scripts/bench.sh sets it), one JSON object per line.
/// </summary>
public static class BenchReport
{
    public const string Category = "Benchmark";

    public static async Task WriteAsync(BenchFigure figure)
    {
        var path = Environment.GetEnvironmentVariable("RUICHANG_BENCH_RESULTS");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var json = JsonSerializer.Serialize(new { name = figure.Name, value = Math.Round(figure.Value, 3), unit = figure.Unit, ratio = Math.Round(figure.Ratio, 3), target = figure.Target, met = figure.Met });
        await File.AppendAllTextAsync(path, json + "\n");
    }
}
