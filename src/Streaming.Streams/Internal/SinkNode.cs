using System.Buffers;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Internal;

/// <summary>Serializes records into reused buffers and hands them to the task's collector.</summary>
internal sealed class SinkNode<TKey, TValue>(string name, string? topic, TopicNameExtractor<TKey, TValue>? chooser,
    ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer, StreamPartitioner<TKey, TValue>? partitioner = null) : InputNode<TKey, TValue>(name)
{
    private readonly ArrayBufferWriter<byte> _key = new();
    private readonly ArrayBufferWriter<byte> _value = new();
    private StreamTask? _task;

    public override void Init(StreamTask task) => _task = task;

    public override void Process(Record<TKey, TValue> record)
    {
        string target = topic ?? chooser!(record.Key, record.Value, _task!.RecordMetadata);
        if (target is null) throw new StreamsException($"the topic chooser of sink '{Name}' returned null");
        _key.ResetWrittenCount();
        _value.ResetWrittenCount();
        bool keyIsNull = record.Key is null;
        bool valueIsNull = record.ValueIsNull;
        if (!keyIsNull) keySerializer.Serialize(record.Key, _key, new SerializationContext(MessageComponentType.Key, target, record.Headers));
        if (!valueIsNull) valueSerializer.Serialize(record.Value, _value, new SerializationContext(MessageComponentType.Value, target, record.Headers));
        int partition = partitioner is null ? -1 : Partition(target, record);
        _task!.Collector.Send(target, partition, _key.WrittenSpan, keyIsNull, _value.WrittenSpan, valueIsNull, record.Timestamp, record.Headers);
    }

    private int Partition(string target, Record<TKey, TValue> record)
    {
        int count = _task!.Collector is ITopicPartitionCounts counts ? counts.PartitionCount(target) : 1;
        int? chosen = partitioner!(target, record.Key, record.Value, count);
        if (chosen is not { } p) return -1;
        if (p < 0 || p >= count)
            throw new StreamsException($"the partitioner of sink '{Name}' chose partition {p} of topic '{target}', which has {count} partitions");
        return p;
    }
}
