using CK = Confluent.Kafka;

namespace Streaming.Kafka.Producer;

/// <summary>A record's size in a v2 batch of its own, as Kafka's producer checks it against <c>max.request.size</c>.</summary>
internal static class RecordSize
{
    /// <summary>The batch header (61 bytes), the record's fixed fields at their largest varint sizes, its data and headers.</summary>
    public static int Estimate(CK.Message<byte[]?, byte[]?> record)
    {
        const int BatchHeader = 61;
        const int RecordFixed = 5 + 1 + 10 + 5 + 5 + 5 + 5; // length, attributes, timestamp delta, offset delta, key/value lengths, header count
        long size = BatchHeader + RecordFixed + (record.Key?.Length ?? 0) + (record.Value?.Length ?? 0);
        if (record.Headers is { } headers)
        {
            foreach (var header in headers)
                size += 10 + System.Text.Encoding.UTF8.GetByteCount(header.Key) + (header.GetValueBytes()?.Length ?? 0);
        }
        return (int)Math.Min(size, int.MaxValue);
    }
}
