using System.Buffers;
using Streaming.Protocol.Records;
using Xunit;

namespace Streaming.Protocol.Tests;

/// <summary>Bytes from the network or a damaged log: every failure must surface as <see cref="CorruptRecordException"/>.</summary>
public sealed class MalformedInputTests
{
    private static readonly RecordBatchHeader ThreeRecords = new() { BaseOffset = 100, BaseTimestamp = 1_700_000_000_000, RecordsCount = 3 };

    private static List<TestRecord> ReadAllOrCorrupt(in RecordBatchHeader header, byte[] records, out Exception? error)
    {
        error = null;
        try
        {
            return BatchCodec.ReadRecords(header, records);
        }
        catch (Exception ex)
        {
            error = ex;
            return [];
        }
    }

    private static void AssertReadsOrThrowsCorrupt(in RecordBatchHeader header, byte[] records)
    {
        ReadAllOrCorrupt(header, records, out Exception? error);
        if (error is not null && error is not CorruptRecordException)
            Assert.Fail($"{error.GetType().Name} instead of CorruptRecordException for {Convert.ToHexString(records)}: {error}");
    }

    private static void AssertThrowsCorrupt(in RecordBatchHeader header, byte[] records)
    {
        ReadAllOrCorrupt(header, records, out Exception? error);
        Assert.True(error is CorruptRecordException,
            $"expected CorruptRecordException for {Convert.ToHexString(records)}, got {error?.GetType().Name ?? "no exception"}: {error}");
    }

    [Theory]
    [InlineData("", "no bytes for the records the header announces")]
    [InlineData("00", "record length 0")]
    [InlineData("01", "record length -1")]
    [InlineData("FFFFFFFFFF", "record length varint runs past 5 bytes")]
    [InlineData("FEFFFFFF0F00", "record length int.MaxValue overflows the bounds check")]
    [InlineData("FCFFFFFF0F00", "record length int.MaxValue - 1")]
    [InlineData("0200", "body of 1 byte: only the attributes")]
    [InlineData("0C0000000300000000", "key length -2")]
    [InlineData("10000000FEFFFFFF0F0000", "key length int.MaxValue overflows the bounds check")]
    [InlineData("10000000FCFFFFFF0F0000", "key length int.MaxValue - 1")]
    [InlineData("1000000000FEFFFFFF0F00", "value length int.MaxValue overflows the bounds check")]
    [InlineData("0C000000000300", "value length -2")]
    [InlineData("0A0000000000", "header count missing")]
    [InlineData("0C0000000000010C0000000000", "header count -1")]
    public void TryRead_MalformedRecord_ThrowsCorruptRecordException(string hex, string because)
    {
        _ = because;
        AssertThrowsCorrupt(ThreeRecords, Convert.FromHexString(hex));
    }

    [Fact]
    public void TryRead_RandomGarbage_ThrowsOnlyCorruptRecordException()
    {
        var random = new Random(20261123);
        for (int i = 0; i < 5_000; i++)
        {
            byte[] garbage = new byte[random.Next(0, 80)];
            random.NextBytes(garbage);
            var header = new RecordBatchHeader { BaseOffset = random.NextInt64(), BaseTimestamp = random.NextInt64(), RecordsCount = random.Next(1, 5) };
            AssertReadsOrThrowsCorrupt(header, garbage);
        }
    }

    [Fact]
    public void TryRead_MutatedValidRecords_ThrowsOnlyCorruptRecordException()
    {
        GoldenCase golden = GoldenBatches.Get("headers");
        var random = new Random(99);
        foreach (GoldenCase c in new[] { golden, GoldenBatches.Get("null-key-null-value-and-empty") })
        {
            RecordBatchHeader header = RecordBatchHeader.Read(c.Batch);
            byte[] records = c.Batch[RecordBatchHeader.Size..];
            for (int i = 0; i < 3_000; i++)
            {
                byte[] mutated = records.ToArray();
                int flips = random.Next(1, 4);
                for (int f = 0; f < flips; f++) mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                AssertReadsOrThrowsCorrupt(header, mutated);
            }
            for (int cut = 0; cut < records.Length; cut++) AssertThrowsCorrupt(header, records[..cut]);
        }
    }

    [Fact]
    public void TryRead_MoreRecordsAnnouncedThanPresent_ThrowsCorruptRecordException()
    {
        GoldenCase golden = GoldenBatches.Get("three-records");
        RecordBatchHeader real = RecordBatchHeader.Read(golden.Batch);
        var header = new RecordBatchHeader { BaseOffset = real.BaseOffset, BaseTimestamp = real.BaseTimestamp, RecordsCount = 4 };
        AssertThrowsCorrupt(header, golden.Batch[RecordBatchHeader.Size..]);
    }

    public static TheoryData<CompressionType> Codecs() => [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

    private static Exception? DecompressError(CompressionType codec, byte[] compressed)
        => Record.Exception(() => RecordCompression.Decompress(codec, compressed, new ArrayBufferWriter<byte>()));

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Decompress_RandomGarbage_ThrowsCorruptRecordException(CompressionType codec)
    {
        var random = new Random((int)codec);
        for (int i = 0; i < 500; i++)
        {
            byte[] garbage = new byte[random.Next(1, 200)];
            random.NextBytes(garbage);
            Exception? error = DecompressError(codec, garbage);
            if (error is not null && error is not CorruptRecordException)
                Assert.Fail($"{codec}: {error.GetType().Name} for {Convert.ToHexString(garbage)}: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Decompress_TextThatIsNotCompressed_ThrowsCorruptRecordException(CompressionType codec)
    {
        Exception? error = DecompressError(codec, "this is plainly not compressed data, whatever the codec says"u8.ToArray());
        Assert.True(error is CorruptRecordException, $"{codec}: expected CorruptRecordException, got {error?.GetType().Name ?? "no exception"}: {error}");
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Decompress_MutatedKafkaPythonData_ThrowsOnlyCorruptRecordException(CompressionType codec)
    {
        GoldenCase golden = GoldenBatches.All.First(c => c.Compression == codec);
        byte[] compressed = golden.Batch[RecordBatchHeader.Size..];
        var random = new Random(1000 + (int)codec);
        for (int i = 0; i < 300; i++)
        {
            byte[] mutated = compressed.ToArray();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            Exception? error = DecompressError(codec, mutated);
            if (error is not null && error is not CorruptRecordException)
                Assert.Fail($"{codec}: {error.GetType().Name} after mutation: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Decompress_TruncatedKafkaPythonData_ThrowsCorruptRecordException(CompressionType codec)
    {
        GoldenCase golden = GoldenBatches.All.First(c => c.Compression == codec);
        byte[] compressed = golden.Batch[RecordBatchHeader.Size..];
        foreach (int cut in new[] { 1, 5, compressed.Length / 3, compressed.Length / 2, compressed.Length - 5, compressed.Length - 1 })
        {
            Exception? error = DecompressError(codec, compressed[..cut]);
            Assert.True(error is CorruptRecordException,
                $"{codec} cut at {cut}/{compressed.Length}: expected CorruptRecordException, got {error?.GetType().Name ?? "no exception"}: {error}");
        }
    }

    [Fact]
    public void Decompress_SnappyClaimingHugeLength_ThrowsCorruptRecordExceptionWithoutAllocating()
    {
        // A raw snappy block whose preamble claims 2^31 - 1 bytes: it must be rejected, not allocated for.
        byte[] bomb = [0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00];
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = DecompressError(CompressionType.Snappy, bomb);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(error is CorruptRecordException, $"expected CorruptRecordException, got {error?.GetType().Name ?? "no exception"}: {error}");
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes for a 6-byte input");
    }

    [Fact]
    public void Decompress_UnknownCodec_ThrowsCorruptRecordException()
        => Assert.Throws<CorruptRecordException>(() => RecordCompression.Decompress((CompressionType)5, [1, 2, 3], new ArrayBufferWriter<byte>()));

    [Fact]
    public void Compress_UnknownCodec_ThrowsCorruptRecordException()
        => Assert.Throws<CorruptRecordException>(() => RecordCompression.Compress((CompressionType)7, [1, 2, 3], new ArrayBufferWriter<byte>()));
}
