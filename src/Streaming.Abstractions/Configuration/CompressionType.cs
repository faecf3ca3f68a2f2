namespace Streaming;

/// <summary>The codec a producer compresses batches with (<c>compression.type</c>).</summary>
public enum CompressionType
{
    None = 0,
    Gzip = 1,
    Snappy = 2,
    Lz4 = 3,
    Zstd = 4,
}
