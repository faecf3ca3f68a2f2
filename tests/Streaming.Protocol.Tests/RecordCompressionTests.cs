using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;
using Streaming.Protocol.Records;
using Xunit;

namespace Streaming.Protocol.Tests;

public sealed class RecordCompressionTests
{
    public static TheoryData<CompressionType> AllCodecs() => [.. Enum.GetValues<CompressionType>()];

    /// <summary>200 KiB: a 10 KiB random chunk repeated, so later blocks could reference earlier ones.</summary>
    private static byte[] RepetitiveData()
    {
        byte[] chunk = new byte[10 * 1024];
        new Random(3).NextBytes(chunk);
        return Enumerable.Repeat(chunk, 20).SelectMany(c => c).ToArray();
    }

    private static byte[] Compress(CompressionType codec, byte[] data)
    {
        var output = new ArrayBufferWriter<byte>();
        RecordCompression.Compress(codec, data, output);
        return output.WrittenSpan.ToArray();
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Decompress_OurCompressedLargeData_RoundTrips(CompressionType codec)
    {
        byte[] data = RepetitiveData();
        var output = new ArrayBufferWriter<byte>();
        output.Write(new byte[] { 0xAA }); // Decompress appends after what is already written
        RecordCompression.Decompress(codec, Compress(codec, data), output);
        Assert.Equal(0xAA, output.WrittenSpan[0]);
        Assert.True(output.WrittenSpan[1..].SequenceEqual(data));
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Decompress_OurCompressedZeros_RoundTripsAtTheHighestRatio(CompressionType codec)
    {
        byte[] zeros = new byte[1 << 20];
        var output = new ArrayBufferWriter<byte>();
        RecordCompression.Decompress(codec, Compress(codec, zeros), output);
        Assert.Equal(zeros.Length, output.WrittenCount);
        Assert.DoesNotContain(output.WrittenSpan.ToArray(), b => b != 0);
    }

    [Fact]
    public void Decompress_RawSnappyOfZeros_PassesTheExpansionBound()
    {
        byte[] zeros = new byte[1 << 20];
        byte[] raw = Snappier.Snappy.CompressToArray(zeros);
        var output = new ArrayBufferWriter<byte>();
        RecordCompression.Decompress(CompressionType.Snappy, raw, output);
        Assert.Equal(zeros.Length, output.WrittenCount);
    }

    [Fact]
    public void Compress_Lz4LargeData_WritesIndependentBlocksKafkaJavaCanDecode()
    {
        // Kafka's Java Lz4BlockInputStream decompresses every block on its own, without the previous block as a
        // dictionary, so the frame must set the block-independence flag and every block must decode alone.
        byte[] data = RepetitiveData();
        ReadOnlySpan<byte> frame = Compress(CompressionType.Lz4, data);

        Assert.Equal(0x184D2204u, BinaryPrimitives.ReadUInt32LittleEndian(frame));
        byte flg = frame[4];
        byte bd = frame[5];
        Assert.True((flg & 0x20) != 0, $"FLG 0x{flg:X2} lacks the block-independence bit");
        int maxBlockSize = 1 << (8 + (2 * ((bd >> 4) & 0x7)));
        int p = 6 + ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0) + 1;
        var decoded = new List<byte>();
        byte[] target = new byte[maxBlockSize];
        int blocks = 0;
        while (true)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(frame[p..]);
            p += 4;
            if (size == 0) break;
            bool stored = (size & 0x8000_0000u) != 0;
            int length = (int)(size & 0x7FFF_FFFFu);
            ReadOnlySpan<byte> block = frame.Slice(p, length);
            if (stored)
            {
                decoded.AddRange(block.ToArray());
            }
            else
            {
                int n = LZ4Codec.Decode(block, target);
                Assert.True(n > 0, $"block {blocks} does not decode on its own");
                decoded.AddRange(target.AsSpan(0, n).ToArray());
            }
            p += length + ((flg & 0x10) != 0 ? 4 : 0);
            blocks++;
        }
        Assert.True(blocks > 1, "the data should span several blocks");
        Assert.True(decoded.ToArray().AsSpan().SequenceEqual(data));
    }

    [Fact]
    public void Compress_Snappy_WritesXerialFramingLikeTheJavaClient()
    {
        byte[] data = RepetitiveData();
        byte[] compressed = Compress(CompressionType.Snappy, data);
        Assert.Equal("82534E41505059000000000100000001", Convert.ToHexString(compressed, 0, 16));
    }

    [Fact]
    public void Decompress_RawSnappyWithoutXerialFraming_Decodes()
    {
        byte[] data = RepetitiveData();
        byte[] raw = Snappier.Snappy.CompressToArray(data);
        var output = new ArrayBufferWriter<byte>();
        RecordCompression.Decompress(CompressionType.Snappy, raw, output);
        Assert.True(output.WrittenSpan.SequenceEqual(data));
    }
}
