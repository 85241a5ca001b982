using System.Buffers;

namespace Ruichang.Dashboard.Features.Exports;

/// <summary>
/// A write-only stream that reaches <paramref name="destination"/> only asynchronously, for a writer that mixes
/// synchronous writes into an asynchronous save. MiniExcel 1.46's <c>SaveAsAsync</c> is such a writer: it writes the rows
/// asynchronously, but the workbook's fixed parts, the end of each sheet's compressed data (what the compressor still
/// holds when the sheet's zip entry is closed) and the zip's central directory with synchronous writes, which a server
/// that forbids synchronous IO refuses and one that allows them serves by blocking a thread.
/// <para>
/// An asynchronous write first sends what synchronous writes left pending, then its own bytes; a synchronous write (or
/// <see cref="Flush"/>) only keeps the bytes in memory, and <see cref="CompleteAsync"/> sends the rest once the writer
/// is done. The bytes keep their order, and no thread waits on the destination.
/// </para>
/// <para>
/// Only the run of synchronous writes since the last asynchronous one is held. Measured with MiniExcel 1.46: the
/// fixed parts and the central directory are a few KB; a sheet's compressed data comes out asynchronously while the
/// compressor's buffers overflow and the rest (up to about 260 KB on text that hardly compresses, whatever the number of
/// rows) synchronously when the sheet is closed, so a sheet too small to overflow them comes out whole in the run. A
/// one-sheet export therefore holds at most about 270 KB; the reports job's rankings (19 sheets of a dozen rows) are some
/// tens of KB, and 19 sheets of 2 000 rows would be one run of 1.2 MB.
/// </para>
/// <para>
/// A run past the limit (<see cref="DefaultMaxPendingBytes"/>) throws instead of growing: memory stays bounded per
/// download even if a later MiniExcel wrote much more synchronously, and the download then fails visibly.
/// </para>
/// <para>
/// Bytes still pending when the stream is dropped without <see cref="CompleteAsync"/> are never sent: the writer failed,
/// and the caller ends the response as failed. The destination is not the stream's to close.
/// </para>
/// </summary>
public sealed class AsyncOnlyWriteStream(Stream destination, int maxPendingBytes = AsyncOnlyWriteStream.DefaultMaxPendingBytes) : Stream
{
    /// <summary>The most bytes synchronous writes may leave pending between two asynchronous writes: 4 MiB.</summary>
    public const int DefaultMaxPendingBytes = 4 * 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > maxPendingBytes - _pending.WrittenCount)
        {
            throw new InvalidOperationException(
                $"Synchronous writes left more than {maxPendingBytes} bytes to send; the stream only sends asynchronously.");
        }

        _pending.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void WriteByte(byte value) => Write(new ReadOnlySpan<byte>(in value));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendPendingAsync(cancellationToken);
        await destination.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    // Sending now would mean waiting on the destination: the bytes go with the next asynchronous write or CompleteAsync.
    public override void Flush()
    {
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendPendingAsync(cancellationToken);
        await destination.FlushAsync(cancellationToken);
    }

    /// <summary>Sends what synchronous writes left pending; call it once the writer has finished.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => SendPendingAsync(cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async ValueTask SendPendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        await destination.WriteAsync(_pending.WrittenMemory, cancellationToken);
        _pending.ResetWrittenCount();
    }
}
