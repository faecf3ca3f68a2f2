namespace Streaming.Broker.Storage;

/// <summary>A file read and written at explicit positions. Writes are durable only after <see cref="Flush"/>.</summary>
internal interface IStorageFile : IDisposable
{
    long Length { get; }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="position"/>; returns the bytes read.</summary>
    int Read(long position, Span<byte> buffer);

    void Write(long position, ReadOnlySpan<byte> data);

    /// <summary>Makes every write so far durable (fsync).</summary>
    void Flush();

    /// <summary>Cuts the file to <paramref name="length"/> bytes.</summary>
    void Truncate(long length);
}
