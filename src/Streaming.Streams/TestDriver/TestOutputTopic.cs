namespace Streaming.Streams.TestDriver;

/// <summary>Reads what a <see cref="TopologyTestDriver"/> wrote to one topic, oldest first; each record is read once.</summary>
public sealed class TestOutputTopic<TKey, TValue>
{
    private readonly Queue<CapturedRecord> _queue;
    private readonly IDeserializer<TKey> _keyDeserializer;
    private readonly IDeserializer<TValue> _valueDeserializer;

    internal TestOutputTopic(string topic, Queue<CapturedRecord> queue, IDeserializer<TKey> keyDeserializer, IDeserializer<TValue> valueDeserializer)
    {
        Name = topic;
        _queue = queue;
        _keyDeserializer = keyDeserializer;
        _valueDeserializer = valueDeserializer;
    }

    public string Name { get; }

    public bool IsEmpty => _queue.Count == 0;

    public int QueueSize => _queue.Count;

    /// <summary>The next record; a null key or value (tombstone) reads as <c>default</c>. Throws when the topic is empty.</summary>
    public TestRecord<TKey, TValue> ReadRecord()
    {
        if (!_queue.TryDequeue(out CapturedRecord? r)) throw new InvalidOperationException($"topic '{Name}' has no more records");
        TKey key = r.Key is null ? default! : _keyDeserializer.Deserialize(r.Key, false, new SerializationContext(MessageComponentType.Key, Name, r.Headers));
        TValue value = r.Value is null ? default! : _valueDeserializer.Deserialize(r.Value, false, new SerializationContext(MessageComponentType.Value, Name, r.Headers));
        return new TestRecord<TKey, TValue>(key, value, r.Timestamp, r.Headers);
    }

    public KeyValuePair<TKey, TValue> ReadKeyValue()
    {
        TestRecord<TKey, TValue> r = ReadRecord();
        return new(r.Key, r.Value);
    }

    public TValue ReadValue() => ReadRecord().Value;

    public List<TestRecord<TKey, TValue>> ReadRecordsToList()
    {
        var list = new List<TestRecord<TKey, TValue>>(_queue.Count);
        while (!IsEmpty) list.Add(ReadRecord());
        return list;
    }

    public List<KeyValuePair<TKey, TValue>> ReadKeyValuesToList()
    {
        var list = new List<KeyValuePair<TKey, TValue>>(_queue.Count);
        while (!IsEmpty) list.Add(ReadKeyValue());
        return list;
    }
}
