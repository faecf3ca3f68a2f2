using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>Stream time shared by both sides of one join in one task, and the oldest record waiting in the outer-join store.</summary>
internal sealed class JoinTimeTracker
{
    public long StreamTime { get; private set; } = -1;

    public long MinTime { get; set; } = long.MaxValue;

    public void Advance(long timestamp) => StreamTime = Math.Max(StreamTime, timestamp);
}

/// <summary>
/// One side of a stream-stream join (Kafka 3.x's KStreamKStreamJoin with the outer-join shared store). A record at t joins the
/// other side's buffered records of its key with timestamps in [t - before, t + after] (this side's view of the windows), each
/// result stamped with the later of the two timestamps. For left/outer joins a record without a partner waits in the shared
/// outer store, keyed [timestamp][side][key], until its window closes (stream time past t + window + grace); a later partner
/// removes it. Records arriving when their window is already closed are emitted unjoined at once. A null value, or a null key
/// on an inner side, is dropped (logged and counted).
/// </summary>
internal sealed class StreamStreamJoinProcessor<TKey, TThis, TOther, TOut>(string name, bool isLeftSide, string otherStoreName, string? outerStoreName,
    bool outer, long joinBeforeMs, long joinAfterMs, JoinWindows windows, Func<TKey, TThis, TOther, TOut> joiner, Serde<TKey> keySerde,
    Serde<TThis> thisSerde, Serde<TOther> otherSerde, ConditionalWeakTable<StreamTask, JoinTimeTracker> trackers)
    : IProcessor<TKey, TThis, TKey, TOut>
{
    private readonly ArrayBufferWriter<byte> _writer = new();
    private IProcessorContext<TKey, TOut>? _context;
    private IWindowStore<TKey, TOther>? _otherStore;
    private IKeyValueStore<byte[], byte[]>? _outerStore;
    private JoinTimeTracker _tracker = new();

    public void Init(IProcessorContext<TKey, TOut> context)
    {
        _context = context;
        _otherStore = context.GetStateStore<IWindowStore<TKey, TOther>>(otherStoreName);
        if (outerStoreName is not null) _outerStore = context.GetStateStore<IKeyValueStore<byte[], byte[]>>(outerStoreName);
        if (context is ITaskContext { Task: { } task }) _tracker = trackers.GetValue(task, static _ => new JoinTimeTracker());
    }

    public void Process(Record<TKey, TThis> record)
    {
        long timestamp = record.Timestamp;
        _tracker.Advance(timestamp);
        if (outer && record.Key is null && record.Value is not null)
        {
            _context!.Forward(new Record<TKey, TOut>(record.Key!, joiner(record.Key!, record.Value, default!), timestamp, record.Headers));
            return;
        }
        if (record.Key is null || record.ValueIsNull)
        {
            DroppedRecords.NullKeyOrValue(_context!, name);
            return;
        }
        if (timestamp == _tracker.StreamTime && _outerStore is not null) EmitNonJoined(record.Headers);

        long from = Math.Max(0, timestamp - joinBeforeMs);
        long to = Math.Max(0, timestamp + joinAfterMs);
        bool matched = false;
        foreach (KeyValuePair<long, TOther> other in _otherStore!.Fetch(record.Key, from, to))
        {
            matched = true;
            // The partner waiting in the outer store (if it is there) has now joined.
            _outerStore?.Delete(OuterKey(other.Key, !isLeftSide, record.Key), out _);
            _context!.Forward(new Record<TKey, TOut>(record.Key, joiner(record.Key, record.Value, other.Value), Math.Max(timestamp, other.Key), record.Headers));
        }
        if (!outer || matched) return;
        if (_outerStore is null || to < _tracker.StreamTime)
        {
            _context!.Forward(new Record<TKey, TOut>(record.Key, joiner(record.Key, record.Value, default!), timestamp, record.Headers));
            return;
        }
        _tracker.MinTime = Math.Min(_tracker.MinTime, timestamp);
        byte[] key = OuterKey(timestamp, isLeftSide, record.Key);
        byte[] value = Serialize(thisSerde.Serializer, record.Value);
        _outerStore.Put(key, _outerStore.TryGet(key, out byte[] list) ? Append(list, value) : Append([], value));
    }

    /// <summary>Emits the waiting records whose windows have closed, oldest first (the store iterates by timestamp).</summary>
    private void EmitNonJoined(Headers headers)
    {
        if (_tracker.MinTime + joinAfterMs + windows.GracePeriodMs >= _tracker.StreamTime) return;
        _tracker.MinTime = long.MaxValue;
        bool leftOpen = false, rightOpen = false;
        List<byte[]>? emitted = null;
        foreach (KeyValuePair<byte[], byte[]> entry in _outerStore!.All())
        {
            long timestamp = BinaryPrimitives.ReadInt64BigEndian(entry.Key);
            bool leftSide = entry.Key[8] == 1;
            _tracker.MinTime = timestamp;
            if (leftOpen && rightOpen) break;
            // A left record waits for right records up to `after` later, a right one for left records up to `before` later.
            if (timestamp + (leftSide ? windows.AfterMs : windows.BeforeMs) + windows.GracePeriodMs >= _tracker.StreamTime)
            {
                if (leftSide) leftOpen = true;
                else rightOpen = true;
                continue;
            }
            TKey key = keySerde.Deserializer.Deserialize(entry.Key.AsSpan(9), false, new SerializationContext(MessageComponentType.Key, outerStoreName!));
            ReadOnlySpan<byte> list = entry.Value;
            while (list.Length > 0)
            {
                int length = BinaryPrimitives.ReadInt32BigEndian(list);
                ReadOnlySpan<byte> bytes = list.Slice(4, length);
                list = list[(4 + length)..];
                var context = new SerializationContext(MessageComponentType.Value, outerStoreName!);
                TOut value = leftSide == isLeftSide
                    ? joiner(key, thisSerde.Deserializer.Deserialize(bytes, false, context), default!)
                    : joiner(key, default!, otherSerde.Deserializer.Deserialize(bytes, false, context));
                _context!.Forward(new Record<TKey, TOut>(key, value, timestamp, headers));
            }
            (emitted ??= []).Add(entry.Key);
        }
        if (emitted is null) return;
        foreach (byte[] key in emitted) _outerStore.Delete(key, out _);
    }

    /// <summary>The outer store's key, as Kafka's TimestampedKeyAndJoinSide: [8-byte timestamp][1 = left, 0 = right][key].</summary>
    private byte[] OuterKey(long timestamp, bool leftSide, TKey key)
    {
        _writer.ResetWrittenCount();
        keySerde.Serializer.Serialize(key, _writer, new SerializationContext(MessageComponentType.Key, outerStoreName ?? ""));
        byte[] bytes = new byte[9 + _writer.WrittenCount];
        BinaryPrimitives.WriteInt64BigEndian(bytes, timestamp);
        bytes[8] = leftSide ? (byte)1 : (byte)0;
        _writer.WrittenSpan.CopyTo(bytes.AsSpan(9));
        return bytes;
    }

    private byte[] Serialize<T>(ISerializer<T> serializer, T value)
    {
        _writer.ResetWrittenCount();
        serializer.Serialize(value, _writer, new SerializationContext(MessageComponentType.Value, outerStoreName ?? ""));
        return _writer.WrittenSpan.ToArray();
    }

    /// <summary>The list of values waiting under one outer key: each as [4-byte length][value].</summary>
    private static byte[] Append(byte[] list, byte[] value)
    {
        byte[] result = new byte[list.Length + 4 + value.Length];
        list.CopyTo(result, 0);
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(list.Length), value.Length);
        value.CopyTo(result, list.Length + 4);
        return result;
    }
}
