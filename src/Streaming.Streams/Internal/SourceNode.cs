using Streaming.Streams.Processor;

namespace Streaming.Streams.Internal;

/// <summary>Deserializes raw records of its topics, stamps them with their event time and forwards them.</summary>
internal sealed class SourceNode<TKey, TValue>(string name, IDeserializer<TKey> keyDeserializer, IDeserializer<TValue> valueDeserializer,
    TimestampExtractor<TKey, TValue>? extractor) : RuntimeNode(name), IRawSource
{
    private Forwarder<TKey, TValue>? _forwarder;
    private StreamTask? _task;

    public override void Init(StreamTask task)
    {
        _task = task;
        _forwarder = new Forwarder<TKey, TValue>(this, task);
    }

    public void ProcessRaw(string topic, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, long timestamp, Headers headers)
    {
        TKey k;
        TValue v;
        try
        {
            k = keyDeserializer.Deserialize(key, keyIsNull, new SerializationContext(MessageComponentType.Key, topic, headers));
            v = valueDeserializer.Deserialize(value, valueIsNull, new SerializationContext(MessageComponentType.Value, topic, headers));
        }
        catch (Exception ex) when (ex is not StreamsException)
        {
            if (_task!.SkipUndeserializable(topic, ex)) return;
            throw new StreamsException($"source '{Name}' cannot deserialize a record of {topic}[{_task.Partition}] at offset {_task.RecordMetadata?.Offset}: {ex.Message} " +
                $"(the deserialization exception handler {_task.Config.DeserializationExceptionHandler} chose to fail; DeserializationExceptionHandlers.LogAndContinue skips such records)", ex);
        }
        long ts = extractor is null ? timestamp : extractor(k, v, timestamp, _task!.StreamTime);
        if (ts < 0)
            throw new StreamsException($"source '{Name}' got an invalid (negative) timestamp {ts} for a record of topic '{topic}'; use a timestamp extractor that returns valid event times");
        _task!.AdvanceStreamTime(ts);
        _forwarder!.Forward(new Record<TKey, TValue>(k, v, ts, headers));
    }
}
