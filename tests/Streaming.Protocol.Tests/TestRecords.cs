using System.Buffers;
using System.Text;
using Streaming.Protocol.Records;
using Xunit;

namespace Streaming.Protocol.Tests;

/// <summary>A header as tests see it: a null value is distinct from an empty one.</summary>
public sealed record TestHeader(string Key, byte[]? Value)
{
    public override string ToString() => $"{Key}={Hex(Value)}";

    internal static string Hex(byte[]? bytes) => bytes is null ? "null" : "0x" + Convert.ToHexString(bytes);
}

/// <summary>A record as tests see it: owned copies of every part, null kept apart from empty.</summary>
public sealed record TestRecord(long OffsetDelta, long Timestamp, byte[]? Key, byte[]? Value, IReadOnlyList<TestHeader> Headers)
{
    public override string ToString()
        => $"#{OffsetDelta} t={Timestamp} key={TestHeader.Hex(Key)} value={TestHeader.Hex(Value)} headers=[{string.Join(", ", Headers)}]";
}

/// <summary>Builds batches from <see cref="TestRecord"/>s and decodes batches back, the way a producer and a consumer would.</summary>
internal static class BatchCodec
{
    public static byte[] EncodeHeaders(IReadOnlyList<TestHeader> headers)
    {
        int size = headers.Sum(h => RecordHeaders.SizeOf(h.Key, h.Value?.Length ?? -1));
        var buffer = new byte[size];
        int p = 0;
        foreach (TestHeader h in headers) p += RecordHeaders.Write(buffer.AsSpan(p), h.Key, h.Value, h.Value is null);
        Assert.Equal(size, p);
        return buffer;
    }

    /// <summary>Appends <paramref name="records"/> (their OffsetDelta is ignored) and returns a copy of the sealed batch.</summary>
    public static byte[] Build(RecordBatchBuilder builder, IEnumerable<TestRecord> records, CompressionType compression = CompressionType.None,
        long producerId = -1, short producerEpoch = -1, int baseSequence = -1, bool transactional = false)
    {
        builder.Reset(compression, producerId, producerEpoch, baseSequence, transactional);
        foreach (TestRecord r in records)
        {
            byte[] headers = EncodeHeaders(r.Headers);
            builder.Append(r.Timestamp, r.Key, r.Key is null, r.Value, r.Value is null, r.Headers.Count, headers);
        }
        return builder.Seal().ToArray();
    }

    public static byte[] Build(IEnumerable<TestRecord> records, CompressionType compression = CompressionType.None,
        long producerId = -1, short producerEpoch = -1, int baseSequence = -1, bool transactional = false)
    {
        using var builder = new RecordBatchBuilder(RecordBatchHeader.Size);
        return Build(builder, records, compression, producerId, producerEpoch, baseSequence, transactional);
    }

    /// <summary>The uncompressed records section of a valid batch.</summary>
    public static byte[] RecordsSection(ReadOnlySpan<byte> batch, in RecordBatchHeader header)
    {
        ReadOnlySpan<byte> section = batch[RecordBatchHeader.Size..header.TotalSize];
        if (header.Compression == CompressionType.None) return section.ToArray();
        var output = new ArrayBufferWriter<byte>();
        RecordCompression.Decompress(header.Compression, section, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Validates the batch (it must be valid) and reads every record; offsets are returned relative to baseOffset.</summary>
    public static (RecordBatchHeader Header, List<TestRecord> Records) Decode(ReadOnlySpan<byte> batch)
    {
        BatchValidation validation = RecordBatch.Validate(batch, out RecordBatchHeader header);
        Assert.Equal(BatchValidation.Valid, validation);
        return (header, ReadRecords(header, RecordsSection(batch, header)));
    }

    public static List<TestRecord> ReadRecords(in RecordBatchHeader header, ReadOnlySpan<byte> records)
    {
        var result = new List<TestRecord>();
        var reader = new RecordReader(header, records);
        while (reader.TryRead(out RecordView view))
        {
            var headers = new List<TestHeader>();
            ReadOnlySpan<byte> encoded = view.Headers;
            // Header bytes are decoded by the consumer side (Streaming.RawHeaders); here only to compare content.
            for (int h = 0; h < view.HeaderCount; h++)
            {
                if (!Varint.TryReadSigned(encoded, out int keyLength, out int n) || keyLength < 0 || keyLength > encoded.Length - n)
                    throw new CorruptRecordException("header key length is invalid");
                string key = Encoding.UTF8.GetString(encoded.Slice(n, keyLength));
                encoded = encoded[(n + keyLength)..];
                if (!Varint.TryReadSigned(encoded, out int valueLength, out n) || valueLength < -1 || valueLength > encoded.Length - n)
                    throw new CorruptRecordException("header value length is invalid");
                headers.Add(new TestHeader(key, valueLength < 0 ? null : encoded.Slice(n, valueLength).ToArray()));
                encoded = encoded[(n + Math.Max(valueLength, 0))..];
            }
            result.Add(new TestRecord(view.Offset - header.BaseOffset, view.Timestamp,
                view.KeyIsNull ? null : view.Key.ToArray(), view.ValueIsNull ? null : view.Value.ToArray(), headers));
        }
        Assert.Equal(0, reader.Remaining);
        return result;
    }

    /// <summary>Asserts two record lists are equal part by part, null and empty kept apart.</summary>
    public static void AssertSameRecords(IReadOnlyList<TestRecord> expected, IReadOnlyList<TestRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            TestRecord e = expected[i], a = actual[i];
            Assert.True(e.OffsetDelta == a.OffsetDelta, $"record {i}: offsetDelta {a.OffsetDelta} != {e.OffsetDelta}");
            Assert.True(e.Timestamp == a.Timestamp, $"record {i}: timestamp {a.Timestamp} != {e.Timestamp}");
            AssertSameBytes(e.Key, a.Key, $"record {i} key");
            AssertSameBytes(e.Value, a.Value, $"record {i} value");
            Assert.True(e.Headers.Count == a.Headers.Count, $"record {i}: {a.Headers.Count} headers != {e.Headers.Count}");
            for (int h = 0; h < e.Headers.Count; h++)
            {
                Assert.Equal(e.Headers[h].Key, a.Headers[h].Key);
                AssertSameBytes(e.Headers[h].Value, a.Headers[h].Value, $"record {i} header {h} value");
            }
        }
    }

    public static void AssertSameBytes(byte[]? expected, byte[]? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: expected {TestHeader.Hex(expected)}, got {TestHeader.Hex(actual)}");
            return;
        }
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{what}: expected {TestHeader.Hex(expected)}, got {TestHeader.Hex(actual)}");
    }
}
