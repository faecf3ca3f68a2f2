namespace Streaming.Protocol.Records;

/// <summary>The codec in bits 0-2 of a batch's attributes; values are Kafka's.</summary>
public enum CompressionType : byte
{
    /// <summary>Records stored as they are.</summary>
    None = 0,

    /// <summary>GZIP (RFC 1952).</summary>
    Gzip = 1,

    /// <summary>Snappy, raw or in the xerial framing Kafka's Java client writes.</summary>
    Snappy = 2,

    /// <summary>LZ4 frame format.</summary>
    Lz4 = 3,

    /// <summary>Zstandard.</summary>
    Zstd = 4,
}
