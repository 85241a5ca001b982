using System.Text;
using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Tests.Features.Exports;

/// <summary>The wrapper over a destination that refuses synchronous IO, as a server's response body does when it forbids it.</summary>
public sealed class AsyncOnlyWriteStreamTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Interleaved_synchronous_and_asynchronous_writes_arrive_in_order_and_only_asynchronously()
    {
        using var destination = new SyncForbiddingStream();
        await using var stream = new AsyncOnlyWriteStream(destination);

        stream.Write("ab"u8);
        stream.Write(Encoding.ASCII.GetBytes("xcx"), 1, 1);
        await stream.WriteAsync("de"u8.ToArray(), None);
        stream.WriteByte((byte)'f');
        stream.Flush();
#pragma warning disable CA1835 // The array overload is one of those under test.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("xgx"), 1, 1, None);
#pragma warning restore CA1835
        await stream.FlushAsync(None);
        stream.Write("hi"u8);
        stream.Write("j"u8);
        await stream.CompleteAsync(None);

        Assert.Equal("abcdefghij", Encoding.ASCII.GetString(destination.ToArray()));
    }

    [Fact]
    public async Task Synchronous_writes_wait_in_memory_for_the_next_asynchronous_write()
    {
        using var destination = new SyncForbiddingStream();
        await using var stream = new AsyncOnlyWriteStream(destination);

        stream.Write("ab"u8);
        stream.Flush();
        Assert.Equal(0, destination.Length);

        await stream.WriteAsync("c"u8.ToArray(), None);
        Assert.Equal("abc", Encoding.ASCII.GetString(destination.ToArray()));
    }

    [Fact]
    public async Task The_bytes_still_pending_when_the_writer_fails_are_never_sent()
    {
        using var destination = new SyncForbiddingStream();
        await using (var stream = new AsyncOnlyWriteStream(destination))
        {
            await stream.WriteAsync("ab"u8.ToArray(), None);
            stream.Write("cd"u8);
        }

        Assert.Equal("ab", Encoding.ASCII.GetString(destination.ToArray()));
    }

    [Fact]
    public async Task A_run_of_synchronous_writes_past_the_limit_throws_instead_of_growing()
    {
        using var destination = new SyncForbiddingStream();
        await using var stream = new AsyncOnlyWriteStream(destination, maxPendingBytes: 4);

        stream.Write("abc"u8);
        Assert.Throws<InvalidOperationException>(() => stream.Write("de"u8));

        // An asynchronous write empties the buffer: the limit is per run, not per stream.
        await stream.WriteAsync("d"u8.ToArray(), None);
        stream.Write("efgh"u8);
        await stream.CompleteAsync(None);
        Assert.Equal("abcdefgh", Encoding.ASCII.GetString(destination.ToArray()));
    }

    [Fact]
    public async Task A_workbook_written_through_it_is_whole_and_every_byte_reached_the_destination_asynchronously()
    {
        var rows = Enumerable.Range(0, 5_000).Select(i => new object?[] { $"县{i}", i });
        var table = new ExportTable(new ExportFileName("测试", "test"), ["标题"], ["名称", "序号"], rows);
        using var destination = new SyncForbiddingStream();

        await TableWriter.WriteXlsxAsync(destination, table, None);

        var sheet = ExportedFiles.Xlsx(destination.ToArray());
        Assert.Equal(2 + 5_000, sheet.Count);
        Assert.Equal([new(false, "县4999"), new(true, "4999")], sheet[^1].AsEnumerable());
    }

    /// <summary>A memory stream that throws on every synchronous write or flush, as Kestrel and the test server do unless told otherwise.</summary>
    private sealed class SyncForbiddingStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw Refused();

        public override void Write(ReadOnlySpan<byte> buffer) => throw Refused();

        public override void WriteByte(byte value) => throw Refused();

        public override void Flush() => throw Refused();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // MemoryStream's own asynchronous write calls its synchronous one: copy straight into the buffer instead.
            var position = Position;
            var end = position + buffer.Length;
            if (end > Length)
            {
                SetLength(end);
            }

            buffer.Span.CopyTo(GetBuffer().AsSpan((int)position));
            Position = end;
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static InvalidOperationException Refused() => new("Synchronous operations are disallowed.");
    }
}
