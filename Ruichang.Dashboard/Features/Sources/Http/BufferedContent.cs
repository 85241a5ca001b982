using System.Net;

namespace Ruichang.Dashboard.Features.Sources.Http;

/// <summary>A body read whole by <see cref="CappedBufferingHandler"/>, whose array the client takes as it is.</summary>
internal sealed class BufferedContent(byte[] body) : HttpContent
{
    public byte[] Body { get; } = body;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(Body, 0, Body.Length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Body, cancellationToken).AsTask();

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(Body, writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = Body.Length;
        return true;
    }
}
