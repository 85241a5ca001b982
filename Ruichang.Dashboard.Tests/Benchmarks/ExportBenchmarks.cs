using System.Diagnostics;
using System.Globalization;
using MiniExcelLibs;
using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>
/// An XLSX export of 100,000 long-form rows through the app's writer (<see cref="TableWriter"/>: the lines above the
/// table, every text through the formula guard, the rows as MiniExcel takes them) against MiniExcel writing the same
/// rows alone: the time (best of three after a warm-up), and the peak managed heap during the write, as the heap's size
/// after each collection (garbage not yet collected is not memory the export holds), sampled every millisecond, less
/// the heap before. Memory must be flat in the row count: the peak at 100,000 rows over the peak at 10,000.
/// </summary>
[Collection(BenchReport.Collection)]
[Trait("Category", BenchReport.Category)]
public sealed class ExportBenchmarks
{
    public const int Rows = 100_000;
    public const int FewRows = 10_000;
    public const double Target = 1.5;
    private const int Passes = 4;

    [Fact]
    public async Task Xlsx_export_of_100000_rows()
    {
        var ours = await MeasureAsync(rows => TableWriter.WriteXlsxAsync(new CountingStream(), Table(rows), CancellationToken.None), Rows);
        var bare = await MeasureAsync(rows => MiniExcel.SaveAsAsync(new CountingStream(), Dictionaries(rows), printHeader: false), Rows);
        var oursFew = await MeasureAsync(rows => TableWriter.WriteXlsxAsync(new CountingStream(), Table(rows), CancellationToken.None), FewRows);

        await BenchReport.WriteAsync(new BenchFigure(
            "export-xlsx-100000-time", ours.Seconds, "s", ours.Seconds / bare.Seconds, Target, "MiniExcel writing the same rows alone"));
        await BenchReport.WriteAsync(new BenchFigure(
            "export-xlsx-100000-peak-heap", ours.PeakMegabytes, "MB", ours.PeakMegabytes / bare.PeakMegabytes, Target, "MiniExcel writing the same rows alone"));
        await BenchReport.WriteAsync(new BenchFigure(
            "export-xlsx-heap-100000-vs-10000", ours.PeakMegabytes, "MB", ours.PeakMegabytes / oursFew.PeakMegabytes, Target, "the same export of 10,000 rows"));
    }

    private sealed record Measurement(double Seconds, double PeakMegabytes);

    // Best time of the timed passes; the highest peak of them (memory is judged at its worst).
    private static async Task<Measurement> MeasureAsync(Func<int, Task> write, int rows)
    {
        var best = double.MaxValue;
        var peak = 0.0;
        for (var pass = 0; pass < Passes; pass++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var highest = before;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    highest = Math.Max(highest, GC.GetGCMemoryInfo().HeapSizeBytes);
                    await Task.Delay(1, CancellationToken.None);
                }
            });
            var watch = Stopwatch.StartNew();
            await write(rows);
            watch.Stop();
            await sampling.CancelAsync();
            await sampler;
            if (pass > 0)
            {
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
                peak = Math.Max(peak, (highest - before) / 1024.0 / 1024.0);
            }
        }

        return new Measurement(best, Math.Max(peak, 0.01));
    }

    // A month's long form as the figures export writes it, row after row: a county's figure, every tenth a channel's.
    private static IEnumerable<object?[]> LongForm(int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            yield return
            [
                "2014-09", (360400 + (i % 13)).ToString(CultureInfo.InvariantCulture), "weibo_followers", (double)(i % 50_000), "瑞昌市", "微博粉丝",
                i % 10 == 0 ? "=九江瑞昌发布" : null,
            ];
        }
    }

    private static ExportTable Table(int rows) =>
        new(new ExportFileName("数据-2014年9月", "figures-2014-09"), [], ExportTables.FigureColumns, LongForm(rows));

    private static IEnumerable<Dictionary<string, object?>> Dictionaries(int rows) =>
        LongForm(rows).Select(r => Enumerable.Range(0, r.Length).ToDictionary(i => "c" + i.ToString(CultureInfo.InvariantCulture), i => r[i]));

    // A response body: write-only, not seekable, keeps nothing.
    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
