using System.Buffers.Binary;
using Streaming.Broker.Internal;

namespace Streaming.Broker.Transactions;

/// <summary>
/// The key and value of a transactional id's record in <c>__transaction_state</c>, laid out as Kafka's TransactionLogKey
/// v0 (version, transactional id) and TransactionLogValue v0 (version, producer id, epoch, timeout, state, partitions by
/// topic, last update and start timestamps). A null value (tombstone) removes the id.
/// </summary>
internal static class TransactionLogRecords
{
    private const short Version = 0;

    public static byte[] EncodeKey(string transactionalId)
    {
        var buffer = new byte[2 + Int16String.SizeOf(transactionalId)];
        BinaryPrimitives.WriteInt16BigEndian(buffer, Version);
        Int16String.Write(buffer.AsSpan(2), transactionalId);
        return buffer;
    }

    public static byte[] EncodeValue(TransactionMetadata metadata)
    {
        var byTopic = metadata.Partitions.GroupBy(p => p.Topic, StringComparer.Ordinal).ToArray();
        int size = 2 + 8 + 2 + 4 + 1 + 4 + 8 + 8;
        foreach (var topic in byTopic) size += Int16String.SizeOf(topic.Key) + 4 + 4 * topic.Count();
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt16BigEndian(span, Version);
        BinaryPrimitives.WriteInt64BigEndian(span[2..], metadata.ProducerId);
        BinaryPrimitives.WriteInt16BigEndian(span[10..], metadata.ProducerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], metadata.TimeoutMs);
        span[16] = (byte)metadata.State;
        BinaryPrimitives.WriteInt32BigEndian(span[17..], byTopic.Length);
        int p = 21;
        foreach (var topic in byTopic)
        {
            p += Int16String.Write(span[p..], topic.Key);
            var partitions = topic.Select(t => t.Partition).Order().ToArray();
            BinaryPrimitives.WriteInt32BigEndian(span[p..], partitions.Length);
            p += 4;
            foreach (int partition in partitions)
            {
                BinaryPrimitives.WriteInt32BigEndian(span[p..], partition);
                p += 4;
            }
        }
        BinaryPrimitives.WriteInt64BigEndian(span[p..], metadata.LastUpdateTimestampMs);
        BinaryPrimitives.WriteInt64BigEndian(span[(p + 8)..], metadata.StartTimestampMs);
        return buffer;
    }

    public static bool TryDecodeKey(ReadOnlySpan<byte> key, out string transactionalId)
    {
        transactionalId = "";
        if (key.Length < 2 || BinaryPrimitives.ReadInt16BigEndian(key) != Version) return false;
        int p = 2;
        return Int16String.TryRead(key, ref p, out transactionalId) && p == key.Length;
    }

    /// <summary>Decodes a value into a fresh metadata object; false when it is malformed or of an unknown version.</summary>
    public static bool TryDecodeValue(string transactionalId, ReadOnlySpan<byte> value, out TransactionMetadata metadata)
    {
        metadata = null!;
        if (value.Length < 21 + 16 || BinaryPrimitives.ReadInt16BigEndian(value) != Version) return false;
        long producerId = BinaryPrimitives.ReadInt64BigEndian(value[2..]);
        short epoch = BinaryPrimitives.ReadInt16BigEndian(value[10..]);
        int timeout = BinaryPrimitives.ReadInt32BigEndian(value[12..]);
        byte state = value[16];
        if (state > (byte)TransactionState.CompleteAbort) return false;
        int topics = BinaryPrimitives.ReadInt32BigEndian(value[17..]);
        if (topics < 0) return false;
        var result = new TransactionMetadata(transactionalId, producerId, epoch, timeout) { State = (TransactionState)state };
        int p = 21;
        for (int i = 0; i < topics; i++)
        {
            if (!Int16String.TryRead(value, ref p, out var topic) || value.Length - p < 4) return false;
            int count = BinaryPrimitives.ReadInt32BigEndian(value[p..]);
            p += 4;
            if (count < 0 || (value.Length - p) / 4 < count) return false;
            for (int j = 0; j < count; j++, p += 4) result.Partitions.Add(new TopicPartition(topic, BinaryPrimitives.ReadInt32BigEndian(value[p..])));
        }
        if (value.Length - p != 16) return false;
        result.LastUpdateTimestampMs = BinaryPrimitives.ReadInt64BigEndian(value[p..]);
        result.StartTimestampMs = BinaryPrimitives.ReadInt64BigEndian(value[(p + 8)..]);
        metadata = result;
        return true;
    }
}
