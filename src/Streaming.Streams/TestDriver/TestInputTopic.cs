using System.Buffers;

namespace Streaming.Streams.TestDriver;

/// <summary>Pipes records into a source topic of a <see cref="TopologyTestDriver"/>; each record is processed before the call returns.</summary>
public sealed class TestInputTopic<TKey, TValue>
{
    private readonly TopologyTestDriver _driver;
    private readonly ISerializer<TKey> _keySerializer;
    private readonly ISerializer<TValue> _valueSerializer;
    private readonly ArrayBufferWriter<byte> _buffer = new();

    internal TestInputTopic(TopologyTestDriver driver, string topic, ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer)
    {
        _driver = driver;
        Name = topic;
        _keySerializer = keySerializer;
        _valueSerializer = valueSerializer;
    }

    public string Name { get; }

    /// <summary>Pipes a record stamped with the driver's current wall-clock time.</summary>
    public void PipeInput(TKey key, TValue value) => PipeInput(key, value, _driver.WallClockTimeMs);

    /// <summary>Pipes a record with event time <paramref name="timestampMs"/> (Unix ms).</summary>
    public void PipeInput(TKey key, TValue value, long timestampMs, Headers? headers = null)
    {
        byte[]? k = Serialize(key, _keySerializer, MessageComponentType.Key, headers);
        byte[]? v = Serialize(value, _valueSerializer, MessageComponentType.Value, headers);
        _driver.PipeRaw(Name, k, v, timestampMs, headers ?? new Headers());
    }

    /// <summary>Pipes a record with event time <paramref name="timestamp"/>.</summary>
    public void PipeInput(TKey key, TValue value, DateTimeOffset timestamp) => PipeInput(key, value, timestamp.ToUnixTimeMilliseconds());

    /// <summary>Pipes records one after another, all with <paramref name="timestampMs"/>.</summary>
    public void PipeKeyValueList(IEnumerable<KeyValuePair<TKey, TValue>> records, long timestampMs)
    {
        foreach (KeyValuePair<TKey, TValue> kv in records) PipeInput(kv.Key, kv.Value, timestampMs);
    }

    private byte[]? Serialize<T>(T data, ISerializer<T> serializer, MessageComponentType component, Headers? headers)
    {
        if (data is null) return null;
        _buffer.ResetWrittenCount();
        serializer.Serialize(data, _buffer, new SerializationContext(component, Name, headers));
        return _buffer.WrittenSpan.ToArray();
    }
}
