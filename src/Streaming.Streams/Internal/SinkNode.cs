using System.Buffers;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Internal;

/// <summary>Serializes records into reused buffers and hands them to the task's collector.</summary>
internal sealed class SinkNode<TKey, TValue>(string name, string? topic, TopicNameExtractor<TKey, TValue>? chooser,
    ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer) : InputNode<TKey, TValue>(name)
{
    private readonly ArrayBufferWriter<byte> _key = new();
    private readonly ArrayBufferWriter<byte> _value = new();
    private StreamTask? _task;

    public override void Init(StreamTask task) => _task = task;

    public override void Process(Record<TKey, TValue> record)
    {
        string target = topic ?? chooser!(record.Key, record.Value, _task!.RecordMetadata);
        _key.ResetWrittenCount();
        _value.ResetWrittenCount();
        bool keyIsNull = record.Key is null;
        bool valueIsNull = record.Value is null;
        if (!keyIsNull) keySerializer.Serialize(record.Key, _key, new SerializationContext(MessageComponentType.Key, target, record.Headers));
        if (!valueIsNull) valueSerializer.Serialize(record.Value, _value, new SerializationContext(MessageComponentType.Value, target, record.Headers));
        _task!.Collector.Send(target, -1, _key.WrittenSpan, keyIsNull, _value.WrittenSpan, valueIsNull, record.Timestamp, record.Headers);
    }
}
