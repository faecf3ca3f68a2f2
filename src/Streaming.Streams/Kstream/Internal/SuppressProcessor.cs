using System.Buffers;
using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// KTable.Suppress (Kafka's KTableSuppressProcessor): buffers the latest update per key, ordered by <c>bufferTime</c> (a window's
/// end for final results, the first update's timestamp for a time limit), and emits the ones whose time is at most the observed
/// stream time (the highest timestamp this processor has seen) minus <c>suppressMs</c>. When the buffer exceeds its bounds it
/// emits the oldest early or fails the task. Final results drop deletions of keys never emitted (safe for windows).
/// </summary>
internal sealed class SuppressProcessor<TKey, TValue>(string name, string storeName, Func<TKey, long, long> bufferTime, long suppressMs, BufferConfig buffer,
    bool finalResults, Serde<TKey> keySerde, Serde<TValue> valueSerde, bool sendOldValues)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>
{
    private readonly ArrayBufferWriter<byte> _writer = new();
    private IProcessorContext<TKey, Change<TValue>>? _context;
    private SuppressBufferStore? _buffer;
    private long _observedStreamTime = -1;
    private string _topic = "";

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        _buffer = context.GetStateStore<SuppressBufferStore>(storeName);
        _topic = InternalNames.Changelog(context.ApplicationId, storeName);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        _observedStreamTime = Math.Max(_observedStreamTime, record.Timestamp);
        byte[] key = Serialize(keySerde.Serializer, record.Key, MessageComponentType.Key);
        byte[]? newValue = record.Value.HasNew ? Serialize(valueSerde.Serializer, record.Value.NewValue, MessageComponentType.Value) : null;
        byte[]? oldValue = record.Value.HasOld ? Serialize(valueSerde.Serializer, record.Value.OldValue, MessageComponentType.Value) : null;
        _buffer!.Put(key, bufferTime(record.Key, record.Timestamp), record.Timestamp, newValue, oldValue);
        EnforceConstraints();
    }

    private void EnforceConstraints()
    {
        long expiryTime = _observedStreamTime - suppressMs;
        while (_buffer!.Count > 0 && _buffer.MinTime <= expiryTime) Emit(_buffer.EvictOldest());
        if (!OverCapacity) return;
        if (buffer.FullBehavior == BufferFullBehavior.ShutDown)
            throw new StreamsException($"suppression '{name}': buffer exceeded its max capacity. Currently [{_buffer.Count}/{buffer.RecordLimit}] records and " +
                $"[{_buffer.SizeBytes}/{buffer.ByteLimit}] bytes");
        while (OverCapacity) Emit(_buffer.EvictOldest());
    }

    private bool OverCapacity => _buffer!.Count > buffer.RecordLimit || _buffer.SizeBytes > buffer.ByteLimit;

    private void Emit(SuppressBufferStore.Entry entry)
    {
        if (entry.NewValue is null && finalResults) return;
        var context = new SerializationContext(MessageComponentType.Key, _topic);
        TKey key = keySerde.Deserializer.Deserialize(entry.Key, false, context);
        TValue newValue = entry.NewValue is null ? default! : valueSerde.Deserializer.Deserialize(entry.NewValue, false, context with { Component = MessageComponentType.Value });
        TValue prior = !sendOldValues || entry.PriorValue is null ? default! : valueSerde.Deserializer.Deserialize(entry.PriorValue, false, context with { Component = MessageComponentType.Value });
        _context!.Forward(new Record<TKey, Change<TValue>>(key, new Change<TValue>(newValue, entry.NewValue is not null, prior, sendOldValues && entry.PriorValue is not null),
            entry.RecordTimestamp));
    }

    private byte[] Serialize<T>(ISerializer<T> serializer, T value, MessageComponentType component)
    {
        _writer.ResetWrittenCount();
        serializer.Serialize(value, _writer, new SerializationContext(component, _topic));
        return _writer.WrittenSpan.ToArray();
    }
}
