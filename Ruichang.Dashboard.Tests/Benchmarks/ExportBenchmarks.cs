using System.Diagnostics;
using System.Globalization;
using MiniExcelLibs;
using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>
/// An XLSX export of 100,000 long-form rows through the app's writer (<see cref="TableWriter"/>: the lines above the
/// table, every text through the formula guard, the rows as MiniExcel takes them) against MiniExcel writing the same
/// rows alone. Time: best of three after a warm-up. Memory: in a pass of its own (collections cost time), the live
/// managed heap is taken every 1,000 rows after a full collection, from inside the rows as the writer pulls them, so
/// whatever the writer holds at that moment is counted and garbage is not; the peak less the heap before. Memory must be
/// flat in the row count: the peak at 100,000 rows over the peak at 10,000.
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
        Task Ours(int rows, Action? probe) => TableWriter.WriteXlsxAsync(new CountingStream(), Table(rows, probe), CancellationToken.None);
        Task Bare(int rows, Action? probe) => MiniExcel.SaveAsAsync(new CountingStream(), Dictionaries(rows, probe), printHeader: false);

        var ours = await MeasureAsync(Ours, Rows);
        var bare = await MeasureAsync(Bare, Rows);
        var oursFew = await MeasureAsync(Ours, FewRows);

        await BenchReport.WriteAsync(new BenchFigure(
            "export-xlsx-100000-time", ours.Seconds, "s", ours.Seconds / bare.Seconds, Target, "MiniExcel writing the same rows alone"));
        await BenchReport.WriteAsync(new BenchFigure(
            "export-xlsx-100000-peak-heap", ours.PeakMegabytes, "MB", ours.PeakMegabytes / bare.PeakMegabytes, Target, "MiniExcel writing the same rows alone"));
        await BenchReport.WriteAsync(new BenchFigure(
            "export-xlsx-heap-100000-vs-10000", ours.PeakMegabytes, "MB", ours.PeakMegabytes / oursFew.PeakMegabytes, Target, "the same export of 10,000 rows"));
    }

    private sealed record Measurement(double Seconds, double PeakMegabytes);

    private static async Task<Measurement> MeasureAsync(Func<int, Action?, Task> write, int rows)
    {
        var best = double.MaxValue;
        for (var pass = 0; pass < Passes; pass++)
        {
            var watch = Stopwatch.StartNew();
            await write(rows, null);
            watch.Stop();
            best = pass > 0 ? Math.Min(best, watch.Elapsed.TotalSeconds) : best;
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = before;
        await write(rows, () => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true)));
        return new Measurement(best, Math.Max((peak - before) / 1024.0 / 1024.0, 0.001));
    }

    // A month's long form as the figures export writes it, row after row: a county's figure, every tenth a channel's.
    private static IEnumerable<object?[]> LongForm(int rows, Action? probe)
    {
        for (var i = 0; i < rows; i++)
        {
            if (i % 1000 == 999)
            {
                probe?.Invoke();
            }

            yield return
            [
                "2014-09", (360400 + (i % 13)).ToString(CultureInfo.InvariantCulture), "weibo_followers", (double)(i % 50_000), "瑞昌市", "微博粉丝",
                i % 10 == 0 ? "=九江瑞昌发布" : null,
            ];
        }
    }

    private static ExportTable Table(int rows, Action? probe) =>
        new(new ExportFileName("数据-2014年9月", "figures-2014-09"), [], ExportTables.FigureColumns, LongForm(rows, probe));

    private static IEnumerable<Dictionary<string, object?>> Dictionaries(int rows, Action? probe) =>
        LongForm(rows, probe).Select(r => Enumerable.Range(0, r.Length).ToDictionary(i => "c" + i.ToString(CultureInfo.InvariantCulture), i => r[i]));

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
