using System.Buffers;
using System.Text;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Consumer;

/// <summary>
/// The records of one ConsumeBatch on the Kafka transport. Confluent.Kafka hands records out one at a time, each with a
/// ConsumeResult and Message object, and its bytes are valid only during that call: so the keys, values and headers
/// are copied into one reusable arena here, and read back as <see cref="RawRecord"/> spans. Unlike the in-process
/// transport, this is not allocation-free per record — Confluent.Kafka's per-message objects cannot be avoided.
/// </summary>
internal sealed class KafkaConsumedRecords(Action<TopicPartition, long> onRead) : ConsumedRecords
{
    private readonly ArrayBufferWriter<byte> _arena = new(64 * 1024);
    private readonly List<Entry> _entries = [];
    private readonly HashSet<TopicPartition> _dropped = [];
    private int _next;

    public int Count => _entries.Count;

    /// <summary>Forgets every record (the arena is kept for the next batch).</summary>
    public void Clear()
    {
        _arena.ResetWrittenCount();
        _entries.Clear();
        _dropped.Clear();
        _next = 0;
    }

    /// <summary>Copies key or value bytes in; the slot says where they are.</summary>
    public Slot Append(ReadOnlySpan<byte> data, bool isNull)
    {
        if (isNull) return new Slot(0, 0, true);
        int start = _arena.WrittenCount;
        _arena.Write(data);
        return new Slot(start, data.Length, false);
    }

    /// <summary>Adds a consumed record whose key and value were appended; encodes its headers as Kafka records carry them.</summary>
    public void Add(CK.ConsumeResult<Slot, Slot> result)
    {
        int headersStart = _arena.WrittenCount;
        int headerCount = 0;
        if (result.Message.Headers is { } headers)
        {
            foreach (var header in headers)
            {
                WriteField(Encoding.UTF8.GetBytes(header.Key));
                WriteField(header.GetValueBytes());
                headerCount++;
            }
        }
        var tp = new TopicPartition(result.Topic, result.Partition.Value);
        _entries.Add(new Entry(tp, result.Offset.Value, Internal.Conversions.ToStreaming(result.Message.Timestamp), result.Message.Key, result.Message.Value,
            headersStart, _arena.WrittenCount - headersStart, headerCount));
    }

    private void WriteField(byte[]? bytes)
    {
        int length = bytes?.Length ?? -1;
        uint zigzag = (uint)((length << 1) ^ (length >> 31));
        var span = _arena.GetSpan(5);
        int n = 0;
        while (zigzag >= 0x80)
        {
            span[n++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }
        span[n++] = (byte)zigzag;
        _arena.Advance(n);
        if (bytes is not null) _arena.Write(bytes);
    }

    /// <summary>The first record not read yet of each partition (to go back to when the batch is left unfinished).</summary>
    public Dictionary<TopicPartition, long> FirstUnread()
    {
        var result = new Dictionary<TopicPartition, long>();
        for (int i = _next; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (!_dropped.Contains(entry.TopicPartition)) result.TryAdd(entry.TopicPartition, entry.Offset);
        }
        return result;
    }

    /// <summary>Per partition, the offset after the batch's last record: what an at-most-once consumer commits first.</summary>
    public TopicPartitionOffset[] NextOffsets()
    {
        var next = new Dictionary<TopicPartition, long>();
        foreach (var entry in _entries) next[entry.TopicPartition] = Math.Max(next.GetValueOrDefault(entry.TopicPartition), entry.Offset + 1);
        return next.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToArray();
    }

    /// <summary>The first record not read yet of <paramref name="partition"/>, or null.</summary>
    public long? FirstUnread(TopicPartition partition)
    {
        if (_dropped.Contains(partition)) return null;
        for (int i = _next; i < _entries.Count; i++)
            if (_entries[i].TopicPartition == partition) return _entries[i].Offset;
        return null;
    }

    /// <summary>Skips the remaining records of <paramref name="partition"/> (after a seek, pause or revoke).</summary>
    public void Drop(TopicPartition partition) => _dropped.Add(partition);

    public override bool TryReadNext(out RawRecord record)
    {
        while (_next < _entries.Count)
        {
            var e = _entries[_next++];
            if (_dropped.Count > 0 && _dropped.Contains(e.TopicPartition)) continue;
            var arena = _arena.WrittenSpan;
            record = new RawRecord(e.TopicPartition, e.Offset, e.Timestamp,
                e.Key.IsNull ? default : arena.Slice(e.Key.Start, e.Key.Length), e.Key.IsNull,
                e.Value.IsNull ? default : arena.Slice(e.Value.Start, e.Value.Length), e.Value.IsNull,
                new RawHeaders(arena.Slice(e.HeadersStart, e.HeadersLength), e.HeaderCount));
            onRead(e.TopicPartition, e.Offset);
            return true;
        }
        record = default;
        return false;
    }

    private readonly record struct Entry(TopicPartition TopicPartition, long Offset, Timestamp Timestamp, Slot Key, Slot Value,
        int HeadersStart, int HeadersLength, int HeaderCount);
}
