using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Protocol.Records;
using Xunit;

namespace Streaming.Protocol.Tests;

/// <summary>Random records through builder → Seal → Validate → RecordReader, and random damage to sealed batches.</summary>
public sealed class RecordBatchPropertyTests
{
    private const long BaseTime = 1_700_000_000_000;

    private static readonly Gen<byte[]?> NullableBytes = Gen.Frequency(
        (1, Gen.Constant<byte[]?>(null)),
        (1, Gen.Constant<byte[]?>([])),
        (4, Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(b => (byte[]?)b)),
        (1, Gen.Choose(128, 400).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n)).Select(b => (byte[]?)b)));

    private static readonly Gen<string> HeaderKeys = Gen.OneOf(
        Gen.Elements("", "traceparent", "content-type", "ключ", "キー", "emoji-\U0001F600"),
        Gen.ArrayOf(Gen.Choose('a', 'z').Select(c => (char)c)).Select(cs => new string(cs)));

    private static readonly Gen<TestHeader> Headers =
        from key in HeaderKeys
        from value in NullableBytes
        select new TestHeader(key, value);

    // Timestamps wander around a base, backwards as well as forwards, with the odd far jump.
    private static readonly Gen<long> Timestamps = Gen.Frequency(
        (6, Gen.Choose(-5_000, 5_000).Select(d => BaseTime + d)),
        (1, Gen.Choose(-1_000_000, 1_000_000).Select(d => BaseTime + (d * 1_000_000L))),
        (1, Gen.Elements(0L, 1L, -1L, BaseTime)));

    private static readonly Gen<TestRecord> Records =
        from timestamp in Timestamps
        from key in NullableBytes
        from value in NullableBytes
        from headerCount in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 4)))
        from headers in Gen.ListOf(Headers, headerCount)
        select new TestRecord(0, timestamp, key, value, headers.ToList());

    private static readonly Gen<List<TestRecord>> Batches =
        Gen.Choose(1, 25).SelectMany(n => Gen.ListOf(Records, n))
            .Select(rs => rs.Select((r, i) => r with { OffsetDelta = i }).ToList());

    private static readonly Gen<CompressionType> Codecs = Gen.Elements(Enum.GetValues<CompressionType>());

    private sealed record Producer(long Id, short Epoch, int BaseSequence, bool Transactional);

    private static readonly Gen<Producer> Producers = Gen.OneOf(
        Gen.Constant(new Producer(-1, -1, -1, false)),
        from id in Gen.Choose(0, int.MaxValue)
        from epoch in Gen.Choose(0, short.MaxValue)
        from sequence in Gen.Choose(0, int.MaxValue)
        from transactional in ArbMap.Default.GeneratorFor<bool>()
        select new Producer(id * 7919L, (short)epoch, sequence, transactional));

    private static readonly Gen<(List<TestRecord> Records, CompressionType Codec, Producer Producer)> SealedInputs =
        from records in Batches
        from codec in Codecs
        from producer in Producers
        select (records, codec, producer);

    private static byte[] Seal((List<TestRecord> Records, CompressionType Codec, Producer Producer) input)
        => BatchCodec.Build(input.Records, input.Codec, input.Producer.Id, input.Producer.Epoch, input.Producer.BaseSequence,
            input.Producer.Transactional);

    [Property(MaxTest = 150)]
    public Property Seal_RandomRecordsAnyCodec_RoundTripsThroughValidateAndRecordReader()
        => Prop.ForAll(SealedInputs.ToArbitrary(), input =>
        {
            byte[] batch = Seal(input);

            var (header, records) = BatchCodec.Decode(batch);

            Assert.Equal(input.Codec, header.Compression);
            Assert.Equal(batch.Length, header.TotalSize);
            Assert.Equal(input.Records.Count, header.RecordsCount);
            Assert.Equal(input.Records.Count - 1, header.LastOffsetDelta);
            Assert.Equal(input.Records[0].Timestamp, header.BaseTimestamp);
            Assert.Equal(input.Records.Max(r => r.Timestamp), header.MaxTimestamp);
            Assert.Equal(input.Producer.Id, header.ProducerId);
            Assert.Equal(input.Producer.Epoch, header.ProducerEpoch);
            Assert.Equal(input.Producer.BaseSequence, header.BaseSequence);
            Assert.Equal(input.Producer.Transactional, header.IsTransactional);
            BatchCodec.AssertSameRecords(input.Records, records);
        });

    [Property(MaxTest = 50)]
    public Property Reset_ReusedBuilder_SecondBatchIsIndependentOfTheFirst()
        => Prop.ForAll(SealedInputs.ToArbitrary(), SealedInputs.ToArbitrary(), (first, second) =>
        {
            using var builder = new RecordBatchBuilder(RecordBatchHeader.Size);
            BatchCodec.Build(builder, first.Records, first.Codec);
            byte[] reused = BatchCodec.Build(builder, second.Records, second.Codec, second.Producer.Id, second.Producer.Epoch,
                second.Producer.BaseSequence, second.Producer.Transactional);

            Assert.Equal(Convert.ToHexString(Seal(second)), Convert.ToHexString(reused));
        });

    [Property(MaxTest = 100)]
    public Property EstimateRecordSize_BeforeAppend_EqualsTheBytesTheRecordAdds()
        => Prop.ForAll(Batches.ToArbitrary(), records =>
        {
            using var builder = new RecordBatchBuilder();
            builder.Reset();
            foreach (TestRecord r in records)
            {
                byte[] headers = BatchCodec.EncodeHeaders(r.Headers);
                int estimate = builder.EstimateRecordSize(r.Timestamp, r.Key?.Length ?? -1, r.Value?.Length ?? -1, r.Headers.Count, headers.Length);
                int before = builder.SizeInBytes;
                builder.Append(r.Timestamp, r.Key, r.Key is null, r.Value, r.Value is null, r.Headers.Count, headers);
                Assert.Equal(estimate, builder.SizeInBytes - before);
            }
            Assert.Equal(records.Count, builder.Count);
            Assert.Equal(builder.SizeInBytes, builder.Seal().Length);
        });

    private static readonly Gen<(byte[] Batch, int Position, byte Mask)> CorruptedInputs =
        from input in SealedInputs
        let batch = Seal(input)
        from position in Gen.Choose(RecordBatchHeader.CrcStart - 4, batch.Length - 1)
        from mask in Gen.Choose(1, 255)
        select (batch, position, (byte)mask);

    [Property(MaxTest = 300)]
    public Property Validate_OneByteChangedUnderTheCrcOrInIt_ReturnsCrcMismatch()
        => Prop.ForAll(CorruptedInputs.ToArbitrary(), t =>
        {
            byte[] corrupted = t.Batch.ToArray();
            corrupted[t.Position] ^= t.Mask;

            BatchValidation result = RecordBatch.Validate(corrupted, out _);

            if (result == BatchValidation.Malformed)
            {
                Assert.True(InSignedCountField(t.Position), $"byte {t.Position} gave Malformed");
                return;
            }
            Assert.Equal(BatchValidation.CrcMismatch, result);
            Assert.Equal(BatchValidation.Valid, RecordBatch.Validate(corrupted, out _, checkCrc: false));
        });

    /// <summary>lastOffsetDelta and recordsCount: a negative value there is reported as Malformed before the CRC is checked.</summary>
    private static bool InSignedCountField(int position)
        => position is >= RecordBatchHeader.LastOffsetDeltaPosition and < RecordBatchHeader.LastOffsetDeltaPosition + 4
            or >= RecordBatchHeader.RecordsCountPosition and < RecordBatchHeader.RecordsCountPosition + 4;

    [Fact]
    public void Validate_EveryByteOfAGoldenBatchFlipped_NeverValid()
    {
        foreach (GoldenCase golden in GoldenBatches.All)
        {
            byte[] batch = golden.Batch.ToArray();
            for (int i = 0; i < batch.Length; i++)
            {
                bool coveredOrStructural = i >= RecordBatchHeader.LengthPosition && i < RecordBatchHeader.PartitionLeaderEpochPosition
                    || i >= RecordBatchHeader.MagicPosition;
                if (!coveredOrStructural) continue; // baseOffset and partitionLeaderEpoch are rewritten by the broker
                foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
                {
                    batch[i] ^= mask;
                    BatchValidation result = RecordBatch.Validate(batch, out _);
                    batch[i] ^= mask;
                    Assert.True(result != BatchValidation.Valid, $"{golden.Name}: byte {i} ^ 0x{mask:X2} still validates");
                    if (i >= RecordBatchHeader.CrcPosition)
                    {
                        BatchValidation expected = result == BatchValidation.Malformed && InSignedCountField(i) ? BatchValidation.Malformed : BatchValidation.CrcMismatch;
                        Assert.True(result == expected, $"{golden.Name}: byte {i} ^ 0x{mask:X2} gave {result}");
                    }
                }
            }
            Assert.Equal(BatchValidation.Valid, RecordBatch.Validate(batch, out _));
        }
    }

    [Fact]
    public void Validate_WrongMagic_ReturnsMalformed()
    {
        byte[] batch = GoldenBatches.Get("three-records").Batch.ToArray();
        foreach (byte magic in new byte[] { 0, 1, 3, 0xFF })
        {
            batch[RecordBatchHeader.MagicPosition] = magic;
            Assert.Equal(BatchValidation.Malformed, RecordBatch.Validate(batch, out _));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(RecordBatchHeader.Size - RecordBatchHeader.LogOverhead - 1)]
    [InlineData(int.MinValue)]
    public void Validate_ImpossibleBatchLength_ReturnsMalformed(int batchLength)
    {
        byte[] batch = GoldenBatches.Get("three-records").Batch.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.LengthPosition), batchLength);
        Assert.Equal(BatchValidation.Malformed, RecordBatch.Validate(batch, out _));
        Assert.Equal(-1, RecordBatch.PeekTotalSize(batch));
    }

    [Fact]
    public void Validate_BatchLengthBeyondTheBuffer_ReturnsTruncated()
    {
        byte[] batch = GoldenBatches.Get("three-records").Batch.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.LengthPosition), int.MaxValue);
        Assert.Equal(BatchValidation.Truncated, RecordBatch.Validate(batch, out _));
    }

    private static readonly Gen<(byte[] Batch, int Keep)> TruncatedInputs =
        from input in SealedInputs
        let batch = Seal(input)
        from keep in Gen.Choose(0, batch.Length - 1)
        select (batch, keep);

    [Property(MaxTest = 200)]
    public Property Validate_AnyProperPrefix_ReturnsTruncated()
        => Prop.ForAll(TruncatedInputs.ToArbitrary(), t =>
            Assert.Equal(BatchValidation.Truncated, RecordBatch.Validate(t.Batch.AsSpan(0, t.Keep), out _)));

    [Fact]
    public void Validate_EveryPrefixOfEveryGoldenBatch_ReturnsTruncated()
    {
        foreach (GoldenCase golden in GoldenBatches.All)
        {
            for (int keep = 0; keep < golden.Batch.Length; keep++)
            {
                BatchValidation result = RecordBatch.Validate(golden.Batch.AsSpan(0, keep), out _);
                Assert.True(result == BatchValidation.Truncated, $"{golden.Name}: {keep}/{golden.Batch.Length} bytes gave {result}");
            }
        }
    }

    [Property(MaxTest = 50)]
    public Property Validate_BatchFollowedByMoreBytes_IsValidAndSizedToItself()
        => Prop.ForAll(SealedInputs.ToArbitrary(), ArbMap.Default.ArbFor<byte[]>(), (input, trailing) =>
        {
            byte[] batch = Seal(input);
            byte[] buffer = [.. batch, .. trailing];
            Assert.Equal(BatchValidation.Valid, RecordBatch.Validate(buffer, out RecordBatchHeader header));
            Assert.Equal(batch.Length, header.TotalSize);
            Assert.Equal(batch.Length, RecordBatch.PeekTotalSize(buffer));
        });
}
