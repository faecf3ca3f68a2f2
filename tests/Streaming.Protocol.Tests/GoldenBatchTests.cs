using Streaming.Protocol.Records;
using Xunit;

namespace Streaming.Protocol.Tests;

/// <summary>Interop with kafka-python: its batches decode with our codec, and ours match its bytes or its content.</summary>
public sealed class GoldenBatchTests
{
    public static TheoryData<string> AllCases() => Names(_ => true);

    public static TheoryData<string> UncompressedCases() => Names(c => c.Compression == CompressionType.None);

    public static TheoryData<string> CompressedCases() => Names(c => c.Compression != CompressionType.None);

    private static TheoryData<string> Names(Func<GoldenCase, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (GoldenCase c in GoldenBatches.All.Where(filter)) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void GoldenFile_Loaded_CoversEveryCodecAndProducerKinds()
    {
        IReadOnlyList<GoldenCase> all = GoldenBatches.All;
        foreach (CompressionType codec in Enum.GetValues<CompressionType>())
            Assert.Contains(all, c => c.Compression == codec);
        Assert.Contains(all, c => c.Transactional);
        Assert.Contains(all, c => c.ProducerId >= 0 && !c.Transactional);
        Assert.Contains(all, c => c.Records.Any(r => r.Key is null) && c.Records.Any(r => r.Value is null));
        Assert.Contains(all, c => c.Records.Any(r => r.Headers.Any(h => h.Value is null)));
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Validate_KafkaPythonBatch_IsValidWithMatchingHeader(string name)
    {
        GoldenCase golden = GoldenBatches.Get(name);

        BatchValidation result = RecordBatch.Validate(golden.Batch, out RecordBatchHeader header);

        Assert.Equal(BatchValidation.Valid, result);
        Assert.Equal(golden.Batch.Length, header.TotalSize);
        Assert.Equal(golden.Batch.Length, RecordBatch.PeekTotalSize(golden.Batch));
        Assert.Equal(0, header.BaseOffset);
        Assert.Equal(RecordBatchHeader.CurrentMagic, header.Magic);
        Assert.Equal(golden.Compression, header.Compression);
        Assert.Equal(golden.Transactional, header.IsTransactional);
        Assert.False(header.IsControl);
        Assert.False(header.IsLogAppendTime);
        Assert.Equal(golden.ProducerId, header.ProducerId);
        Assert.Equal(golden.ProducerEpoch, header.ProducerEpoch);
        Assert.Equal(golden.BaseSequence, header.BaseSequence);
        Assert.Equal(golden.Records.Count, header.RecordsCount);
        Assert.Equal(golden.Records[^1].OffsetDelta, header.LastOffsetDelta);
        Assert.Equal(golden.Records[0].Timestamp, header.BaseTimestamp);
        Assert.Equal(golden.Records.Max(r => r.Timestamp), header.MaxTimestamp);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void RecordReader_KafkaPythonBatch_YieldsTheGoldenRecords(string name)
    {
        GoldenCase golden = GoldenBatches.Get(name);

        var (_, records) = BatchCodec.Decode(golden.Batch);

        BatchCodec.AssertSameRecords(golden.Records, records);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void RecordReader_BaseOffsetRewritten_OffsetsFollowAndBatchStaysValid(string name)
    {
        GoldenCase golden = GoldenBatches.Get(name);
        byte[] batch = golden.Batch.ToArray();

        RecordBatch.WriteBaseOffset(batch, 1_000_000_007);
        RecordBatch.WritePartitionLeaderEpoch(batch, 42);

        Assert.Equal(BatchValidation.Valid, RecordBatch.Validate(batch, out RecordBatchHeader header));
        Assert.Equal(1_000_000_007, RecordBatch.ReadBaseOffset(batch));
        Assert.Equal(42, header.PartitionLeaderEpoch);
        Assert.Equal(1_000_000_007 + golden.Records[^1].OffsetDelta + 1, header.NextOffset);
        var reader = new RecordReader(header, BatchCodec.RecordsSection(batch, header));
        int i = 0;
        while (reader.TryRead(out RecordView view))
            Assert.Equal(1_000_000_007 + golden.Records[i++].OffsetDelta, view.Offset);
        Assert.Equal(golden.Records.Count, i);
    }

    [Theory]
    [MemberData(nameof(UncompressedCases))]
    public void Seal_SameRecordsUncompressed_ProducesKafkaPythonBytes(string name)
    {
        GoldenCase golden = GoldenBatches.Get(name);

        byte[] ours = BatchCodec.Build(golden.Records, CompressionType.None, golden.ProducerId, golden.ProducerEpoch,
            golden.BaseSequence, golden.Transactional);

        // Our builder writes partitionLeaderEpoch -1 like the Java producer; kafka-python writes 0. The CRC does not cover it.
        Assert.Equal(-1, RecordBatchHeader.Read(ours).PartitionLeaderEpoch);
        RecordBatch.WritePartitionLeaderEpoch(ours, 0);
        Assert.Equal(Convert.ToHexString(golden.Batch), Convert.ToHexString(ours));
    }

    [Theory]
    [MemberData(nameof(CompressedCases))]
    public void Seal_SameRecordsCompressed_DecodesToTheGoldenRecords(string name)
    {
        GoldenCase golden = GoldenBatches.Get(name);

        byte[] ours = BatchCodec.Build(golden.Records, golden.Compression, golden.ProducerId, golden.ProducerEpoch,
            golden.BaseSequence, golden.Transactional);

        var (header, records) = BatchCodec.Decode(ours);
        RecordBatchHeader theirs = RecordBatchHeader.Read(golden.Batch);
        Assert.Equal(golden.Compression, header.Compression);
        Assert.Equal(theirs.Attributes, header.Attributes);
        Assert.Equal(theirs.LastOffsetDelta, header.LastOffsetDelta);
        Assert.Equal(theirs.BaseTimestamp, header.BaseTimestamp);
        Assert.Equal(theirs.MaxTimestamp, header.MaxTimestamp);
        Assert.Equal(theirs.RecordsCount, header.RecordsCount);
        Assert.Equal(theirs.ProducerId, header.ProducerId);
        BatchCodec.AssertSameRecords(golden.Records, records);
    }

    [Theory]
    [MemberData(nameof(CompressedCases))]
    public void Decompress_KafkaPythonRecords_EqualOurUncompressedRecordsSection(string name)
    {
        GoldenCase golden = GoldenBatches.Get(name);
        byte[] uncompressed = BatchCodec.Build(golden.Records, CompressionType.None, golden.ProducerId, golden.ProducerEpoch,
            golden.BaseSequence, golden.Transactional);

        byte[] theirs = BatchCodec.RecordsSection(golden.Batch, RecordBatchHeader.Read(golden.Batch));

        Assert.Equal(Convert.ToHexString(uncompressed.AsSpan(RecordBatchHeader.Size)), Convert.ToHexString(theirs));
    }
}
