using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using K4os.Compression.LZ4.Streams;

namespace Streaming.Protocol.Records;

/// <summary>Compresses and decompresses the records section of a batch with Kafka's codecs.</summary>
public static class RecordCompression
{
    // The xerial snappy-java stream header the Java client writes: magic, version 1, compatible version 1.
    private static ReadOnlySpan<byte> XerialMagic => [0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0];
    private const int XerialHeaderSize = 16;
    private const int XerialBlockSize = 32 * 1024;

    // A gzip member is at least a 10-byte header, a 2-byte empty deflate stream and an 8-byte trailer.
    private const int GzipMinimumSize = 20;

    // Snappy's densest element is a 3-byte copy of 64 bytes, so a block cannot expand more than 64/3 times; a larger
    // claimed length is corrupt, and must not be allocated for.
    private const int SnappyMaxExpansion = 22;

    /// <summary>Appends <paramref name="records"/> compressed with <paramref name="codec"/> to <paramref name="output"/>.</summary>
    public static void Compress(CompressionType codec, ReadOnlySpan<byte> records, IBufferWriter<byte> output)
    {
        switch (codec)
        {
            case CompressionType.None:
                output.Write(records);
                break;
            case CompressionType.Gzip:
            {
                using var stream = new GZipStream(new BufferWriterStream(output), CompressionLevel.Fastest);
                stream.Write(records);
                break;
            }
            case CompressionType.Snappy:
                WriteXerialSnappy(records, output);
                break;
            case CompressionType.Lz4:
            {
                // Independent blocks: Kafka's Java reader decodes each block without the previous one as a dictionary.
                using var stream = LZ4Stream.Encode(new BufferWriterStream(output), new LZ4EncoderSettings { ContentChecksum = false, ChainBlocks = false }, leaveOpen: false);
                stream.Write(records);
                break;
            }
            case CompressionType.Zstd:
            {
                using var compressor = new ZstdSharp.Compressor(3);
                output.Write(compressor.Wrap(records));
                break;
            }
            default:
                throw new CorruptRecordException($"unknown compression codec {(int)codec}");
        }
    }

    /// <summary>Decompresses a compressed records section into <paramref name="output"/>.</summary>
    /// <exception cref="CorruptRecordException">The bytes are not valid for the codec.</exception>
    public static void Decompress(CompressionType codec, ReadOnlySpan<byte> compressed, ArrayBufferWriter<byte> output)
    {
        try
        {
            switch (codec)
            {
                case CompressionType.None:
                    output.Write(compressed);
                    return;
                case CompressionType.Gzip:
                    ReadGzip(compressed, output);
                    return;
                case CompressionType.Snappy:
                    ReadSnappy(compressed, output);
                    return;
                case CompressionType.Lz4:
                {
                    using var stream = LZ4Stream.Decode(new MemoryStream(compressed.ToArray()));
                    CopyAll(stream, output);
                    return;
                }
                case CompressionType.Zstd:
                {
                    using var stream = new ZstdSharp.DecompressionStream(new MemoryStream(compressed.ToArray()));
                    CopyAll(stream, output);
                    return;
                }
                default:
                    throw new CorruptRecordException($"unknown compression codec {(int)codec}");
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or IOException or ArgumentException
                                       or IndexOutOfRangeException or ZstdSharp.ZstdException)
        {
            throw new CorruptRecordException($"{codec} data could not be decompressed: {ex.Message}");
        }
    }

    private static void ReadGzip(ReadOnlySpan<byte> compressed, ArrayBufferWriter<byte> output)
    {
        // GZipStream treats an input that ends early (even inside the header) as a clean end of stream and returns what it
        // decoded so far; only a complete trailer gets checked. So check the framing here: the magic up front, and the
        // trailer's ISIZE (length mod 2^32) against what was decoded. Kafka's clients write a single gzip member.
        if (compressed.Length < GzipMinimumSize || compressed[0] != 0x1F || compressed[1] != 0x8B)
            throw new CorruptRecordException("gzip data is truncated or lacks the gzip magic");
        int start = output.WrittenCount;
        using (var stream = new GZipStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress))
            CopyAll(stream, output);
        uint expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(compressed[^4..]);
        if ((uint)(output.WrittenCount - start) != expectedSize)
            throw new CorruptRecordException("gzip data is truncated: the decoded length does not match the trailer");
    }

    private static void CopyAll(Stream source, ArrayBufferWriter<byte> output)
    {
        while (true)
        {
            Span<byte> span = output.GetSpan(16 * 1024);
            int n = source.Read(span);
            if (n == 0) return;
            output.Advance(n);
        }
    }

    private static void WriteXerialSnappy(ReadOnlySpan<byte> records, IBufferWriter<byte> output)
    {
        Span<byte> header = output.GetSpan(XerialHeaderSize);
        XerialMagic.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], 1);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], 1);
        output.Advance(XerialHeaderSize);
        while (!records.IsEmpty)
        {
            ReadOnlySpan<byte> block = records[..Math.Min(XerialBlockSize, records.Length)];
            records = records[block.Length..];
            int max = Snappier.Snappy.GetMaxCompressedLength(block.Length);
            Span<byte> span = output.GetSpan(4 + max);
            int written = Snappier.Snappy.Compress(block, span[4..]);
            BinaryPrimitives.WriteInt32BigEndian(span, written);
            output.Advance(4 + written);
        }
    }

    private static void ReadSnappy(ReadOnlySpan<byte> compressed, ArrayBufferWriter<byte> output)
    {
        if (compressed.Length >= XerialHeaderSize && compressed[..8].SequenceEqual(XerialMagic))
        {
            ReadOnlySpan<byte> rest = compressed[XerialHeaderSize..];
            while (!rest.IsEmpty)
            {
                if (rest.Length < 4) throw new CorruptRecordException("snappy block header is truncated");
                int blockLength = BinaryPrimitives.ReadInt32BigEndian(rest);
                if (blockLength < 0 || blockLength > rest.Length - 4) throw new CorruptRecordException("snappy block length is invalid");
                DecompressSnappyBlock(rest.Slice(4, blockLength), output);
                rest = rest[(4 + blockLength)..];
            }
            return;
        }
        DecompressSnappyBlock(compressed, output);
    }

    private static void DecompressSnappyBlock(ReadOnlySpan<byte> block, ArrayBufferWriter<byte> output)
    {
        int length = Snappier.Snappy.GetUncompressedLength(block);
        if (length < 0 || length > (long)block.Length * SnappyMaxExpansion)
            throw new CorruptRecordException($"snappy block claims {length} bytes from {block.Length}");
        Span<byte> span = output.GetSpan(length);
        int n = Snappier.Snappy.Decompress(block, span);
        output.Advance(n);
    }

    /// <summary>A write-only stream over an <see cref="IBufferWriter{T}"/>, for the stream-based codecs.</summary>
    private sealed class BufferWriterStream(IBufferWriter<byte> writer) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => writer.Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) => writer.Write(buffer);
    }
}
